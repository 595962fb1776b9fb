import type { PerOs } from './host-os';

/** One code's text in the error catalog (errors.ts). */
export interface ErrorText {
  readonly message: string;
  /** What a person can do about it; per OS where the fix differs. */
  readonly hint: string | PerOs;
}

import { z } from 'zod';
import { errorCodes } from '../errors';

/** A request: renderer → main, answered with a Reply. Names are `feature.verb` and are API. */
export interface RequestContract<N extends string, Req extends z.ZodType, Res extends z.ZodType> {
  readonly kind: 'request';
  readonly name: N;
  readonly request: Req;
  readonly response: Res;
}

/** An event: main → renderer, no answer. */
export interface EventContract<N extends string, P extends z.ZodType> {
  readonly kind: 'event';
  readonly name: N;
  readonly payload: P;
}

export function defineRequest<const N extends string, Req extends z.ZodType, Res extends z.ZodType>(
  name: N,
  request: Req,
  response: Res,
): RequestContract<N, Req, Res> {
  return { kind: 'request', name, request, response };
}

export function defineEvent<const N extends string, P extends z.ZodType>(
  name: N,
  payload: P,
): EventContract<N, P> {
  return { kind: 'event', name, payload };
}

/** Indexes contracts by their own name, so a key can never disagree with the name it carries. */
export function byName<const T extends readonly { readonly name: string }[]>(
  ...contracts: T
): { [C in T[number] as C['name']]: C } {
  return Object.fromEntries(contracts.map((c) => [c.name, c])) as { [C in T[number] as C['name']]: C };
}

export const errorDataSchema = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
  hint: z.string(),
});

export type Reply<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: z.infer<typeof errorDataSchema> };

/** The Reply envelope as a schema, for a receiver that validates what it gets. */
export function replySchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: errorDataSchema }),
  ]);
}

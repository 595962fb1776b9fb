import type { Stage } from '../../../shared/board';
import type { ProgramFailureCode } from '../../../shared/program-events';
import type { UsbErrorCode } from '../../usb/usb-error';

/** The facts behind a failure, as the session and the reconnect watcher observed them (diagnosis ranks by them). */
export interface FailureEvidence {
  /** The USB failure underneath, when there was one. */
  readonly usbCode?: UsbErrorCode;
  /** What the board itself said (GetPhase 0xFF text, an `ERROR:` console line, a DFU status). */
  readonly boardText?: string;
  /** For a refused image: what the board takes at that phase instead. */
  readonly expectedImage?: string;
  /** The host's own hint for a refused open (udev rule, WinUSB driver), per OS. */
  readonly openHint?: string;
  /** Port paths of devices that appeared while the board was awaited, none of them matching it. */
  readonly elsewhere?: readonly string[];
  /** The stage the board was in when the failure happened (or that it left). */
  readonly stage?: Stage;
  /** The stage it should have come back in. */
  readonly expectedStage?: Stage;
  /** The stage it came back in instead. */
  readonly returnedStage?: Stage;
  /** The partition being written, when the failure happened during a transfer. */
  readonly partitionId?: number;
  /** The write deadline that passed (a request during which the board writes got no answer in time). */
  readonly writeDeadlineMs?: number;
  /** The failure came while the image just sent was taking over (DFU manifest, after the end of download). */
  readonly duringManifest?: boolean;
  /** Whether the board had a serial number to be matched by. */
  readonly hadSerial?: boolean;
}

/** A run's failure inside the engine: a stable code, a sentence, and the evidence. Turned into the result event. */
export class SessionFailure extends Error {
  override readonly name = 'SessionFailure';
  readonly code: ProgramFailureCode;
  readonly evidence: FailureEvidence;

  constructor(code: ProgramFailureCode, message: string, evidence: FailureEvidence = {}) {
    super(message);
    this.code = code;
    this.evidence = evidence;
  }
}

export function isSessionFailure(error: unknown): error is SessionFailure {
  return error instanceof SessionFailure;
}

import { describe, expect, it } from 'vitest';
import { hintFor } from '../../../shared/errors';
import type { ResultEvent } from '../../../shared/program-events';
import { stDriverInstallCommandLine, stDriverInstallerDefaultPath } from '../../../shared/st-dfu-driver';
import { diagnose } from '../../engine/session/diagnosis';
import { SessionFailure } from '../../engine/session/session-failure';
import { openRefusalCode, openRefusalHint } from '../../usb/libusb/open-refusal-hints';
import { fakeCliIo } from '../fake-cli-io';
import { ProgramTextView } from './program-text-view';

/**
 * What the CLI prints when a run meets a board Windows has no driver for: the libusb backend reads libusb's
 * NOT_SUPPORTED as `no-driver` and attaches DEVICE_NO_DRIVER's hint, which the diagnosis ranks first and the text
 * view prints. (The virtual boards refuse with LIBUSB_ERROR_ACCESS only, so the chain is built here from its parts.)
 */
function printedRun(): string {
  const code = openRefusalCode('not-supported', 'win32');
  const failure = new SessionFailure('DEVICE_UNOPENABLE', 'opening usb-1: LIBUSB_ERROR_NOT_SUPPORTED', {
    usbCode: code,
    openHint: openRefusalHint(code, 'win32'),
  });
  const diagnosis = diagnose({ failure, consoleLines: null, warnings: [], platform: 'win32', soc: 'mp15' });
  const result: ResultEvent = {
    schemaVersion: 1,
    type: 'result',
    ok: false,
    code: diagnosis.code,
    warnings: [],
    partitions: [],
    hints: diagnosis.hints,
    message: diagnosis.message,
    consoleLines: [],
    elapsedMs: 1200,
  };
  const io = fakeCliIo();
  new ProgramTextView(io, { verbose: false, quiet: false }).summary(result);
  return io.out() + io.err();
}

describe('the CLI on a board Windows has no driver for (DEVICE_NO_DRIVER)', () => {
  it('prints the no-driver steps first, with the exact command that runs ST’s installer elevated', () => {
    const said = printedRun();
    expect(said).toContain(`1. ${hintFor('DEVICE_NO_DRIVER', 'win32')}`);
    // Character for character what the app's “Install ST’s DFU driver” shows (for the default folder).
    expect(said).toContain(stDriverInstallCommandLine(stDriverInstallerDefaultPath));
    expect(said).toMatch(
      /From a Command Prompt, for its default folder \(Windows asks for administrator rights\)/,
    );
    expect(said).toMatch(/WinUsb Device/);
    expect(said).toMatch(/Zadig/);
  });
});

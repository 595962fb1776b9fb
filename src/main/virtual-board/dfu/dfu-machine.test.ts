import { describe, expect, it } from 'vitest';
import { dfuRequest, dfuState, dfuStatus } from '../../protocol/dfu';
import type { DfuDialect } from './dfu-dialect';
import { romDialect, tfaDialect, ubootDialect } from './dfu-dialect';
import { DfuMachine } from './dfu-machine';
import type { DfuOutcome, DfuStageHandler } from './dfu-stage-handler';
import { dfuOk } from './dfu-stage-handler';

const refused: DfuOutcome = { ok: false, status: dfuStatus.errUnknown, stall: true };
const block = Uint8Array.of(1, 2, 3, 4);
const none = new Uint8Array(0);

/** A stage that accepts or refuses every block and every manifestation, as told. */
function machine(
  dialect: DfuDialect,
  outcomes: { download?: DfuOutcome; manifest?: DfuOutcome } = {},
): DfuMachine {
  const handler: DfuStageHandler = {
    download: () => Promise.resolve(outcomes.download ?? dfuOk),
    manifest: () => Promise.resolve(outcomes.manifest ?? dfuOk),
    upload: () => Promise.resolve(new Uint8Array(9)),
    detach: () => undefined,
  };
  return new DfuMachine(dialect, handler);
}

async function status(dfu: DfuMachine): Promise<{ state: number; status: number }> {
  const bytes = await dfu.handle(dfuRequest.getStatus, 0, 6, none);
  return { status: bytes[0] ?? -1, state: bytes[4] ?? -1 };
}

describe('DfuMachine against the firmware sources (findings §13)', () => {
  it('U-Boot: SET_INTERFACE after a failed write answers dfuIDLE/OK (f_dfu.c dfu_set_alt resets state and status)', async () => {
    const dfu = machine(ubootDialect, { download: { ...refused, stall: false } });
    await dfu.handle(dfuRequest.dnload, 0, block.length, block);
    expect(await status(dfu)).toEqual({ state: dfuState.dfuError, status: dfuStatus.errUnknown });
    dfu.selectAlternate(1);
    expect(await status(dfu)).toEqual({ state: dfuState.dfuIdle, status: dfuStatus.ok });
  });

  it('TF-A: a refused DNLOAD is STALLed and the state kept, not dfuERROR (usb_dfu.c usb_dfu_download: usb_core_ctl_error only)', async () => {
    const dfu = machine(tfaDialect);
    await dfu.handle(dfuRequest.dnload, 0, block.length, block);
    expect(await status(dfu)).toEqual({ state: dfuState.dfuDnloadSync, status: dfuStatus.ok });
    const refusing = machine(tfaDialect, { download: refused });
    await expect(refusing.handle(dfuRequest.dnload, 0, block.length, block)).rejects.toMatchObject({
      code: 'stall',
    });
    expect(await status(refusing)).toEqual({ state: dfuState.dfuIdle, status: dfuStatus.ok });
  });

  it('TF-A: a refused zero-length DNLOAD leaves dfuMANIFEST-SYNC set before the check, then STALLs (usb_dfu.c usb_dfu_download)', async () => {
    const dfu = machine(tfaDialect, { manifest: refused });
    await dfu.handle(dfuRequest.dnload, 0, block.length, block);
    await status(dfu);
    expect(dfu.state).toBe(dfuState.dfuDnloadIdle);
    await expect(dfu.handle(dfuRequest.dnload, 1, 0, none)).rejects.toMatchObject({ code: 'stall' });
    expect((await dfu.handle(dfuRequest.getState, 0, 1, none))[0]).toBe(dfuState.dfuManifestSync);
    // usb_dfu_get_status in MANIFEST_SYNC: answers dfuMANIFEST, then dfuIDLE.
    expect(await status(dfu)).toEqual({ state: dfuState.dfuManifest, status: dfuStatus.ok });
    expect(await status(dfu)).toEqual({ state: dfuState.dfuIdle, status: dfuStatus.ok });
  });

  it('TF-A: SET_INTERFACE only stores the alt (usb_dfu.c usb_dfu_setup, USB_REQ_SET_INTERFACE); UPLOAD is refused until ABORT', async () => {
    const dfu = machine(tfaDialect, { download: refused });
    const accepting = machine(tfaDialect);
    await accepting.handle(dfuRequest.dnload, 0, block.length, block);
    await status(accepting);
    accepting.selectAlternate(2);
    expect(accepting.alternate).toBe(2);
    expect(accepting.state).toBe(dfuState.dfuDnloadIdle);
    await expect(accepting.handle(dfuRequest.upload, 0, 512, none)).rejects.toMatchObject({ code: 'stall' });
    expect(accepting.state).toBe(dfuState.dfuDnloadIdle);
    await accepting.handle(dfuRequest.abort, 0, 0, none);
    expect((await accepting.handle(dfuRequest.upload, 0, 512, none)).length).toBe(9);
    expect(dfu.state).toBe(dfuState.dfuIdle);
  });

  it('ROM: a late manifestation failure answers dfuMANIFEST/OK, then dfuERROR/errUNKNOWN (model choice romBadFsbl, findings §13)', async () => {
    const dfu = machine(romDialect, {
      manifest: { ok: false, status: dfuStatus.errUnknown, stall: false, afterManifest: true },
    });
    await dfu.handle(dfuRequest.dnload, 0, block.length, block);
    await status(dfu);
    await status(dfu);
    await dfu.handle(dfuRequest.dnload, 1, 0, none);
    expect(await status(dfu)).toEqual({ state: dfuState.dfuManifest, status: dfuStatus.ok });
    expect(await status(dfu)).toEqual({ state: dfuState.dfuError, status: dfuStatus.errUnknown });
    await dfu.handle(dfuRequest.clrStatus, 0, 0, none);
    expect(await status(dfu)).toEqual({ state: dfuState.dfuIdle, status: dfuStatus.ok });
  });

  it('TF-A: ABORT outside the abortable states does nothing and is not STALLed (usb_dfu.c usb_dfu_abort)', async () => {
    const dfu = machine(tfaDialect);
    await dfu.handle(dfuRequest.clrStatus, 0, 0, none);
    expect(await status(dfu)).toEqual({ state: dfuState.dfuError, status: dfuStatus.errUnknown });
    await dfu.handle(dfuRequest.abort, 0, 0, none);
    expect(await status(dfu)).toEqual({ state: dfuState.dfuError, status: dfuStatus.errUnknown });
    const uboot = machine(ubootDialect);
    await uboot.handle(dfuRequest.clrStatus, 0, 0, none).catch(() => undefined);
    await expect(uboot.handle(dfuRequest.abort, 0, 0, none)).rejects.toMatchObject({ code: 'stall' });
  });
});

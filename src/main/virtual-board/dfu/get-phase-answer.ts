import { getPhaseLayout, phaseId, undefinedAddress } from '../../protocol/phase';

/**
 * TF-A's GetPhase answer (spec §3.2, `dfu_callback_upload`), also the model of the ROM's (findings §1):
 * phase, address LE32, offset 0; then `0x01` when phase 0x00 with an undefined address ("send detach
 * request"), or the error text without its trailing newline when phase is 0xFF.
 */
export function tfaGetPhaseAnswer(phase: number, address: number, errorText: string): Uint8Array {
  const head = new Uint8Array(getPhaseLayout.minimumLength);
  const view = new DataView(head.buffer);
  head[getPhaseLayout.phase] = phase;
  view.setUint32(getPhaseLayout.address, address >>> 0, true);
  view.setUint32(getPhaseLayout.offset, 0, true);
  if (phase === phaseId.flashLayout && address === undefinedAddress) return Uint8Array.of(...head, 0x01);
  if (phase === phaseId.reset) {
    const text = Buffer.from(errorText.replace(/\n$/, ''), 'latin1');
    return Uint8Array.of(...head, ...text);
  }
  return head;
}

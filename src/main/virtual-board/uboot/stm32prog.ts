import { getPhaseLayout, phaseDoReset, phaseId, undefinedAddress } from '../../protocol/phase';
import type { StageContext } from '../board/board-stage';
import { stageGapMs } from '../timing/link-model';
import type { DeviceProbe, PlannedDevice } from './device-plan';
import { initDevice, treatPartitionList } from './device-plan';
import { gptPartitionsFor } from './create-gpt';
import { gptGeometry, gptSectors, readGptEntries } from './gpt-image';
import type { LayoutPart } from './layout-part';
import { deviceName, isDelete, isEmpty, isSelected } from './layout-part';
import { parseFlashLayout } from './layout-parser';
import { hostStorageProblem } from '../storage/board-storage';
import { isLegacyImage } from './legacy-script';
import type { UbootBuild } from './uboot-build';

/** DRAM bank 0 by SoC, for `ram` targets. */
const dramStart = { mp15: 0xc0000000, mp13: 0xc0000000, mp25: 0x80000000 } as const;

/**
 * U-Boot's `struct stm32prog_data` and the functions around it ([UB-prog]): the phase, the first error, the
 * parsed layout and its devices. It lives across U-Boot's two enumerations.
 */
export class Stm32prog {
  phase: number = phaseId.flashLayout;
  offset = 0;
  parts: LayoutPart[] = [];
  devices: PlannedDevice[] = [];
  curPart: LayoutPart | null = null;
  /** `data->script`: a legacy image received on the FlashLayout alt, run after the DETACH. */
  script: Uint8Array | null = null;
  readonly build: UbootBuild;
  #error = '';
  readonly #ctx: StageContext;

  constructor(ctx: StageContext, build: UbootBuild) {
    this.#ctx = ctx;
    this.build = build;
  }

  /** `stm32prog_err`: keeps only the first error, sets PHASE_RESET, logs `Error: …`. */
  err(message: string): void {
    if (this.phase === phaseId.reset) return;
    this.#error = message;
    this.phase = phaseId.reset;
    this.#ctx.console.print(`Error: ${message}`);
  }

  /** `stm32prog_get_error`. */
  get error(): string {
    return this.#error.length > 0 ? this.#error : 'Unspecified';
  }

  /** `parse_flash_layout` from `stm32prog_init` (2019: TF-A handed the layout over in DDR). */
  loadLayout(bytes: Uint8Array): void {
    const parsed = parseFlashLayout(bytes);
    if (parsed.ok) this.parts = parsed.parts;
    else if (parsed.error !== null) this.err(parsed.error);
  }

  /**
   * `stm32prog_end_phase` for phase 0x00: the layout arrived on the `@FlashLayout` alt. A U-Boot that runs scripts
   * (ST v2021.10-stm32mp-r1+, upstream v2022.07+) takes any legacy image (its magic alone) as a script and ends the
   * phase; an older one parses it as a layout: v2020.10-stm32mp's `parse_flash_layout(data, STM32_DDR_BASE, 0)`
   * finds no STM32 header, so no size, and answers -EINVAL: `Layout: invalid FlashLayout`, no `received` line.
   */
  receiveLayout(bytes: Uint8Array): void {
    if (isLegacyImage(bytes) && this.#ctx.generation === 'current') {
      if (!this.build.runsScripts) {
        this.err('Layout: invalid FlashLayout');
        return;
      }
      this.script = Uint8Array.from(bytes);
      this.phase = phaseId.end;
      this.#ctx.console.print('U-Boot script received');
      return;
    }
    this.#ctx.console.print('');
    this.#ctx.console.print(`FlashLayout received, size = ${bytes.length}`);
    this.loadLayout(bytes);
    if (this.parts.length === 0) this.err('Layout: invalid FlashLayout');
  }

  /** `stm32prog_next_phase`. */
  nextPhase(): void {
    if (this.phase === phaseId.reset || this.phase === phaseId.end || this.phase === phaseDoReset) return;
    let phase = this.phase;
    this.curPart = null;
    this.phase = phaseId.end;
    this.offset = 0;
    while (++phase <= phaseId.lastUser) {
      const part = this.parts.find((candidate) => candidate.id === phase);
      if (!part) continue;
      if (isSelected(part) && !isEmpty(part)) {
        this.curPart = part;
        this.phase = phase;
        break;
      }
    }
    if (this.phase === phaseId.end) this.#ctx.console.print('Phase=END');
  }

  /** `stm32prog_cmd_read` for GetPhase; reading an error turns PHASE_RESET into PHASE_DO_RESET. */
  getPhase(length: number): Uint8Array {
    const phase = this.phase;
    const head = new Uint8Array(getPhaseLayout.minimumLength);
    const view = new DataView(head.buffer);
    head[0] = phase & 0xff;
    view.setUint32(
      getPhaseLayout.address,
      phase === phaseId.flashLayout ? this.#ctx.soc.ubootLoadAddress : undefinedAddress,
      true,
    );
    view.setUint32(getPhaseLayout.offset, this.offset >>> 0, true);
    if (phase === phaseId.flashLayout) return Uint8Array.of(...head, this.parts.length > 0 ? 1 : 0);
    if (phase === phaseId.reset || phase === phaseDoReset) {
      const text = Buffer.from(this.error, 'latin1').subarray(0, Math.max(0, length - head.length));
      if (phase === phaseId.reset) {
        this.phase = phaseDoReset;
        this.#ctx.console.print('Reset requested');
      }
      return Uint8Array.of(...head, ...text);
    }
    return head;
  }

  /** `stm32prog_devices_init`: plan devices, erase RawImage `D` lines, write GPTs, erase other `D` lines. */
  async devicesInit(): Promise<void> {
    const devices = treatPartitionList(this.parts);
    if (typeof devices === 'string') return this.#initFailed(devices);
    this.devices = devices;
    const probe = this.#probe();
    for (const device of devices) {
      const problem = await initDevice(device, probe);
      if (problem !== null) return this.#initFailed(problem);
    }
    for (const part of this.parts)
      if (part.partType === 'RawImage' && isSelected(part) && isDelete(part) && !(await this.#erase(part)))
        return;
    for (const device of devices)
      if (device.target === 'mmc' && device.fullUpdate && !(await this.#writeGpt(device))) return;
    for (const part of this.parts)
      if (part.partType !== 'RawImage' && isSelected(part) && isDelete(part) && !(await this.#erase(part)))
        return;
  }

  #initFailed(message: string): void {
    this.err(message);
    this.parts = [];
  }

  #probe(): DeviceProbe {
    const storage = this.#ctx.storage;
    return {
      geometry: (name) => {
        // Model choice `memoriesPresent`: SDMMC1..3 (mmc0..mmc2), two NOR (MP25 EV1 says nor1), one NAND and SPI-NAND.
        if (!/^(mmc[0-2](-boot[12])?|nor[01]|nand0|spi-nand0)$/.test(name)) return null;
        if (/^mmc[02]-boot/.test(name)) return null;
        return storage.geometry(name);
      },
      existingGpt: async (name) => {
        const medium = await storage.medium(name);
        const header = await medium.read(gptGeometry.block, gptGeometry.block);
        const entries = await medium.read(2 * gptGeometry.block, gptGeometry.entryBlocks * gptGeometry.block);
        return readGptEntries(header, entries);
      },
      ram: { start: dramStart[this.#ctx.soc.soc], size: this.#ctx.profile.dramMiB * 1024 * 1024 },
    };
  }

  /**
   * Console text per generation: today `partitions on mmcN: ` then `gpt write`'s `Writing GPT: success!`; the
   * 2019 U-Boot printed `partitions : ` and `Writing GPT : success!` (the real UART log, spec §11).
   */
  async #writeGpt(device: PlannedDevice): Promise<boolean> {
    const console = this.#ctx.console;
    const old = this.#ctx.generation === '2019';
    console.write(old ? 'partitions : ' : `partitions on mmc${device.devId}: `);
    const partitions = gptPartitionsFor(device);
    // `create_gpt_partitions` runs `gpt write` only when an entry was added (`if (offset)`): a device holding only
    // RawImage lines or boot areas keeps whatever GPT it had.
    if (partitions.length === 0) {
      console.print('done');
      return true;
    }
    console.write(old ? 'Writing GPT : ' : 'Writing GPT: ');
    const name = deviceName(device.target, device.devId);
    try {
      const medium = await this.#ctx.storage.medium(name);
      const sectors = gptSectors(medium.size, partitions);
      for (const { offset, bytes } of sectors.writes) await medium.write(offset, bytes);
    } catch (error) {
      // The memory file could not be written (the host disk is full): `gpt write` fails as on a failing card and
      // `create_gpt_partitions` records its error (model choice `gptWriteFailure`: the text, not its arguments).
      console.print('error!');
      console.print(hostStorageProblem(this.#ctx.storage.directory, name, error));
      this.#initFailed(`GPT partitionning fail: gpt write mmc ${device.devId}`);
      return false;
    }
    console.print('success!');
    console.print('done');
    return true;
  }

  /**
   * `part_delete`: `Erasing <name> on mmc N: done`, taking the time a real erase takes. A memory file the host
   * cannot change (its disk is full) fails as U-Boot's erase does (`MMC erase failed` / `MTD erase commands
   * failed`), ending the device init; answers whether the erase succeeded.
   */
  async #erase(part: LayoutPart): Promise<boolean> {
    const console = this.#ctx.console;
    console.write(`Erasing ${part.name} `);
    if (part.target === 'ram') {
      console.print('on ram: done');
      return true;
    }
    const name =
      part.target === 'mmc' && part.partId < 0
        ? `mmc${part.devId}-boot${-part.partId}`
        : deviceName(part.target, part.devId);
    console.write(
      part.target === 'mmc' ? `on mmc ${part.devId}: ` : `on ${deviceName(part.target, part.devId)}: `,
    );
    try {
      const medium = await this.#ctx.storage.medium(name);
      await medium.erase(part.partId < 0 ? 0 : part.addr, part.size);
    } catch (error) {
      console.print('');
      console.print(hostStorageProblem(this.#ctx.storage.directory, name, error));
      const hex = part.id.toString(16);
      this.#initFailed(
        part.target === 'mmc'
          ? `${part.name} (0x${hex}): MMC erase failed`
          : `${part.name} (0x${hex}): MTD erase commands failed (mtd erase ${name} 0x${part.addr.toString(16)} 0x${part.size.toString(16)})`,
      );
      return false;
    }
    await this.#ctx.wait(this.#ctx.link.gapMs(part.size / stageGapMs.eraseBytesPerMs));
    console.print('done');
    return true;
  }
}

import type { Soc, Stage } from '../../../shared/board';
import type { ProgramFailureCode, ProgramWarningCode } from '../../../shared/program-events';
import {
  diagnosisHints as text,
  hintFor,
  hostAccessHint,
  virtualMachineHint,
  vmFilterHint,
} from '../../../shared/errors';
import type { VirtualMachine } from '../../../shared/virtual-machine';
import { fastbootAccessHint } from '../../../shared/fastboot-access-hints';
import { socTable } from '../../protocol/soc-table';
import type { SessionFailure } from './session-failure';

/** How many console lines a failed run's report quotes. */
export const quotedConsoleLines = 20;

export interface DiagnosisInput {
  readonly failure: SessionFailure;
  /** The console's last lines; null when no console was open. */
  readonly consoleLines: readonly string[] | null;
  readonly warnings: readonly ProgramWarningCode[];
  readonly platform: NodeJS.Platform;
  readonly soc: Soc | null;
  /** The VM this computer is (host facts); its own fix replaces the generic filter hint and ranks first. */
  readonly virtualMachine?: VirtualMachine;
}

export interface Diagnosis {
  readonly code: ProgramFailureCode;
  readonly message: string;
  /** Most likely first. The last one is always what to do next. */
  readonly hints: string[];
  readonly consoleLines: string[];
}

/** Lines a U-Boot `stm32prog` prints once its gadget is up (spec §6.4, §11), the strongest evidence first. */
const ubootUpPatterns = [/DFU alt info setting: done/, /Writing GPT/, /Boot over usb/];
/** Lines of a board whose firmware crashed (TF-A `PANIC at PC`, a U-Boot or SPL panic, a data abort). */
const panicPattern = /\bPANIC at PC\b|^\s*panic\b|data abort|### ERROR ###/i;
/** Lines of a board that is erasing or writing its partition table before it comes back. */
const workingPattern = /Erasing|Writing GPT|partitions/;

/** The identity a board shows in a stage, as a VM filter or a driver must accept it. */
function identityOf(stage: Stage | undefined, soc: Soc | null): string {
  const id = soc === null ? 'NNN' : socTable[soc].deviceId.toString(16);
  if (stage === 'uboot-layout' || stage === 'uboot-partitions')
    return `0483:df11 "USB download gadget@Device ID /0x${id}, …"`;
  if (stage === 'tfa' || stage === 'tfa-ddr') return `0483:df11 "DFU @Device ID /0x${id}, …"`;
  return `0483:df11 "DFU in HS Mode @Device ID /0x${id}, …"`;
}

/** The catalog's hints, for the stage and SoC a failure was seen in and the VM this computer is. */
function hintsFor(vm: VirtualMachine, vmHints: Set<string>) {
  return {
    ...text,
    vmFilter: (stage: Stage | undefined, soc: Soc | null): string => {
      const own = virtualMachineHint(vm, identityOf(stage, soc));
      if (own === null) return vmFilterHint(identityOf(stage, soc));
      vmHints.add(own);
      return own;
    },
    /** The VM's fix where the generic hint would not be given (none outside a known VM). */
    knownVm: (stage: Stage | undefined, soc: Soc | null): string[] => {
      const own = virtualMachineHint(vm, identityOf(stage, soc));
      if (own === null) return [];
      vmHints.add(own);
      return [own];
    },
  };
}
const hints = hintsFor('none', new Set());

/** Hints observed before the VM's fix: the host could not see any board, or the board was still working. */
const outranksVm: readonly string[] = [text.udevNotRunning, text.stillWorking];

/**
 * In a known VM its fix is the likeliest cause wherever a filter hint was ranked: it goes first, after only what
 * was observed to come before it (no udev daemon, a board still writing).
 */
function vmFirst(ranked: string[], vmHints: ReadonlySet<string>): string[] {
  const own = ranked.filter((hint) => vmHints.has(hint));
  const before = ranked.filter((hint) => outranksVm.includes(hint));
  const rest = ranked.filter((hint) => !vmHints.has(hint) && !outranksVm.includes(hint));
  return own.length === 0 ? ranked : [...before, ...own, ...rest];
}

/** Hints for a failure, ranked by what was observed (the VM's fix still in its generic place). */
function rankedHints(input: DiagnosisInput, hints: ReturnType<typeof hintsFor>): string[] {
  const { failure, consoleLines, platform, soc } = input;
  const { evidence } = failure;
  const stage = evidence.expectedStage ?? evidence.stage;
  const lines = consoleLines ?? [];
  const fullSpeed = input.warnings.includes('LINK_FULL_SPEED') ? [hints.fullSpeed] : [];
  switch (failure.code) {
    case 'DEVICE_NEVER_RETURNED': {
      if (stage === 'uboot-fastboot')
        return [text.fastbootNotBack, hints.vmFilter(stage, soc), fastbootAccessHint(platform), hints.power];
      // The host could not have seen it: say that before any cause on the board's side.
      if (input.warnings.includes('UDEV_NOT_RUNNING'))
        return [hints.udevNotRunning, hints.vmFilter(stage, soc), hints.cable, hints.power];
      const up = ubootUpPatterns.map((pattern) => lines.find((line) => pattern.test(line))).find(Boolean);
      if (up !== undefined)
        return [
          hints.cameBackUnseen(up.trim(), identityOf(stage, soc), platform === 'win32'),
          ...hints.knownVm(stage, soc),
          hostAccessHint(platform),
          ...fullSpeed,
          hints.cable,
          hints.power,
        ];
      const panic = lines.find((line) => panicPattern.test(line));
      if (panic !== undefined)
        return [hints.firmwarePanicked(panic.trim()), hints.power, hints.vmFilter(stage, soc)];
      // The FSBL was started and nothing answered since: the board's side is the suspect before the host's.
      if (consoleLines === null && evidence.stage === 'rom')
        return [hints.fsblNotBack, hints.vmFilter(stage, soc), hints.power, hints.cable];
      if (consoleLines === null)
        return [
          hints.vmFilter(stage, soc),
          hostAccessHint(platform),
          ...fullSpeed,
          hints.cable,
          hints.power,
          hints.console,
        ];
      if (lines.some((line) => workingPattern.test(line)))
        return [hints.stillWorking, hints.vmFilter(stage, soc), hints.power];
      return [hints.power, hints.bootSwitches, hints.vmFilter(stage, soc), ...fullSpeed, hints.cable];
    }
    case 'DEVICE_NEVER_DETACHED':
      return [hints.neverDetached, ...(consoleLines === null ? [hints.console] : []), hints.cable];
    case 'DEVICE_RETURNED_UNOPENABLE':
      return [evidence.openHint ?? hostAccessHint(platform), hints.vmFilter(stage, soc)];
    case 'DEVICE_RETURNED_ELSEWHERE':
      return [
        hints.returnedElsewhere(evidence.elsewhere ?? []),
        hints.vmFilter(stage, soc),
        ...fullSpeed,
        hints.cable,
      ];
    case 'DEVICE_AMBIGUOUS':
      return [hints.ambiguous];
    case 'DEVICE_UNIDENTIFIED':
      return [hints.unidentified, ...(consoleLines === null ? [hints.console] : [])];
    case 'DEVICE_RESET':
      return [
        hints.wasReset(evidence.returnedStage, evidence.expectedStage),
        hints.cable,
        hints.bootSwitches,
      ];
    case 'DEVICE_UNPLUGGED':
      return [hints.cable, hints.power, ...fullSpeed];
    case 'DEVICE_ERROR_STATUS':
      return [
        ...(/Couldn't find part/.test(evidence.boardText ?? '') ? [hints.noPartitionTable] : []),
        hints.errorStatus(evidence.boardText),
        ...(consoleLines === null ? [hints.console] : []),
      ];
    case 'DEVICE_REFUSED_IMAGE':
      return [
        hints.refusedImage(evidence.boardText),
        evidence.expectedImage ?? hintFor(failure.code, platform),
      ];
    case 'DEVICE_TRANSFER_ERROR':
      if (evidence.duringManifest === true && evidence.usbCode === 'stall')
        return [
          hints.manifestStall(evidence.boardText ?? 'stall'),
          ...(consoleLines === null ? [hints.console] : []),
          hints.power,
        ];
      if (evidence.writeDeadlineMs !== undefined)
        return [
          hints.writeDeadline(evidence.writeDeadlineMs),
          ...(consoleLines === null ? [hints.console] : []),
          hints.power,
        ];
      return [hints.cable, hints.power, ...fullSpeed];
    case 'DEVICE_UNOPENABLE':
      return [evidence.openHint ?? hostAccessHint(platform), hints.vmFilter('rom', soc)];
    case 'DEVICE_NOT_FOUND':
      return [hints.bootSwitches, hints.cable, hints.vmFilter('rom', soc), hostAccessHint(platform)];
    case 'LAYOUT_SOC_MISMATCH':
      return [hints.socMismatch];
    case 'BOARD_NEEDS_RESET':
      return [hints.needsReset];
    default:
      return [hintFor(failure.code, platform)];
  }
}

/** The code, a sentence, ranked hints ending with what to do next, and the console lines to quote. */
export function diagnose(input: DiagnosisInput): Diagnosis {
  const { code } = input.failure;
  const vmHints = new Set<string>();
  const own = vmFirst(rankedHints(input, hintsFor(input.virtualMachine ?? 'none', vmHints)), vmHints);
  // One reset instruction per report: a code whose own hint already says to reset gets no second one.
  const saysReset = own.some((hint) => /^Reset the board\b/.test(hint));
  const next =
    code === 'LAYOUT_SOC_MISMATCH' || saysReset
      ? []
      : code === 'DEVICE_REFUSED_IMAGE'
        ? [hints.resetWithOtherImages]
        : [hints.resetAndRetry];
  const ranked = [...new Set([...own, ...next])];
  return {
    code: input.failure.code,
    message: input.failure.message,
    hints: ranked,
    consoleLines: (input.consoleLines ?? []).slice(-quotedConsoleLines),
  };
}

/** What to do after a successful run, from the memories the layout wrote. */
export function successHints(memories: readonly string[]): string[] {
  const boot = memories.find((memory) => /^(mmc|nor|nand|spi-nand)/.test(memory));
  const where =
    boot === undefined
      ? 'the memory you programmed'
      : boot.startsWith('mmc0')
        ? 'the SD card (DK1/DK2: BOOT0 and BOOT2 on)'
        : boot.startsWith('mmc')
          ? 'eMMC'
          : boot.toUpperCase().replace(/\d+$/, '');
  return [hints.bootFrom(where)];
}

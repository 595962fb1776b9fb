import type { Soc, Stage } from '../../../shared/board';
import type { ProgramFailureCode, ProgramWarningCode } from '../../../shared/program-events';
import { hintFor } from '../../../shared/errors';
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
}

export interface Diagnosis {
  readonly code: ProgramFailureCode;
  readonly message: string;
  /** Most likely first. The last one is always what to do next. */
  readonly hints: string[];
  readonly consoleLines: string[];
}

const resetAndRetry =
  'Reset the board (reset button or power cycle, boot switches on USB), then program again.';
/** After a refused image the board is fine: only the images change (no power or cable advice). */
const resetWithOtherImages =
  'Reset the board (reset button, boot switches on USB), then program again with the images the board takes.';

/** Lines a U-Boot `stm32prog` prints once its gadget is up (spec §6.4, §11), the strongest evidence first. */
const ubootUpPatterns = [/DFU alt info setting: done/, /Writing GPT/, /Boot over usb/];
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

function driverHint(platform: NodeJS.Platform): string {
  if (platform === 'win32')
    return 'On Windows, bind the WinUSB driver to the board in each stage (every stage is a new device to Windows): ST’s STM32 DFU driver or Zadig.';
  if (platform === 'linux')
    return 'On Linux, allow your user to open 0483:df11: /etc/udev/rules.d/70-stm32mp-flasher.rules with SUBSYSTEM=="usb", ATTRS{idVendor}=="0483", ATTRS{idProduct}=="df11", TAG+="uaccess", then `sudo udevadm control --reload-rules && sudo udevadm trigger`.';
  return 'Check that no other program (STM32CubeProgrammer, dfu-util) holds the board.';
}

const hints = {
  vmFilter: (stage: Stage | undefined, soc: Soc | null): string =>
    `If this computer is a virtual machine (or the board goes through USB passthrough), its USB filter must take 0483:df11 in every stage: the board comes back as a new device, ${identityOf(stage, soc)}. Add a filter for vendor 0483, product df11, any name and revision.`,
  power:
    'Power the board from a 5 V / 3 A supply: a weak supply (a PC port, a thin cable) resets or stalls it under load.',
  cable:
    'Use a short data cable straight into a port of the computer (no hub, no front-panel or monitor port).',
  bootSwitches: 'Check the boot switches select USB (serial) boot, so the ROM code waits for the host.',
  console:
    'Open the board’s console (--console <port>, the ST-Link virtual COM port) to see what it does at this step.',
  fullSpeed:
    'The link runs at Full Speed (12 Mbit/s) though the board does High Speed: a USB 1.1 port, a hub or a virtual machine’s USB controller is in the way, and each stage change is slower to be seen.',
};

/** Hints for a failure, ranked by what was observed. */
function rankedHints(input: DiagnosisInput): string[] {
  const { failure, consoleLines, platform, soc } = input;
  const { evidence } = failure;
  const stage = evidence.expectedStage ?? evidence.stage;
  const lines = consoleLines ?? [];
  const fullSpeed = input.warnings.includes('LINK_FULL_SPEED') ? [hints.fullSpeed] : [];
  switch (failure.code) {
    case 'DEVICE_NEVER_RETURNED': {
      const up = ubootUpPatterns.map((pattern) => lines.find((line) => pattern.test(line))).find(Boolean);
      if (up !== undefined)
        return [
          `The board did come back: its console shows U-Boot set up its DFU alternates ("${up.trim()}"), yet this computer never saw it on USB. The USB filter of the virtual machine, or the driver, does not take the board’s new identity, ${identityOf(stage, soc)}: add a filter for 0483:df11 with any name and revision${platform === 'win32' ? ', and bind WinUSB to the new identity' : ''}.`,
          driverHint(platform),
          ...fullSpeed,
          hints.cable,
          hints.power,
        ];
      if (consoleLines === null)
        return [
          hints.vmFilter(stage, soc),
          driverHint(platform),
          ...fullSpeed,
          hints.cable,
          hints.power,
          hints.console,
        ];
      if (lines.some((line) => workingPattern.test(line)))
        return [
          'The board was still erasing or writing when the deadline passed: raise --reconnect-timeout (e.g. 120000).',
          hints.vmFilter(stage, soc),
          hints.power,
        ];
      return [hints.power, hints.bootSwitches, hints.vmFilter(stage, soc), ...fullSpeed, hints.cable];
    }
    case 'DEVICE_NEVER_DETACHED':
      return [
        'The board kept running its stage after DETACH: its firmware does not leave on DETACH (an old or modified TF-A or U-Boot), or it is stuck; its console may say which.',
        ...(consoleLines === null ? [hints.console] : []),
        hints.cable,
      ];
    case 'DEVICE_RETURNED_UNOPENABLE':
      return [evidence.openHint ?? driverHint(platform), hints.vmFilter(stage, soc)];
    case 'DEVICE_RETURNED_ELSEWHERE':
      return [
        `The board has no serial number, so it is recognised by its USB port; a board came back on ${(evidence.elsewhere ?? []).join(', ')} instead. Keep it on one port (no hub that renumbers), program one board at a time, or give it a serial (OTP).`,
        hints.vmFilter(stage, soc),
        ...fullSpeed,
        hints.cable,
      ];
    case 'DEVICE_AMBIGUOUS':
      return [
        'Several boards without serial numbers came back at once and cannot be told apart: program them one at a time (unplug the others, or pass --device).',
      ];
    case 'DEVICE_RESET':
      return [
        `The board came back in the ${evidence.returnedStage ?? 'ROM'} stage instead of ${evidence.expectedStage ?? 'the next one'}: it was reset. ${hints.power}`,
        hints.cable,
        hints.bootSwitches,
      ];
    case 'DEVICE_UNPLUGGED':
      return [hints.cable, hints.power, ...fullSpeed];
    case 'DEVICE_ERROR_STATUS':
      return [
        `The board reported: "${evidence.boardText ?? 'an error'}". Its console usually says more; check the partition fits its memory and the memory is there.`,
        ...(consoleLines === null ? [hints.console] : []),
      ];
    case 'DEVICE_REFUSED_IMAGE':
      return [
        `The board refused the image and said: "${evidence.boardText ?? 'nothing more'}".`,
        evidence.expectedImage ?? hintFor(failure.code, platform),
      ];
    case 'DEVICE_TRANSFER_ERROR':
      if (evidence.writeDeadlineMs !== undefined)
        return [
          `The board was still writing to its memory (or stuck) when the write deadline of ${evidence.writeDeadlineMs / 1000} s passed: raise it with --write-timeout (e.g. ${Math.max(600_000, evidence.writeDeadlineMs * 2)}) for a slow memory or a large erase.`,
          ...(consoleLines === null ? [hints.console] : []),
          hints.power,
        ];
      return [hints.cable, hints.power, ...fullSpeed];
    case 'DEVICE_UNOPENABLE':
      return [evidence.openHint ?? driverHint(platform), hints.vmFilter('rom', soc)];
    case 'DEVICE_NOT_FOUND':
      return [hints.bootSwitches, hints.cable, hints.vmFilter('rom', soc), driverHint(platform)];
    case 'LAYOUT_SOC_MISMATCH':
      return [
        'Pick the FlashLayout made for this board’s SoC (its file name names it, e.g. stm32mp157…, stm32mp135…, stm32mp257…).',
      ];
    case 'BOARD_NEEDS_RESET':
      return [
        'The board is left from an earlier run (another layout, or an error): it must start again from its ROM code.',
      ];
    default:
      return [hintFor(failure.code, platform)];
  }
}

/** The code, a sentence, ranked hints ending with what to do next, and the console lines to quote. */
export function diagnose(input: DiagnosisInput): Diagnosis {
  const { code } = input.failure;
  const next =
    code === 'LAYOUT_SOC_MISMATCH'
      ? []
      : code === 'DEVICE_REFUSED_IMAGE'
        ? [resetWithOtherImages]
        : [resetAndRetry];
  const ranked = [...new Set([...rankedHints(input), ...next])];
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
  return [`Set the boot switches to boot from ${where}, then reset the board.`];
}

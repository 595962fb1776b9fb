import type { Stage } from '../../../shared/board';

/** How the stages read on screen and in a report. */
export const stageNames: Record<Stage, string> = {
  rom: 'ROM',
  'tfa-ddr': 'TF-A (DDR set-up)',
  tfa: 'TF-A',
  'uboot-layout': 'U-Boot: layout',
  'uboot-partitions': 'U-Boot: partitions',
  'uboot-fastboot': 'U-Boot: fastboot',
  done: 'Done',
};

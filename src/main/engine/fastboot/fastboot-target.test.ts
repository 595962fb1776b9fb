import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFlashLayout } from '../layout/parse-flash-layout';
import { fixturesDir } from '../layout/test-support/layout-images';
import { fastbootTarget } from './fastboot-target';

const layoutOf = (name: string) => parseFlashLayout(readFileSync(join(fixturesDir, name))).layout;

describe('fastbootTarget', () => {
  it('eMMC (157C-EV1): boot areas as mmc1boot0/1 with bootbus and partconf after, GPT partitions by name', () => {
    const layout = layoutOf('stm32mp157c-ev1-emmc-trusted-meta-st.tsv');
    const targets = layout.partitions.map((partition) => [partition.name, fastbootTarget(partition, 'mmc1')]);
    expect(targets).toEqual([
      ['fsbl1-boot', null],
      ['ssbl-boot', null],
      ['fsbl1', { partition: 'mmc1boot0', after: ['bootbus:0 0 0', 'partconf:1 1'] }],
      ['fsbl2', { partition: 'mmc1boot1', after: ['bootbus:0 0 0', 'partconf:1 2'] }],
      ['ssbl', { partition: 'ssbl', after: [] }],
      ['bootfs', { partition: 'bootfs', after: [] }],
      ['vendorfs', { partition: 'vendorfs', after: [] }],
      ['rootfs', { partition: 'rootfs', after: [] }],
      ['userfs', { partition: 'userfs', after: [] }],
    ]);
  });

  it('leaves out lines of another memory and RawImage lines', () => {
    const nor = layoutOf('stm32mp157c-ev1-nor-sdcard-fip-meta-st.tsv');
    const onMmc0 = nor.partitions.filter((partition) => fastbootTarget(partition, 'mmc0') !== null);
    expect(onMmc0.map((partition) => partition.name)).toEqual(['boot', 'vendorfs', 'rootfs', 'userfs']);
    const raw = layoutOf('stm32mp257f-ev1-emmc-openbmc.tsv');
    expect(raw.partitions.find((partition) => partition.name === 'raw')).toBeDefined();
    expect(
      fastbootTarget(
        raw.partitions.find((partition) => partition.name === 'raw')!,
        'mmc1',
      ),
    ).toBeNull();
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFlashLayout } from '../layout/parse-flash-layout';
import { fixturesDir } from '../layout/test-support/layout-images';
import { fastbootScript, gptEntries } from './fastboot-script';

const fixture = (name: string) => parseFlashLayout(readFileSync(join(fixturesDir, name))).layout;
const layoutOf = (text: string) => parseFlashLayout(text).layout;

const reserved = '8DA63339-0007-60C0-C436-083AC8230908';
const fip = '19D5DF83-11B0-457B-BE2C-7559C13142A5';

describe('fastbootScript on the real fixtures', () => {
  it('eMMC (157C-EV1 meta-st): boot areas and none lines left out, bootable System, rootfs with mmc1’s UUID', () => {
    expect(fastbootScript(fixture('stm32mp157c-ev1-emmc-trusted-meta-st.tsv'), 'mmc1')).toBe(
      'env set partitions "' +
        `name=ssbl,start=0x80000,size=0x200000,type=${reserved};` +
        'name=bootfs,start=0x280000,size=0x4000000,type=linux,bootable;' +
        'name=vendorfs,start=0x4280000,size=0x1000000,type=linux;' +
        'name=rootfs,start=0x5280000,size=0x2ea00000,type=linux,uuid=491f6117-415d-4f53-88c9-6e0de54deac6;' +
        'name=userfs,start=0x33c80000,size=-,type=linux;' +
        '"\nfastboot usb 0\n',
    );
  });

  it('SD card with FWU (157F-EV1): FIP type and fip-a/fip-b UUIDs, rootfs with mmc0’s UUID, sizes over 4 GiB', () => {
    const entries = gptEntries(fixture('stm32mp157f-ev1-sdcard-fwu-optee-meta-st.tsv'), 'mmc0');
    expect(entries.map((entry) => entry.name)).toEqual([
      'fsbl1',
      'fsbl2',
      'metadata1',
      'metadata2',
      'fip-a',
      'fip-b',
      'u-boot-env',
      'bootfs',
      'vendorfs',
      'rootfs',
      'userfs',
    ]);
    expect(entries.find((entry) => entry.name === 'fip-b')).toEqual({
      name: 'fip-b',
      start: 0x504400n,
      size: 0x400000n,
      type: fip,
      bootable: false,
      uuid: '09c54952-d5bf-45af-acee-335303766fb3',
    });
    expect(entries.find((entry) => entry.name === 'rootfs')).toMatchObject({
      size: 0x100000000n,
      uuid: 'e91c4e10-16e6-4c0e-bd0e-77becf4a3582',
    });
    expect(entries.at(-1)).toMatchObject({ name: 'userfs', size: null });
  });

  it('FWU_MDATA gets its own type GUID (157D-DK1)', () => {
    const entries = gptEntries(fixture('stm32mp157d-dk1-sdcard-optee-fwu-mdata.tsv'), 'mmc0');
    expect(entries.find((entry) => entry.name === 'metadata1')?.type).toBe(
      '8a7a84a0-8387-40f6-ab41-a8b9a5a60d23',
    );
  });

  it('a layout with only a RawImage on the device has nothing to partition', () => {
    expect(() => fastbootScript(fixture('stm32mp257f-ev1-emmc-openbmc.tsv'), 'mmc1')).toThrow(RangeError);
  });
});

describe('fastbootScript rules (stm32prog.c create_gpt_partitions)', () => {
  const header = '#Opt\tId\tName\tType\tIP\tOffset\tBinary\n';

  it('sorts by offset, keeps only the device’s lines, types ENV and ESP by name, gives only the first rootfs a UUID', () => {
    const layout = layoutOf(
      header +
        'P\t0x21\trootfs-a\tFileSystem\tmmc2\t0x00100000\ta.ext4\n' +
        'P\t0x22\tenv\tENV\tmmc2\t0x00080000\tenv.bin\n' +
        'P\t0x23\trootfs\tFileSystem\tmmc2\t0x00200000\tb.ext4\n' +
        'P\t0x24\tesp\tESP\tmmc2\t0x00300000\tesp.vfat\n' +
        'P\t0x25\tother\tFileSystem\tmmc0\t0x00300000\tc.ext4\n',
    );
    expect(fastbootScript(layout, 'mmc2')).toBe(
      'env set partitions "' +
        'name=env,start=0x80000,size=0x80000,type=u-boot-env;' +
        'name=rootfs-a,start=0x100000,size=0x100000,type=linux,uuid=fd58f1c7-be0d-4338-88e9-ad8f050aeb18;' +
        'name=rootfs,start=0x200000,size=0x100000,type=linux;' +
        'name=esp,start=0x300000,size=-,type=system;' +
        '"\nfastboot usb 0\n',
    );
  });
});

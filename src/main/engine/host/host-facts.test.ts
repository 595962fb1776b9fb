import { describe, expect, it } from 'vitest';
import { readHostFacts, type HostFactsIo } from './host-facts';
import { detectVirtualMachine } from './virtual-machine';

function io(
  platform: NodeJS.Platform,
  files: Record<string, string>,
  commands: Record<string, string> = {},
  env: Record<string, string> = {},
): HostFactsIo {
  return {
    platform,
    env,
    readFile: async (path) => {
      const text = files[path];
      if (text === undefined) throw new Error(`ENOENT: ${path}`);
      return text;
    },
    run: async (command, args) => {
      const output = commands[[command, ...args].join(' ')];
      if (output === undefined) throw new Error(`not found: ${command}`);
      return output;
    },
  };
}

describe('readHostFacts', () => {
  it('reads Linux DMI files (with their trailing newline) and the cpuinfo hypervisor flag', async () => {
    const facts = await readHostFacts(
      io('linux', {
        '/sys/class/dmi/id/sys_vendor': 'innotek GmbH\n',
        '/sys/class/dmi/id/product_name': 'VirtualBox\n',
        '/proc/cpuinfo': 'processor\t: 0\nflags\t\t: fpu vme de pse tsc msr pae hypervisor lahf_lm\n',
      }),
    );
    expect(facts).toMatchObject({
      sysVendor: 'innotek GmbH',
      productName: 'VirtualBox',
      hypervisorFlag: true,
    });
    expect(detectVirtualMachine(facts)).toBe('virtualbox');
  });

  it('finds WSL from /proc/sys/kernel/osrelease or WSL_DISTRO_NAME', async () => {
    const kernel = io('linux', { '/proc/sys/kernel/osrelease': '5.15.153.1-microsoft-standard-WSL2\n' });
    expect(detectVirtualMachine(await readHostFacts(kernel))).toBe('wsl2');
    const env = io('linux', {}, {}, { WSL_DISTRO_NAME: 'Ubuntu' });
    expect(detectVirtualMachine(await readHostFacts(env))).toBe('wsl2');
  });

  it('reads Windows Manufacturer and Model from PowerShell, else from wmic', async () => {
    // Get-CimInstance Win32_ComputerSystem | Format-List Manufacturer,Model on a Hyper-V guest.
    const powershell = io(
      'win32',
      {},
      {
        'powershell.exe -NoProfile -NonInteractive -Command Get-CimInstance Win32_ComputerSystem | Format-List Manufacturer,Model':
          '\r\n\r\nManufacturer : Microsoft Corporation\r\nModel        : Virtual Machine\r\n\r\n\r\n',
      },
    );
    expect(detectVirtualMachine(await readHostFacts(powershell))).toBe('hyperv');
    // `wmic computersystem get Manufacturer,Model /format:list` ends its lines with \r\r\n.
    const wmic = io(
      'win32',
      {},
      {
        'wmic computersystem get Manufacturer,Model /format:list':
          '\r\r\n\r\r\nManufacturer=VMware, Inc.\r\r\nModel=VMware7,1\r\r\n\r\r\n\r\r\n',
      },
    );
    expect(await readHostFacts(wmic)).toMatchObject({ sysVendor: 'VMware, Inc.', productName: 'VMware7,1' });
    expect(detectVirtualMachine(await readHostFacts(wmic))).toBe('vmware');
  });

  it('reads macOS sysctl: a hypervisor present but unnamed is unknown, a Mac model alone is none', async () => {
    const vm = io(
      'darwin',
      {},
      { 'sysctl -n kern.hv_vmm_present': '1\n', 'sysctl -n hw.model': 'VirtualMac2,1\n' },
    );
    expect(detectVirtualMachine(await readHostFacts(vm))).toBe('unknown');
    const metal = io(
      'darwin',
      {},
      { 'sysctl -n kern.hv_vmm_present': '0\n', 'sysctl -n hw.model': 'Mac14,2\n' },
    );
    expect(detectVirtualMachine(await readHostFacts(metal))).toBe('none');
  });

  it('never throws: nothing readable is bare metal', async () => {
    expect(detectVirtualMachine(await readHostFacts(io('linux', {})))).toBe('none');
    expect(detectVirtualMachine(await readHostFacts(io('win32', {})))).toBe('none');
  });
});

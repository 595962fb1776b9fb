import { describe, expect, it } from 'vitest';
import { detectVirtualMachine, noHostFacts, type HostFacts } from './virtual-machine';

const facts = (fields: Partial<HostFacts>): HostFacts => ({ ...noHostFacts, ...fields });

/**
 * DMI strings recorded on real guests and hosts (System Information Manufacturer/Product Name, Base Board
 * Manufacturer, BIOS Vendor as `dmidecode` prints them, which are the sysfs files' contents):
 * - VirtualBox: `dmidecode` of a VirtualBox guest ("innotek GmbH" / "VirtualBox", Family "Virtual Machine",
 *   BIOS "innotek GmbH"), as quoted in many public dumps, e.g. a RHEL 7 subscription-manager facts record
 *   (dmi.system.manufacturer: innotek GmbH, dmi.system.product_name: VirtualBox, virt.host_type: virtualbox).
 * - VMware: virt-what's tests/esx4.1/sbin/dmidecode (github.com/chuckleb/virt-what): "VMware, Inc." /
 *   "VMware Virtual Platform", board "Intel Corporation", BIOS "Phoenix Technologies LTD".
 * - Hyper-V: virt-what's tests/hyperv/sbin/dmidecode: "Microsoft Corporation" / "Virtual Machine" (board too),
 *   BIOS "American Megatrends Inc.".
 * - QEMU/KVM: a dmidecode 3.3 record of a q35 guest in a public DMI-parser test ("QEMU" /
 *   "Standard PC (Q35 + ICH9, 2009)", version pc-q35-5.2); and virt-what's tests/kvm/sbin/dmidecode ("Bochs" /
 *   "Bochs", BIOS "Bochs") for an older KVM.
 * - Bare metal: virt-what's tests/baremetal/sbin/dmidecode ("LENOVO" / "4384BR2", a ThinkPad T510).
 */
const recorded: Record<string, HostFacts> = {
  virtualbox: facts({
    sysVendor: 'innotek GmbH',
    productName: 'VirtualBox',
    boardVendor: 'Oracle Corporation',
    biosVendor: 'innotek GmbH',
    hypervisorFlag: true,
  }),
  vmware: facts({
    sysVendor: 'VMware, Inc.',
    productName: 'VMware Virtual Platform',
    boardVendor: 'Intel Corporation',
    biosVendor: 'Phoenix Technologies LTD',
    hypervisorFlag: true,
  }),
  hyperv: facts({
    sysVendor: 'Microsoft Corporation',
    productName: 'Virtual Machine',
    boardVendor: 'Microsoft Corporation',
    biosVendor: 'American Megatrends Inc.',
    hypervisorFlag: true,
  }),
  qemuQ35: facts({
    sysVendor: 'QEMU',
    productName: 'Standard PC (Q35 + ICH9, 2009)',
    biosVendor: 'SeaBIOS',
    hypervisorFlag: true,
  }),
  kvmBochs: facts({ sysVendor: 'Bochs', productName: 'Bochs', biosVendor: 'Bochs', hypervisorFlag: true }),
  lenovo: facts({ sysVendor: 'LENOVO', productName: '4384BR2', boardVendor: 'LENOVO', biosVendor: 'LENOVO' }),
};

describe('detectVirtualMachine over recorded DMI strings', () => {
  it('names VirtualBox, VMware, Hyper-V and QEMU/KVM guests', () => {
    expect(detectVirtualMachine(recorded.virtualbox!)).toBe('virtualbox');
    expect(detectVirtualMachine(recorded.vmware!)).toBe('vmware');
    expect(detectVirtualMachine(recorded.hyperv!)).toBe('hyperv');
    expect(detectVirtualMachine(recorded.qemuQ35!)).toBe('qemu-kvm');
    expect(detectVirtualMachine(recorded.kvmBochs!)).toBe('qemu-kvm');
  });

  it('says none on bare metal, and on a Surface whose vendor is Microsoft too', () => {
    expect(detectVirtualMachine(recorded.lenovo!)).toBe('none');
    expect(
      detectVirtualMachine(facts({ sysVendor: 'Microsoft Corporation', productName: 'Surface Pro 7' })),
    ).toBe('none');
    expect(detectVirtualMachine(facts({ sysVendor: 'Dell Inc.', productName: 'XPS 13 7390' }))).toBe('none');
  });

  it('names WSL2 from its kernel or its environment before anything else', () => {
    // WSL2's kernel release, as `uname -r` prints it; its DMI is Hyper-V's, its CPU flag is set.
    const wslKernel = facts({ kernelRelease: '5.15.153.1-microsoft-standard-WSL2', hypervisorFlag: true });
    expect(detectVirtualMachine(wslKernel)).toBe('wsl2');
    expect(detectVirtualMachine({ ...recorded.hyperv!, wslDistro: 'Ubuntu-22.04' })).toBe('wsl2');
  });

  it('names Parallels and macOS guests by their model', () => {
    expect(detectVirtualMachine(facts({ sysVendor: 'Parallels Software International Inc.' }))).toBe(
      'parallels',
    );
    // A macOS guest of VMware Fusion reports hw.model "VMware7,1".
    expect(detectVirtualMachine(facts({ productName: 'VMware7,1', hypervisorFlag: true }))).toBe('vmware');
  });

  it('says unknown when a hypervisor runs the CPU but no string names it (this machine: a microVM)', () => {
    expect(detectVirtualMachine(facts({ hypervisorFlag: true, kernelRelease: '6.18.44-fc-v1098' }))).toBe(
      'unknown',
    );
  });
});

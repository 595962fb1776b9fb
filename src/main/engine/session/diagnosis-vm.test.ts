import { describe, expect, it } from 'vitest';
import type { VirtualMachine } from '../../../shared/virtual-machine';
import { diagnose, type DiagnosisInput } from './diagnosis';
import { SessionFailure } from './session-failure';

const neverReturned = new SessionFailure('DEVICE_NEVER_RETURNED', 'not seen again', {
  expectedStage: 'uboot-layout',
});
const seedConsole = ['Boot over usb0!', 'partitions : Writing GPT : success!', 'DFU alt info setting: done'];

function hintsIn(virtualMachine: VirtualMachine, patch: Partial<DiagnosisInput> = {}): string[] {
  return diagnose({
    failure: neverReturned,
    consoleLines: null,
    warnings: [],
    platform: 'linux',
    soc: 'mp15',
    virtualMachine,
    ...patch,
  }).hints;
}

describe('diagnosis in a virtual machine: its own fix first, named', () => {
  it('VirtualBox and VMware: a filter on 0483:df11 with no product name, covering every stage', () => {
    const virtualbox = hintsIn('virtualbox')[0];
    expect(virtualbox).toMatch(/^This computer is a VirtualBox virtual machine/);
    expect(virtualbox).toMatch(/Vendor ID 0483 and Product ID df11 and leave Product .* empty/);
    expect(virtualbox).toMatch(/every stage's product string/);
    expect(virtualbox).toMatch(/USB download gadget@Device ID \/0x500/);
    const vmware = hintsIn('vmware')[0];
    expect(vmware).toMatch(/^This computer is a VMware virtual machine/);
    expect(vmware).toMatch(/usb\.autoConnect\.device0 = "0x0483:0xdf11"/);
  });

  it('QEMU/KVM: passthrough by vendor/product, not by bus address', () => {
    expect(hintsIn('qemu-kvm')[0]).toMatch(/QEMU\/KVM.*by vendor and product, not by bus and address/);
    expect(hintsIn('qemu-kvm')[0]).toMatch(/<vendor id='0x0483'\/><product id='0xdf11'\/>/);
  });

  it('WSL 2: usbipd attach --auto-attach, so the board is attached again after each re-enumeration', () => {
    expect(hintsIn('wsl2')[0]).toMatch(/usbipd attach --wsl --busid <BUSID> --auto-attach/);
  });

  it('Hyper-V: no USB passthrough at all, program from the host', () => {
    expect(hintsIn('hyperv')[0]).toMatch(/Hyper-V passes no USB device.*Program it from the host/);
  });

  it("the VM's fix replaces the generic filter hint and outranks even the seed case's console evidence", () => {
    const hints = hintsIn('virtualbox', { consoleLines: seedConsole });
    expect(hints[0]).toMatch(/VirtualBox/);
    expect(hints[1]).toMatch(/The board did come back/);
    expect(hints.filter((hint) => /virtual machine/.test(hint))).toHaveLength(2);
    expect(hintsIn('virtualbox').join('\n')).not.toMatch(/If this computer is a virtual machine/);
  });

  it('only observed host facts come before it: no udev daemon, a board still writing', () => {
    const noUdev = hintsIn('qemu-kvm', { warnings: ['UDEV_NOT_RUNNING'] });
    expect(noUdev[0]).toMatch(/No udev daemon/);
    expect(noUdev[1]).toMatch(/QEMU\/KVM/);
    const erasing = hintsIn('vmware', { consoleLines: ['Erasing rootfs on mmc 0: '] });
    expect(erasing[0]).toMatch(/--reconnect-timeout/);
    expect(erasing[1]).toMatch(/VMware/);
  });

  it('on bare metal or an unnamed hypervisor nothing changes: the generic filter hint, where it was', () => {
    expect(hintsIn('none')[0]).toMatch(/^If this computer is a virtual machine/);
    expect(hintsIn('none', { consoleLines: [] })[0]).toMatch(/5 V \/ 3 A/);
    // A hypervisor it cannot name (this machine: a Firecracker microVM) has no fix of its own: the generic one.
    expect(hintsIn('unknown')[0]).toMatch(/^If this computer is a virtual machine/);
  });

  it('a board never found in Hyper-V: the Hyper-V fix first, not the boot switches', () => {
    const notFound = new SessionFailure('DEVICE_NOT_FOUND', 'no board');
    expect(hintsIn('hyperv', { failure: notFound })[0]).toMatch(/Hyper-V/);
  });
});

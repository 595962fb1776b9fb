import type { VirtualMachine } from './virtual-machine';

/** The names a person knows each virtual machine by. */
export const virtualMachineNames: Record<VirtualMachine, string> = {
  virtualbox: 'VirtualBox',
  vmware: 'VMware',
  hyperv: 'Hyper-V',
  'qemu-kvm': 'QEMU/KVM',
  wsl2: 'WSL 2',
  parallels: 'Parallels',
  none: 'no virtual machine',
  unknown: 'an unidentified virtual machine',
};

/** Every stage of the board is 0483:df11 under another product string: the filter must not name one. */
const everyStage = 'the board leaves the bus and comes back as a new device in each stage';

/**
 * The fix for seeing the board through each stage from inside this kind of VM, ranked first by a failed run's
 * diagnosis and shown by the Boards panel before the first run. `identity` is how the board shows itself in the
 * stage that matters (`0483:df11 "DFU in HS Mode @Device ID /0x500, …"`), null when not known. Null for no VM,
 * and for a hypervisor the facts do not name: the generic `vmFilterHint` says all there is to say then.
 */
export function virtualMachineHint(vm: VirtualMachine, identity: string | null = null): string | null {
  const seen = identity === null ? '' : ` (here ${identity})`;
  switch (vm) {
    case 'virtualbox':
      return `This computer is a VirtualBox virtual machine: ${everyStage}${seen}, and VirtualBox hands the VM only the devices a USB filter takes. In the VM's Settings > USB, add a filter with Vendor ID 0483 and Product ID df11 and leave Product (the name), Manufacturer, Revision and Serial No. empty, so it covers every stage's product string; then program again.`;
    case 'vmware':
      return `This computer is a VMware virtual machine: ${everyStage}${seen}, and VMware connects a new device to the VM only if told to. Add a rule by vendor and product alone, with no product name: in the VM's .vmx file the line usb.autoConnect.device0 = "0x0483:0xdf11" (VM powered off), or "Connect automatically" for STMicroelectronics 0483:df11; then program again.`;
    case 'qemu-kvm':
      return `This computer is a QEMU/KVM virtual machine: ${everyStage}${seen}, on a new bus address. Pass the board through by vendor and product, not by bus and address: in libvirt a <hostdev mode='subsystem' type='usb'> whose <source> holds <vendor id='0x0483'/><product id='0xdf11'/> and no <address>, or QEMU's -device usb-host,vendorid=0x0483,productid=0xdf11; then program again.`;
    case 'wsl2':
      return `This runs in WSL 2, which sees USB devices only through usbipd-win: ${everyStage}${seen}, and a plain attach is lost when it leaves. In a Windows terminal run usbipd list to find the board's BUSID, then usbipd attach --wsl --busid <BUSID> --auto-attach and keep it running, so the board is attached again after each re-enumeration.`;
    case 'hyperv':
      return `This computer is a Hyper-V virtual machine, and Hyper-V passes no USB device to its guests at all: the board cannot be programmed from here. Program it from the host (run the flasher on Windows itself), or use a VM that supports USB passthrough.`;
    case 'parallels':
      return `This computer is a Parallels virtual machine: ${everyStage}${seen}. In the VM's Configuration > Hardware > USB & Bluetooth, connect STMicroelectronics 0483:df11 to this VM automatically (for every product name), so each new stage is connected; then program again.`;
    case 'unknown':
    case 'none':
      return null;
  }
}

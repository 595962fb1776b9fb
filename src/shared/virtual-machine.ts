/**
 * The kind of virtual machine this computer is, as the host facts tell it (DMI strings, the kernel, the CPU's
 * hypervisor flag). `unknown`: a hypervisor is there but the facts do not name it; `none`: no sign of one (or no
 * fact could be read). The fix for seeing the board again after it re-enumerates depends on it.
 */
export const virtualMachineKinds = [
  'virtualbox',
  'vmware',
  'hyperv',
  'qemu-kvm',
  'wsl2',
  'parallels',
  'none',
  'unknown',
] as const;
export type VirtualMachine = (typeof virtualMachineKinds)[number];

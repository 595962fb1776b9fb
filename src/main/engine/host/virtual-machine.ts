import type { VirtualMachine } from '../../../shared/virtual-machine';

/**
 * What the host says about the machine it runs on, read once at start (`host-facts.ts`). The DMI strings are
 * Linux's `/sys/class/dmi/id/{sys_vendor,product_name,board_vendor,bios_vendor}`; on Windows `sysVendor` and
 * `productName` are Win32_ComputerSystem's Manufacturer and Model, on macOS `productName` is `hw.model`.
 * A fact that could not be read is null.
 */
export interface HostFacts {
  readonly sysVendor: string | null;
  readonly productName: string | null;
  readonly boardVendor: string | null;
  readonly biosVendor: string | null;
  /** The CPU says a hypervisor runs it: Linux's `hypervisor` cpuinfo flag, macOS's `kern.hv_vmm_present` or VMM. */
  readonly hypervisorFlag: boolean;
  /** Linux's kernel release or version string (WSL's kernels name Microsoft). */
  readonly kernelRelease: string | null;
  /** `WSL_DISTRO_NAME`, which WSL sets in every process it starts. */
  readonly wslDistro: string | null;
}

/** Facts with nothing read: what a host without DMI or a hypervisor flag gives. */
export const noHostFacts: HostFacts = {
  sysVendor: null,
  productName: null,
  boardVendor: null,
  biosVendor: null,
  hypervisorFlag: false,
  kernelRelease: null,
  wslDistro: null,
};

type Field = 'sysVendor' | 'productName' | 'boardVendor' | 'biosVendor';

interface Rule {
  readonly kind: VirtualMachine;
  /** Any of these fields matching `pattern` names the VM. */
  readonly fields: readonly Field[];
  readonly pattern: RegExp;
}

const vendorFields: readonly Field[] = ['sysVendor', 'boardVendor', 'biosVendor'];
const allFields: readonly Field[] = ['sysVendor', 'productName', 'boardVendor', 'biosVendor'];

/**
 * The strings each hypervisor writes in its guests' DMI tables (recorded ones in `virtual-machine.test.ts`).
 * Hyper-V is matched on its product name: "Microsoft Corporation" alone is also a Surface's vendor.
 */
const rules: readonly Rule[] = [
  { kind: 'virtualbox', fields: allFields, pattern: /^innotek GmbH$|^VirtualBox$/i },
  { kind: 'vmware', fields: allFields, pattern: /^VMware/i },
  { kind: 'parallels', fields: allFields, pattern: /^Parallels/i },
  { kind: 'hyperv', fields: ['productName'], pattern: /^Virtual Machine$/i },
  { kind: 'qemu-kvm', fields: vendorFields, pattern: /^(QEMU|Bochs|Red Hat)$/i },
  { kind: 'qemu-kvm', fields: ['productName'], pattern: /^(KVM|Bochs|Standard PC \()/i },
];

function runsInWsl(facts: HostFacts): boolean {
  if (facts.wslDistro !== null && facts.wslDistro !== '') return true;
  return facts.kernelRelease !== null && /microsoft|WSL/i.test(facts.kernelRelease);
}

/** Which virtual machine the facts describe: WSL first (its kernel says so), then DMI, then the CPU's flag. */
export function detectVirtualMachine(facts: HostFacts): VirtualMachine {
  if (runsInWsl(facts)) return 'wsl2';
  for (const rule of rules) {
    const named = rule.fields.some((field) => rule.pattern.test((facts[field] ?? '').trim()));
    if (named && (rule.kind !== 'hyperv' || /^Microsoft/i.test(facts.sysVendor ?? ''))) return rule.kind;
  }
  return facts.hypervisorFlag ? 'unknown' : 'none';
}

import { virtualMachineHint, virtualMachineNames } from '../../../shared/errors';
import type { VirtualMachine } from '../../../shared/virtual-machine';

interface Props {
  /** From `app.info`; undefined until it answers. */
  readonly virtualMachine: VirtualMachine | undefined;
}

/**
 * Before the first run: this computer is a named virtual machine, so the board will be lost at its first stage
 * change unless the VM's USB is set up for it; the VM's own fix, from the catalog. An unnamed hypervisor (a cloud
 * or CI host) gets no note here: its generic hint comes with a failed run's diagnosis.
 */
export function VirtualMachineNote({ virtualMachine }: Props) {
  if (virtualMachine === undefined || virtualMachine === 'unknown') return null;
  const hint = virtualMachineHint(virtualMachine);
  if (hint === null) return null;
  return (
    <p
      className="device-warning"
      role="note"
      aria-label={`Running in ${virtualMachineNames[virtualMachine]}`}
    >
      {hint}
    </p>
  );
}

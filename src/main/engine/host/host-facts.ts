import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { VirtualMachine } from '../../../shared/virtual-machine';
import { detectVirtualMachine, noHostFacts, type HostFacts } from './virtual-machine';

/** How the facts are read: injected, so tests give recorded files and command outputs. */
export interface HostFactsIo {
  readonly platform: NodeJS.Platform;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** A file's text; rejects when it cannot be read. */
  readFile(path: string): Promise<string>;
  /** A command's standard output; rejects when it cannot be run or fails. */
  run(command: string, args: readonly string[]): Promise<string>;
}

/** The real files and commands (each command given 5 s, no window on Windows). */
export function nodeHostFactsIo(): HostFactsIo {
  return {
    platform: process.platform,
    env: process.env,
    readFile: (path) => readFile(path, 'utf8'),
    run: (command, args) =>
      new Promise((resolve, reject) => {
        execFile(command, [...args], { timeout: 5000, windowsHide: true }, (error, stdout) =>
          error === null ? resolve(stdout) : reject(error),
        );
      }),
  };
}

const dmiFolder = '/sys/class/dmi/id';

/** A fact, or null when it cannot be had: reading host facts never fails. */
async function orNull(read: () => Promise<string>): Promise<string | null> {
  try {
    const text = (await read()).trim();
    return text === '' ? null : text;
  } catch {
    return null;
  }
}

async function linuxFacts(io: HostFactsIo): Promise<HostFacts> {
  const dmi = (name: string) => orNull(() => io.readFile(`${dmiFolder}/${name}`));
  const [sysVendor, productName, boardVendor, biosVendor, cpuinfo, osrelease, version] = await Promise.all([
    dmi('sys_vendor'),
    dmi('product_name'),
    dmi('board_vendor'),
    dmi('bios_vendor'),
    orNull(() => io.readFile('/proc/cpuinfo')),
    orNull(() => io.readFile('/proc/sys/kernel/osrelease')),
    orNull(() => io.readFile('/proc/version')),
  ]);
  return {
    sysVendor,
    productName,
    boardVendor,
    biosVendor,
    hypervisorFlag: cpuinfo !== null && /^flags\s*:.*\bhypervisor\b/m.test(cpuinfo),
    kernelRelease: [osrelease, version].filter((text) => text !== null).join(' ') || null,
    wslDistro: io.env.WSL_DISTRO_NAME ?? null,
  };
}

/** `Manufacturer : innotek GmbH` (PowerShell's Format-List) or `Manufacturer=innotek GmbH` (wmic /format:list). */
export function listValue(output: string, key: string): string | null {
  const match = new RegExp(`^\\s*${key}\\s*[:=][ \\t]*(.*?)\\s*$`, 'im').exec(output);
  return match === null || match[1] === '' ? null : (match[1] ?? null);
}

const powershellQuery = 'Get-CimInstance Win32_ComputerSystem | Format-List Manufacturer,Model';

async function windowsFacts(io: HostFactsIo): Promise<HostFacts> {
  // PowerShell first: wmic is gone from new Windows 11 installs; it remains the fallback for old ones.
  const output =
    (await orNull(() =>
      io.run('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', powershellQuery]),
    )) ??
    (await orNull(() => io.run('wmic', ['computersystem', 'get', 'Manufacturer,Model', '/format:list']))) ??
    '';
  return {
    ...noHostFacts,
    sysVendor: listValue(output, 'Manufacturer'),
    productName: listValue(output, 'Model'),
  };
}

async function macFacts(io: HostFactsIo): Promise<HostFacts> {
  const sysctl = (name: string) => orNull(() => io.run('sysctl', ['-n', name]));
  const [vmmPresent, features, model] = await Promise.all([
    sysctl('kern.hv_vmm_present'),
    sysctl('machdep.cpu.features'),
    sysctl('hw.model'),
  ]);
  return {
    ...noHostFacts,
    productName: model,
    hypervisorFlag: vmmPresent === '1' || /\bVMM\b/.test(features ?? ''),
  };
}

/** Reads the facts of this host's OS; what cannot be read stays null (never throws). */
export async function readHostFacts(io: HostFactsIo): Promise<HostFacts> {
  if (io.platform === 'linux') return linuxFacts(io);
  if (io.platform === 'win32') return windowsFacts(io);
  if (io.platform === 'darwin') return macFacts(io);
  return noHostFacts;
}

let detected: Promise<VirtualMachine> | null = null;

/** The VM this process runs in, read once from the real host facts (then remembered). */
export function hostVirtualMachine(): Promise<VirtualMachine> {
  detected ??= readHostFacts(nodeHostFactsIo()).then(detectVirtualMachine);
  return detected;
}

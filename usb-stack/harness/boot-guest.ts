import { spawn } from 'node:child_process';
import {
  cpSync,
  createReadStream,
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { repositoryRoot } from '../../src/main/engine/layout/test-support/layout-images';
import { writeCpio } from '../guest-image/cpio-archive';
import { guestUptimes, parseGuestSections, type GuestSection } from './guest-sections';

export interface GuestImage {
  readonly vmlinuz: string;
  /** Base and app archives, in order; each boot appends its own. */
  readonly initramfs: readonly string[];
}

export interface GuestBootOptions {
  /** Names the artifacts: `<artifacts>/<name>/serial.log` and one `<section>.log` per guest section. */
  readonly name: string;
  /** The guest script (sh), run in /work after usb-stack/guest/lib.sh is sourced. */
  readonly script: string;
  /** Copied into the guest's /work (layouts and images). */
  readonly payloadDir?: string;
  /** One usb-redir device per board port, on the guest's xHCI ports 1, 2, … in this order. */
  readonly redirPorts: readonly number[];
  readonly timeoutMs: number;
  readonly artifactsDir: string;
  /** Extra kernel command line words; ` no-udevd` boots without udevd (a container, say). */
  readonly kernelArgs?: string;
}

export interface GuestRun {
  readonly serial: string;
  readonly sections: Map<string, GuestSection>;
  /** The guest script's exit status, or null when the guest never reached its end. */
  readonly guestExit: number | null;
  readonly uptimes: Record<string, number>;
  readonly wallMs: number;
}

// From the repository root, so the same file works from usb-stack/ and bundled into out/bench/.
const guestScripts = path.join(repositoryRoot, 'usb-stack', 'guest');

async function concatenate(files: readonly string[], out: string): Promise<void> {
  const sink = createWriteStream(out);
  for (const file of files) await pipeline(createReadStream(file), sink, { end: false });
  await new Promise<void>((resolve, reject) =>
    sink.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

/**
 * Boots the guest under QEMU (TCG, q35, qemu-xhci, one usb-redir device per board), runs one script and
 * returns what it printed on its serial console, split into sections. The serial log goes to the artifacts.
 */
export async function bootGuest(image: GuestImage, options: GuestBootOptions): Promise<GuestRun> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'stm32mp-guest-boot-'));
  try {
    const root = path.join(scratch, 'root');
    mkdirSync(path.join(root, 'work'), { recursive: true });
    if (options.payloadDir !== undefined)
      cpSync(options.payloadDir, path.join(root, 'work'), { recursive: true });
    cpSync(guestScripts, path.join(root, 'work', 'guest'), { recursive: true });
    writeFileSync(path.join(root, 'work', 'cmd.sh'), `. /work/guest/lib.sh\n${options.script}\n`);
    writeCpio(root, path.join(scratch, 'boot.cpio'));
    const initrd = path.join(scratch, 'initrd');
    await concatenate([...image.initramfs, path.join(scratch, 'boot.cpio')], initrd);
    const redir = options.redirPorts.flatMap((port, index) => [
      '-chardev',
      `socket,id=board${index + 1},host=127.0.0.1,port=${port}`,
      '-device',
      `usb-redir,chardev=board${index + 1},id=redir${index + 1},bus=xhci.0,port=${index + 1}`,
    ]);
    const args = [
      ...['-machine', 'q35,accel=tcg', '-cpu', 'max', '-m', '1024M', '-smp', '1'],
      ...['-nographic', '-no-reboot', '-nodefaults', '-serial', 'stdio', '-display', 'none'],
      ...['-kernel', image.vmlinuz, '-initrd', initrd],
      ...['-append', `console=ttyS0 panic=-1 loglevel=1 rdinit=/init ${options.kernelArgs ?? ''}`],
      ...['-device', 'qemu-xhci,id=xhci,p2=8,p3=8', ...redir],
    ];
    const started = Date.now();
    const serial = await runQemu(args, options.timeoutMs);
    const wallMs = Date.now() - started;
    const sections = parseGuestSections(serial);
    const artifacts = path.join(options.artifactsDir, options.name);
    mkdirSync(artifacts, { recursive: true });
    writeFileSync(path.join(artifacts, 'serial.log'), serial);
    for (const [name, section] of sections)
      writeFileSync(path.join(artifacts, `${name}.log`), `${section.output}(exit ${section.exitCode})\n`);
    const exit = /^@@guest-exit (\d+)$/m.exec(serial)?.[1];
    return {
      serial,
      sections,
      guestExit: exit === undefined ? null : Number(exit),
      uptimes: guestUptimes(serial),
      wallMs,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function runQemu(args: readonly string[], timeoutMs: number): Promise<string> {
  const child = spawn('qemu-system-x86_64', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let serial = '';
  const append = (chunk: Buffer): void => {
    serial += chunk.toString('utf8').replace(/\r/g, '');
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      serial += `\n@@host: the guest did not power off in ${timeoutMs} ms; killed\n`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) serial += `\n@@host: qemu exited with ${code}\n`;
      resolve(serial);
    });
  });
}

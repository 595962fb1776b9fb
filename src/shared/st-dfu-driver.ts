/**
 * ST's own DFU driver installer, `STM32Bootloader.bat`, shipped in STM32CubeProgrammer's `Drivers\DFU_Driver`
 * folder: where the app looks for it and the one command that runs it elevated. The app's "Install ST's DFU driver"
 * button, the no-driver steps and the CLI take their text from here, so what is shown is what runs.
 * See docs/windows-usb-driver.md for what the installer binds and what is not verified. It covers 0483:df11 only,
 * not U-Boot's fastboot device 0483:0afb (the fast path): that one needs its own WinUSB binding
 * (shared/fastboot-access-hints.ts).
 */

/** The installer's place inside a Program Files folder (STM32CubeProgrammer's default install folder). */
export const stDriverInstallerTail =
  'STMicroelectronics\\STM32Cube\\STM32CubeProgrammer\\Drivers\\DFU_Driver\\STM32Bootloader.bat';

/**
 * The environment variables naming the Program Files folders to look in, in order: 64-bit (`ProgramFiles`, and
 * `ProgramW6432` as a 32-bit process sees it), then 32-bit, where older 32-bit STM32CubeProgrammer releases went.
 */
export const programFilesVariables = ['ProgramFiles', 'ProgramW6432', 'ProgramFiles(x86)'] as const;

/** The installer under the default 64-bit Program Files folder, for the steps printed without a look-up. */
export const stDriverInstallerDefaultPath = `C:\\Program Files\\${stDriverInstallerTail}`;

/** Where the installer would be, from the environment's Program Files folders (duplicates and blanks dropped). */
export function stDriverInstallerCandidates(env: Readonly<Record<string, string | undefined>>): string[] {
  const folders = programFilesVariables
    .map((name) => env[name]?.trim().replace(/\\+$/, '') ?? '')
    .filter((folder) => folder !== '');
  const paths = folders.map((folder) => `${folder}\\${stDriverInstallerTail}`);
  return paths.filter((path, index) => paths.findIndex((other) => sameWindowsPath(other, path)) === index);
}

function sameWindowsPath(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * A path the command may carry: absolute on a drive, ending in the installer's place, made only of letters, digits,
 * spaces and `. _ - ( )` (so `Program Files (x86)` passes), no `..`. Nothing in it is special to PowerShell inside
 * single quotes, to cmd.exe (no `%`, `^`, `&`, `"`), or to Windows' argument quoting; anything else is refused.
 */
export function isSafeStDriverInstallerPath(path: string): boolean {
  const tail = `\\${stDriverInstallerTail}`.toLowerCase();
  return (
    /^[A-Za-z]:\\[\p{L}\p{N} ._()\\-]+$/u.test(path) &&
    !path.split('\\').some((part) => part === '..' || part === '.') &&
    path.toLowerCase().endsWith(tail)
  );
}

/** ERROR_CANCELLED: the person answered No at Windows' administrator prompt (UAC). */
export const uacDeclinedExitCode = 1223;

/**
 * The PowerShell script: starts the installer through Windows' administrator prompt (`-Verb RunAs`), waits for it,
 * and exits with its exit code; 1223 when the prompt was declined; 1 with the reason on any other error.
 */
export function stDriverInstallScript(installer: string): string {
  if (!isSafeStDriverInstallerPath(installer))
    throw new Error(`not an STM32CubeProgrammer driver installer path: ${installer}`);
  return [
    `try { $p = Start-Process -FilePath '${installer}' -Verb RunAs -Wait -PassThru -ErrorAction Stop; exit $p.ExitCode }`,
    `catch { if ($_.Exception.InnerException.NativeErrorCode -eq ${String(uacDeclinedExitCode)}) { exit ${String(uacDeclinedExitCode)} }; Write-Output $_.Exception.Message; exit 1 }`,
  ].join(' ');
}

/** What the app runs: argv, never through a shell of ours (Windows PowerShell is in every Windows since 7). */
export function stDriverInstallArgv(installer: string): readonly [string, ...string[]] {
  return ['powershell.exe', '-NoProfile', '-NonInteractive', '-Command', stDriverInstallScript(installer)];
}

/**
 * The same command as typed in a Command Prompt (cmd.exe). The script holds no double quote and no `%`, so it
 * passes through cmd.exe unchanged; in a PowerShell window `$p` would be expanded first, so not there.
 */
export function stDriverInstallCommandLine(installer: string): string {
  return `powershell.exe -NoProfile -NonInteractive -Command "${stDriverInstallScript(installer)}"`;
}

import { describe, expect, it } from 'vitest';
import {
  isSafeStDriverInstallerPath,
  stDriverInstallArgv,
  stDriverInstallCommandLine,
  stDriverInstallerCandidates,
  stDriverInstallerDefaultPath,
  stDriverInstallScript,
} from './st-dfu-driver';

const x86 =
  'C:\\Program Files (x86)\\STMicroelectronics\\STM32Cube\\STM32CubeProgrammer\\Drivers\\DFU_Driver\\STM32Bootloader.bat';

describe('where ST’s DFU driver installer is looked for', () => {
  it('under each Program Files folder of the environment, 64-bit first, each once', () => {
    expect(
      stDriverInstallerCandidates({
        ProgramFiles: 'C:\\Program Files',
        ProgramW6432: 'C:\\Program Files\\',
        'ProgramFiles(x86)': 'C:\\Program Files (x86)',
      }),
    ).toEqual([stDriverInstallerDefaultPath, x86]);
  });

  it('nowhere when the environment names no Program Files folder', () => {
    expect(stDriverInstallerCandidates({ ProgramFiles: ' ', HOME: '/home/me' })).toEqual([]);
  });
});

describe('the paths the command may carry', () => {
  it.each([
    stDriverInstallerDefaultPath,
    x86,
    `D:\\Outils été\\${'STMicroelectronics\\STM32Cube\\STM32CubeProgrammer\\Drivers\\DFU_Driver\\STM32Bootloader.bat'}`,
  ])('takes %s', (path) => {
    expect(isSafeStDriverInstallerPath(path)).toBe(true);
  });

  it.each([
    ['a single quote, which would end the PowerShell string', "C:\\It's\\"],
    ['a double quote', 'C:\\a"b\\'],
    ['a percent sign (cmd.exe expands it)', 'C:\\%TEMP%\\'],
    ['a dollar sign', 'C:\\$env\\'],
    ['an ampersand', 'C:\\a&b\\'],
    ['a parent folder', 'C:\\x\\..\\'],
    ['a relative path', 'Program Files\\'],
    ['a UNC path', '\\\\server\\share\\'],
    ['a line break', 'C:\\a\nb\\'],
  ])('refuses a path with %s', (_reason, folder) => {
    const path = `${folder}STMicroelectronics\\STM32Cube\\STM32CubeProgrammer\\Drivers\\DFU_Driver\\STM32Bootloader.bat`;
    expect(isSafeStDriverInstallerPath(path)).toBe(false);
    expect(() => stDriverInstallScript(path)).toThrow(/not an STM32CubeProgrammer driver installer path/);
  });

  it('refuses any other program, even in the right folder', () => {
    const other = stDriverInstallerDefaultPath.replace('STM32Bootloader.bat', 'other.exe');
    expect(isSafeStDriverInstallerPath(other)).toBe(false);
  });
});

describe('the command that runs it elevated', () => {
  it('starts the installer through the administrator prompt, waits, and passes its exit code on', () => {
    const script = stDriverInstallScript(x86);
    expect(script).toContain(
      `Start-Process -FilePath '${x86}' -Verb RunAs -Wait -PassThru -ErrorAction Stop`,
    );
    expect(script).toContain('exit $p.ExitCode');
    // ERROR_CANCELLED: No at the UAC prompt, told apart from a failure.
    expect(script).toContain('NativeErrorCode -eq 1223) { exit 1223 }');
  });

  it('runs as argv, never through a shell, and is shown as cmd.exe reads it', () => {
    const script = stDriverInstallScript(x86);
    expect(stDriverInstallArgv(x86)).toEqual([
      'powershell.exe',
      '-NoProfile',
      '-NonInteractive',
      '-Command',
      script,
    ]);
    expect(stDriverInstallCommandLine(x86)).toBe(
      `powershell.exe -NoProfile -NonInteractive -Command "${script}"`,
    );
    // Nothing that would end cmd.exe's double quotes or be expanded by it.
    expect(script).not.toMatch(/["%]/);
    // The path appears once, inside single quotes.
    expect(script.split(`'${x86}'`)).toHaveLength(2);
  });
});

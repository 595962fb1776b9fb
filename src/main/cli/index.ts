import { runCliProcess } from './cli-process';

// The CLI's composition root (`stm32mp-flasher …` under Node).
const code = await runCliProcess(process.argv.slice(2));
process.exitCode = code;
// Whatever is still open after the command returned must not keep a script waiting.
setTimeout(() => process.exit(code), 2000).unref();

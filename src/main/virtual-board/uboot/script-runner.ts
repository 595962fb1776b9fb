/** What running a script did: the console lines, the environment after it, and whether it started fastboot. */
export interface ScriptRun {
  readonly output: readonly string[];
  /** `fastboot usb <n>` was reached: the controller index; null when the script ended without it. */
  readonly fastbootUsb: number | null;
}

/**
 * Splits a script into commands and each into words, as U-Boot's hush parser does for the plain scripts ST's
 * toolbox sends: newlines and `;` outside quotes end a command, blanks separate words, `"…"` and `'…'` group
 * (the quotes removed), `#` at a word's start comments out the rest of the line.
 */
export function scriptCommands(text: string): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word: string | null = null;
  let quote: '"' | "'" | null = null;
  const endWord = (): void => {
    if (word !== null) words.push(word);
    word = null;
  };
  const endCommand = (): void => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (quote !== null) {
      if (c === quote) quote = null;
      else word = (word ?? '') + c;
    } else if (c === '"' || c === "'") {
      quote = c;
      word ??= '';
    } else if (c === '\n' || c === ';' || c === '\0') {
      endCommand();
    } else if (c === ' ' || c === '\t' || c === '\r') {
      endWord();
    } else if (c === '#' && word === null) {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
    } else {
      word = (word ?? '') + c;
    }
  }
  endCommand();
  return commands;
}

/**
 * Runs the subset of commands ST's toolbox puts in its script: `env set <name> <value…>` and `setenv` (cmd/nvedit.c
 * `_do_env_set`: the words after the name joined by blanks; no value deletes), `echo`, and `fastboot usb <n>`
 * (cmd/fastboot.c), where the run stops: the fastboot gadget takes over. Model choice
 * `scriptCommandsOutsideSubset`: any other command is not run; the board prints a `[simulation]` line naming it
 * (a real U-Boot would run it, with output the board cannot know) and goes on with the next one.
 */
export function runScript(text: string, env: Map<string, string>): ScriptRun {
  const output: string[] = [];
  for (const words of scriptCommands(text)) {
    const [command = '', ...args] = words;
    const setting =
      command === 'setenv' ? args : command === 'env' && args[0] === 'set' ? args.slice(1) : null;
    if (setting !== null) {
      const [name, ...value] = setting;
      if (name === undefined) {
        output.push('Usage:');
        continue;
      }
      if (value.length === 0) env.delete(name);
      else env.set(name, value.join(' '));
      continue;
    }
    if (command === 'echo') {
      output.push(args.join(' '));
      continue;
    }
    if (command === 'fastboot' && args[0] === 'usb' && args.length === 2) {
      const index = Number(args[1]);
      if (!Number.isInteger(index)) {
        output.push('Error: Wrong USB controller index format');
        continue;
      }
      return { output, fastbootUsb: index };
    }
    output.push(
      `[simulation] the virtual board does not run '${words.join(' ')}' (outside its script subset)`,
    );
  }
  return { output, fastbootUsb: null };
}

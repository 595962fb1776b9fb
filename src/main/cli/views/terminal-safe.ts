/**
 * Text from files, boards and consoles reaches a terminal only with its control characters shown escaped: a
 * layout's Name column could otherwise set the window title (OSC), clear the screen, or move the cursor over
 * earlier lines. C0 controls but tab and newline, DEL and C1 become `\xNN`, so an ESC sequence prints as text.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is this function's job
const controls = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

export function escapeControls(text: string): string {
  return text.replace(controls, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

const rawInJson = /[\x7f-\x9f]/g;

/** JSON for a terminal: still JSON, with DEL and C1 (which JSON.stringify leaves raw) as `\u00NN`. */
export function jsonForTerminal(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(
    rawInJson,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

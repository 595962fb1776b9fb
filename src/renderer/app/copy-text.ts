/** Copies text to the clipboard; answers whether it worked (a page without focus or permission cannot). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Hands text to the browser as a file to save (the desktop app shows its save dialog). The object URL
 * is released right after the click: the download has its own copy by then.
 */
export function offerDownload(fileName: string, text: string, type = 'text/plain'): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

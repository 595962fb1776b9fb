/** The two IPC channels the whole contract travels on; the contract's names travel inside them. */
export const requestChannel = 'flasher:request';
export const eventChannel = 'flasher:event';
/** The preload tells main the path of a file dropped on the window (webUtils.getPathForFile): a person's choice. */
export const droppedFileChannel = 'flasher:dropped-file';

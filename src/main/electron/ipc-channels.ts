/** The two IPC channels the whole contract travels on; the contract's names travel inside them. */
export const requestChannel = 'flasher:request';
export const eventChannel = 'flasher:event';

/** IPC channel names, shared by the Electron main process and the preload so they cannot drift. */
export const ipcCallPrefix = 'arrivals:call:';
export const ipcEventChannel = 'arrivals:event';
export const ipcCallChannel = (method: string): string => `${ipcCallPrefix}${method}`;

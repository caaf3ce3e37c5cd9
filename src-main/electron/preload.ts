// The sandboxed preload: exposes the kiosk API to the page as named verbs (window.kioskApi) and never
// ipcRenderer itself. A sandboxed preload is a plain script that may require only 'electron', so this
// file imports nothing and is wrapped in a block (its names stay out of the global scope); the channel
// names spell the same `kiosk:<verb>` template as kioskChannel() in the contracts.
/* eslint-disable @typescript-eslint/consistent-type-imports -- even `import type` would make this file a module (tsc then emits `export {}`), which a sandboxed preload cannot run */
{
  type KioskBridge = import('../contracts/kiosk-api').KioskBridge;
  type KioskEvent = import('../contracts/kiosk-api').KioskEvent;
  type Channel = import('../contracts/kiosk-api').KioskChannel;

  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the one module a sandboxed preload may require
  const { contextBridge, ipcRenderer } = require('electron') as typeof import('electron');
  const invoke = (channel: Channel, payload?: unknown) => ipcRenderer.invoke(channel, payload);

  const bridge: KioskBridge = {
    listCategories: () => invoke('kiosk:listCategories'),
    takeTicket: (payload) => invoke('kiosk:takeTicket', payload),
    reactivate: (payload) => invoke('kiosk:reactivate', payload),
    reprint: () => invoke('kiosk:reprint'),
    deviceStatus: () => invoke('kiosk:deviceStatus'),
    checkIn: (payload) => invoke('kiosk:checkIn', payload),
    onEvent(listener) {
      // The page gets the event only, never the IPC event with its sender.
      const forward = (_event: unknown, event: KioskEvent) => listener(event);
      ipcRenderer.on('kiosk:event', forward);
      return () => {
        ipcRenderer.removeListener('kiosk:event', forward);
      };
    },
  };
  contextBridge.exposeInMainWorld('kioskApi', bridge);
}

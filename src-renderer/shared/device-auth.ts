// Screens and web kiosks are devices: their id and key come once in the URL (the link an installer
// bookmarks), are kept in localStorage, and are then removed from the address bar.

export interface DeviceCredentials {
  hallId: string;
  deviceId: string;
  deviceKey: string;
}

const KEY = 'hall.device';

export function deviceCredentials(storage: Storage = localStorage, location: Location = window.location): DeviceCredentials | null {
  const params = new URLSearchParams(location.search);
  const hallId = params.get('hall');
  const deviceId = params.get('device');
  const deviceKey = params.get('key');
  if (hallId && deviceId && deviceKey) {
    const creds = { hallId, deviceId, deviceKey };
    storage.setItem(`${KEY}:${location.pathname}`, JSON.stringify(creds));
    params.delete('key');
    const rest = params.toString();
    history.replaceState(null, '', `${location.pathname}${rest ? `?${rest}` : ''}`);
    return creds;
  }
  const saved = storage.getItem(`${KEY}:${location.pathname}`);
  if (!saved) return null;
  try {
    const c = JSON.parse(saved) as DeviceCredentials;
    return c.hallId && c.deviceId && c.deviceKey ? c : null;
  } catch {
    return null;
  }
}

export function hallIdFromUrl(fallback = 'demo-county'): string {
  return new URLSearchParams(window.location.search).get('hall') ?? fallback;
}

// 大字版 (elders' mode): remembered on the phone, applied as a class on <html> so every rem size, the
// minimum text size and the minimum target size follow at once, without a reload. A phone whose storage
// is unavailable (private mode, WeChat restrictions) still switches; it just forgets on the next visit.

const KEY = 'hall.elder';

export interface PreferenceStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export function loadElderMode(storage: PreferenceStorage | null, search = ''): boolean {
  const param = new URLSearchParams(search).get('elder');
  if (param === '1' || param === '0') return param === '1';
  try {
    return storage?.getItem(KEY) === '1';
  } catch {
    return false;
  }
}

/** Saves the choice; false when it could not be remembered. */
export function saveElderMode(storage: PreferenceStorage | null, on: boolean): boolean {
  try {
    if (!storage) return false;
    storage.setItem(KEY, on ? '1' : '0');
    return true;
  } catch {
    return false;
  }
}

export function applyElderMode(root: { classList: { toggle(name: string, on: boolean): unknown } }, on: boolean): void {
  root.classList.toggle('elder', on);
}

/** The page's storage, or null where touching it throws. */
export function phoneStorage(): PreferenceStorage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

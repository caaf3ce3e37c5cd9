import type { HallSnapshot } from '../../src-main/contracts';

// Names in the page's language. Tickets and bookings arrive with the Chinese names the hall stored; the
// snapshot carries every category's, matter's and window's English name, so English pages look them up
// there and fall back to the Chinese only where the hall gave no English name.

export interface LocalNames {
  category(id: string, fallback: string): string;
  matter(id: string | null, fallback: string | null): string | null;
  window(id: number | null, fallback: string | null): string | null;
}

export function localNames(snapshot: HallSnapshot | null | undefined, locale: string): LocalNames {
  const en = locale === 'en';
  return {
    category(id, fallback) {
      if (!en) return fallback;
      return snapshot?.categories.find((c) => c.id === id)?.nameEn || fallback;
    },
    matter(id, fallback) {
      if (!en || id === null) return fallback;
      for (const c of snapshot?.categories ?? []) {
        const m = c.matters.find((x) => x.id === id);
        if (m) return m.nameEn || fallback;
      }
      return fallback;
    },
    window(id, fallback) {
      if (!en || id === null) return fallback;
      return snapshot?.windows.find((w) => w.id === id)?.nameEn || fallback;
    },
  };
}

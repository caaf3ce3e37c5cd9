// Names in the page's language for staff and supervisor pages (admin, city, case board, counter).
//
// Categories, matters, windows, priority classes and case teams may have an English name in the hall
// config; pause reasons and low-rating reasons are free Chinese strings, so the default ones are
// translated here and any other reason is shown as the hall wrote it.

/** Anything the config names in Chinese and (maybe) in English. */
export interface Named {
  name: string;
  nameEn?: string | null | undefined;
}

/**
 * The name in the page's language: in English the English name when the config has one (a blank one
 * counts as none), else the Chinese name. Chinese pages always get the Chinese name.
 */
export function localName(locale: string, item: Named): string;
export function localName(locale: string, item: Named | null | undefined, fallback: string): string;
export function localName(locale: string, item: Named | null | undefined, fallback?: string): string {
  if (!item) return fallback ?? '';
  if (locale === 'en' && item.nameEn && item.nameEn.trim() !== '') return item.nameEn;
  return item.name;
}

/** Same as localName for a pair of strings (views that carry `xName` and `xNameEn`). */
export function localPair(locale: string, name: string, nameEn: string | null | undefined): string {
  return localName(locale, { name, nameEn });
}

/** A name by id in a list of named things (a snapshot's categories, windows, priority classes). */
export function localNameById<K>(locale: string, items: ReadonlyArray<Named & { id: K }> | null | undefined, id: K, fallback: string): string {
  const found = items?.find((x) => x.id === id);
  return found ? localName(locale, found) : fallback;
}

/** The default pause reasons (config `pauseReasons`) and the demo hall's 培训. */
const PAUSE_REASONS_EN: Readonly<Record<string, string>> = {
  休息: 'Break',
  业务咨询: 'Consultation',
  会议: 'Meeting',
  系统故障: 'System fault',
  培训: 'Training',
};

/** The default low-rating reasons (config `evaluation.lowReasons`). */
const LOW_REASONS_EN: Readonly<Record<string, string>> = {
  等候时间长: 'Long wait',
  办事效率低: 'Slow service',
  服务态度差: 'Poor attitude',
  政策解释不清: 'Unclear policy explanation',
  材料要求反复: 'Repeated requests for documents',
};

const REASONS_EN: Readonly<Record<string, string>> = { ...PAUSE_REASONS_EN, ...LOW_REASONS_EN };

/** A pause or low-rating reason in the page's language: the default ones translated, others as written. */
export function reasonName(locale: string, reason: string): string {
  if (locale !== 'en') return reason;
  return Object.hasOwn(REASONS_EN, reason.trim()) ? REASONS_EN[reason.trim()]! : reason;
}

/** Several reasons joined for a table cell: "等候时间长、办事效率低" or "Long wait, Slow service". */
export function reasonList(locale: string, reasons: readonly string[]): string {
  return reasons.map((r) => reasonName(locale, r)).join(locale === 'en' ? ', ' : '、');
}

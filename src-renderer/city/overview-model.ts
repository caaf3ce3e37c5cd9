import type { CityAlertView, CityHallView, CityLinkState, CityOverview } from '../../src-main/contracts';

// The city overview as plain data: the halls ranked (or sorted by a column), the header's counts, the one
// alert list of all halls, and how long ago something happened. Tested without Vue.

const MINUTE = 60_000;

export type SortKey = 'rank' | 'name' | 'link' | 'waiting' | 'longest' | 'windows' | 'issued' | 'served' | 'alerts' | 'backlog' | 'catalogue';
export type SortDir = 'asc' | 'desc';
export interface SortOrder {
  key: SortKey;
  dir: SortDir;
}

/** The default ranking: the halls that need someone's attention at the top. */
export const DEFAULT_SORT: SortOrder = { key: 'rank', dir: 'desc' };

/** Each column's first direction when its header is chosen: numbers biggest first, names A to Z. */
const FIRST_DIR: Record<SortKey, SortDir> = {
  rank: 'desc', name: 'asc', link: 'asc', waiting: 'desc', longest: 'desc', windows: 'desc', issued: 'desc', served: 'desc', alerts: 'desc', backlog: 'desc', catalogue: 'asc',
};

/** The next order after choosing a column: the same column flips its direction, another starts with its first. */
export function nextSort(current: SortOrder, key: SortKey): SortOrder {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { key, dir: FIRST_DIR[key] };
}

/** Problems first when sorting by the link: 失联, then never connected, then linked and online, then local. */
const LINK_ORDER: Record<CityLinkState, number> = { offline: 0, never: 1, online: 2, local: 3 };

const compareNumbers = (a: number, b: number) => a - b;
/** null (nobody waiting, no version) sorts below every number whichever the direction. */
function compareNullable(a: number | null, b: number | null, dir: SortDir): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return dir === 'asc' ? a - b : b - a;
}

/** Red alerts, then the longest wait, then the number waiting, all biggest first; then by name. */
function byRank(a: CityHallView, b: CityHallView): number {
  return (
    b.alerts.red - a.alerts.red ||
    compareNullable(a.longestWaitMinutes, b.longestWaitMinutes, 'desc') ||
    b.waiting - a.waiting ||
    b.alerts.yellow - a.alerts.yellow ||
    LINK_ORDER[a.link] - LINK_ORDER[b.link] ||
    byName(a, b)
  );
}

function byName(a: CityHallView, b: CityHallView): number {
  return a.name.localeCompare(b.name, 'zh-CN') || a.id.localeCompare(b.id);
}

const KEY_VALUE: Record<Exclude<SortKey, 'rank' | 'name' | 'longest' | 'catalogue'>, (h: CityHallView) => number> = {
  link: (h) => LINK_ORDER[h.link],
  waiting: (h) => h.waiting,
  windows: (h) => h.openWindows,
  issued: (h) => h.issuedToday,
  served: (h) => h.servedToday,
  alerts: (h) => h.alerts.red * 1_000_000 + h.alerts.yellow,
  backlog: (h) => h.backlog,
};

/** The halls in the chosen order; ties keep the default ranking. Does not change the list it is given. */
export function sortHalls(halls: readonly CityHallView[], order: SortOrder = DEFAULT_SORT): CityHallView[] {
  const { key, dir } = order;
  const sign = dir === 'asc' ? 1 : -1;
  const primary = (a: CityHallView, b: CityHallView): number => {
    switch (key) {
      case 'rank':
        return dir === 'desc' ? 0 : -byRank(a, b);
      case 'name':
        return sign * byName(a, b);
      case 'longest':
        return compareNullable(a.longestWaitMinutes, b.longestWaitMinutes, dir);
      case 'catalogue':
        return compareNullable(a.catalogue.version, b.catalogue.version, dir) || (b.catalogue.refused ? 1 : 0) - (a.catalogue.refused ? 1 : 0);
      default:
        return sign * compareNumbers(KEY_VALUE[key](a), KEY_VALUE[key](b));
    }
  };
  return [...halls].sort((a, b) => primary(a, b) || byRank(a, b));
}

export interface CityCounts {
  halls: number;
  /** Local halls and linked halls heard of recently. */
  online: number;
  offline: number;
  never: number;
  waiting: number;
  red: number;
  yellow: number;
}

/** The header's figures: halls by link state, everyone waiting, and the alerts of the one list (失联 included). */
export function cityCounts(overview: Pick<CityOverview, 'halls' | 'alerts'>): CityCounts {
  const links = (s: CityLinkState) => overview.halls.filter((h) => h.link === s).length;
  return {
    halls: overview.halls.length,
    online: links('local') + links('online'),
    offline: links('offline'),
    never: links('never'),
    waiting: overview.halls.reduce((n, h) => n + h.waiting, 0),
    red: overview.alerts.filter((a) => a.level === 'red').length,
    yellow: overview.alerts.filter((a) => a.level === 'yellow').length,
  };
}

/** Red before yellow; within a level the hall silent (失联) first, then the oldest condition first. */
export function sortCityAlerts(alerts: readonly CityAlertView[]): CityAlertView[] {
  const level = (a: CityAlertView) => (a.level === 'red' ? 0 : 1);
  const offline = (a: CityAlertView) => (a.kind === 'offline' ? 0 : 1);
  return [...alerts].sort((a, b) => level(a) - level(b) || offline(a) - offline(b) || a.since - b.since || a.hallName.localeCompare(b.hallName, 'zh-CN') || a.subject.localeCompare(b.subject));
}

/** The city server's clock now, from the overview's `at` and when it arrived: this screen's clock may drift. */
export function cityNow(overviewAt: number, receivedAt: number, localNow: number): number {
  return overviewAt + (localNow - receivedAt);
}

/** Whole minutes from `at` to `now` (never negative). */
export function minutesSince(at: number, now: number): number {
  return Math.max(0, Math.floor((now - at) / MINUTE));
}

/**
 * A duration for people: "刚刚" under a minute, minutes under an hour, then hours and minutes, then days
 * and hours. English: "just now", "5 min", "2 h 5 min", "3 d 4 h".
 */
export function formatDuration(ms: number, locale: string): string {
  const en = locale === 'en';
  const minutes = Math.max(0, Math.floor(ms / MINUTE));
  if (minutes < 1) return en ? 'under a minute' : '不到 1 分钟';
  if (minutes < 60) return en ? `${minutes} min` : `${minutes} 分钟`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    const m = minutes % 60;
    if (en) return m ? `${hours} h ${m} min` : `${hours} h`;
    return m ? `${hours} 小时 ${m} 分钟` : `${hours} 小时`;
  }
  const days = Math.floor(hours / 24);
  const h = hours % 24;
  if (en) return h ? `${days} d ${h} h` : `${days} d`;
  return h ? `${days} 天 ${h} 小时` : `${days} 天`;
}

/** "3 分钟前" / "3 min ago"; "刚刚" / "just now" under a minute. */
export function formatAgo(at: number, now: number, locale: string): string {
  if (now - at < MINUTE) return locale === 'en' ? 'just now' : '刚刚';
  return locale === 'en' ? `${formatDuration(now - at, locale)} ago` : `${formatDuration(now - at, locale)}前`;
}

/** The hall's name in the page's language (the English one falls back to the Chinese). */
export function hallName(h: { name: string; nameEn: string }, locale: string): string {
  return locale === 'en' && h.nameEn ? h.nameEn : h.name;
}

/** An alert's hall name in the page's language. */
export function alertHallName(a: CityAlertView, locale: string): string {
  return locale === 'en' && a.hallNameEn ? a.hallNameEn : a.hallName;
}

/** A linked hall that is not heard of, or never was: its row is marked. */
export const isDown = (h: Pick<CityHallView, 'link'>): boolean => h.link === 'offline' || h.link === 'never';

/** How long a 失联 hall has been silent (null for a hall that is not offline or was never heard of). */
export function silentFor(h: Pick<CityHallView, 'link' | 'lastContactAt'>, now: number): number | null {
  return h.link === 'offline' && h.lastContactAt !== null ? Math.max(0, now - h.lastContactAt) : null;
}

/**
 * The catalogue cell: the version in force, behind the newest, a newer one refused; 'local' for the city's
 * own halls (they run their own config, the catalogue is for linked halls) and 'none' before anything.
 */
export function catalogueState(h: Pick<CityHallView, 'catalogue' | 'link'>, newest: number | null): 'current' | 'behind' | 'refused' | 'none' | 'local' {
  if (h.catalogue.refused) return 'refused';
  if (h.catalogue.version === null) {
    if (h.link === 'local') return 'local';
    return newest === null || h.link === 'never' ? 'none' : 'behind';
  }
  return newest === null || h.catalogue.version >= newest ? 'current' : 'behind';
}

/** The row a keyboard moves to with ↑ ↓ Home End (clamped to the list). */
export function moveFocus(index: number, count: number, key: string): number | null {
  if (count === 0) return null;
  switch (key) {
    case 'ArrowDown':
      return Math.min(count - 1, index + 1);
    case 'ArrowUp':
      return Math.max(0, index - 1);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

/** A pushed or answered overview replaces the one shown unless it is older (pushes and answers may cross). */
export function acceptOverview(current: CityOverview | null, incoming: CityOverview): boolean {
  return current === null || incoming.at >= current.at;
}

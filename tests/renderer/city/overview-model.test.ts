import { describe, expect, it } from 'vitest';
import type { CityHallView, CityOverview } from '../../../src-main/contracts';
import {
  acceptOverview,
  alertHallName,
  catalogueState,
  cityCounts,
  cityNow,
  DEFAULT_SORT,
  formatAgo,
  formatDuration,
  hallName,
  isDown,
  minutesSince,
  moveFocus,
  nextSort,
  silentFor,
  sortCityAlerts,
  sortHalls,
} from '../../../src-renderer/city/overview-model';
import { cityAlert as alert, hall } from './fixtures';

const MIN = 60_000;

const ids = (hs: CityHallView[]) => hs.map((h) => h.id);

describe('ranking the halls', () => {
  const halls = [
    hall({ id: 'quiet', waiting: 2, longestWaitMinutes: 5 }),
    hall({ id: 'busy', waiting: 40, longestWaitMinutes: 35 }),
    hall({ id: 'red-short', waiting: 3, longestWaitMinutes: 4, alerts: { red: 1, yellow: 0 } }),
    hall({ id: 'red-long', waiting: 9, longestWaitMinutes: 70, alerts: { red: 1, yellow: 2 } }),
    hall({ id: 'empty', waiting: 0, longestWaitMinutes: null }),
    hall({ id: 'same-wait-more-people', waiting: 50, longestWaitMinutes: 35 }),
  ];

  it('by default: red alerts first, then the longest wait, then the number waiting; nobody waiting last', () => {
    expect(ids(sortHalls(halls))).toEqual(['red-long', 'red-short', 'same-wait-more-people', 'busy', 'quiet', 'empty']);
  });

  it('does not change the list it is given', () => {
    const copy = [...halls];
    sortHalls(halls, { key: 'waiting', dir: 'asc' });
    expect(halls).toEqual(copy);
  });

  it('by a column, either way; ties keep the default ranking', () => {
    expect(ids(sortHalls(halls, { key: 'waiting', dir: 'desc' }))).toEqual(['same-wait-more-people', 'busy', 'red-long', 'red-short', 'quiet', 'empty']);
    expect(ids(sortHalls(halls, { key: 'waiting', dir: 'asc' }))).toEqual(['empty', 'quiet', 'red-short', 'red-long', 'busy', 'same-wait-more-people']);
    // The default ranking reversed.
    expect(ids(sortHalls(halls, { key: 'rank', dir: 'asc' }))).toEqual(['empty', 'quiet', 'busy', 'same-wait-more-people', 'red-short', 'red-long']);
  });

  it('the longest wait: nobody waiting is at the bottom whichever the direction', () => {
    expect(ids(sortHalls(halls, { key: 'longest', dir: 'desc' })).at(-1)).toBe('empty');
    expect(ids(sortHalls(halls, { key: 'longest', dir: 'asc' }))).toEqual(['red-short', 'quiet', 'same-wait-more-people', 'busy', 'red-long', 'empty']);
  });

  it('by link: 失联 first, then never connected, online, local', () => {
    const linked = [hall({ id: 'l', link: 'local' }), hall({ id: 'on', link: 'online' }), hall({ id: 'never', link: 'never' }), hall({ id: 'off', link: 'offline' })];
    expect(ids(sortHalls(linked, { key: 'link', dir: 'asc' }))).toEqual(['off', 'never', 'on', 'l']);
  });

  it('by alerts: red counts before yellow', () => {
    const hs = [hall({ id: 'y5', alerts: { red: 0, yellow: 5 } }), hall({ id: 'r1', alerts: { red: 1, yellow: 0 } }), hall({ id: 'none' })];
    expect(ids(sortHalls(hs, { key: 'alerts', dir: 'desc' }))).toEqual(['r1', 'y5', 'none']);
  });

  it('by name in Chinese order, and by catalogue version (none last, a refusal before its equal)', () => {
    const hs = [hall({ id: 'b', name: '乙镇' }), hall({ id: 'a', name: '甲镇' })];
    expect(ids(sortHalls(hs, { key: 'name', dir: 'asc' }))).toEqual(ids(sortHalls(hs, { key: 'name', dir: 'desc' })).reverse());
    const cats = [
      hall({ id: 'v1', catalogue: { version: 1, refused: null } }),
      hall({ id: 'none', catalogue: { version: null, refused: null } }),
      hall({ id: 'v2', catalogue: { version: 2, refused: null } }),
      hall({ id: 'v2-refused', catalogue: { version: 2, refused: { version: 3, message: '', messageEn: '' } } }),
    ];
    expect(ids(sortHalls(cats, { key: 'catalogue', dir: 'asc' }))).toEqual(['v1', 'v2-refused', 'v2', 'none']);
  });

  it('choosing a column: numbers start biggest first, names A to Z; the same column again flips it', () => {
    expect(nextSort(DEFAULT_SORT, 'waiting')).toEqual({ key: 'waiting', dir: 'desc' });
    expect(nextSort(DEFAULT_SORT, 'name')).toEqual({ key: 'name', dir: 'asc' });
    expect(nextSort({ key: 'waiting', dir: 'desc' }, 'waiting')).toEqual({ key: 'waiting', dir: 'asc' });
    expect(nextSort(DEFAULT_SORT, 'rank')).toEqual({ key: 'rank', dir: 'asc' });
  });
});

describe('the header and the alert list', () => {
  it('counts halls by link, everyone waiting, and the alerts of the one list (失联 included)', () => {
    const overview = {
      halls: [hall({ id: 'a', link: 'local', waiting: 10 }), hall({ id: 'b', link: 'online', waiting: 5 }), hall({ id: 'c', link: 'offline', waiting: 2 }), hall({ id: 'd', link: 'never' })],
      alerts: [alert({ level: 'red', kind: 'offline' }), alert({ level: 'red' }), alert({ level: 'yellow' })],
    } satisfies Pick<CityOverview, 'halls' | 'alerts'>;
    expect(cityCounts(overview)).toEqual({ halls: 4, online: 2, offline: 1, never: 1, waiting: 17, red: 2, yellow: 1 });
  });

  it('alerts: red first; within a level the silent hall first, then the oldest', () => {
    const list = sortCityAlerts([
      alert({ subject: 'y-old', level: 'yellow', since: 1 }),
      alert({ subject: 'r-new', level: 'red', since: 9 }),
      alert({ subject: 'r-old', level: 'red', since: 2 }),
      alert({ subject: 'offline', level: 'red', kind: 'offline', since: 50 }),
    ]);
    expect(list.map((a) => a.subject)).toEqual(['offline', 'r-old', 'r-new', 'y-old']);
  });

  it('names in the page language, the Chinese one when no English name is known', () => {
    expect(hallName({ name: '甲镇', nameEn: 'Jia Town' }, 'en')).toBe('Jia Town');
    expect(hallName({ name: '甲镇', nameEn: '' }, 'en')).toBe('甲镇');
    expect(hallName({ name: '甲镇', nameEn: 'Jia Town' }, 'zh-CN')).toBe('甲镇');
    expect(alertHallName(alert({}), 'en')).toBe('Some hall');
  });
});

describe('time', () => {
  it('the city clock moves on from the overview by this screen’s elapsed time, not its own clock', () => {
    expect(cityNow(1_000_000, 5_000, 8_000)).toBe(1_003_000);
    expect(minutesSince(0, 2.5 * MIN)).toBe(2);
    expect(minutesSince(10 * MIN, 0)).toBe(0);
  });

  it('durations read naturally in both languages', () => {
    expect(formatDuration(30_000, 'zh-CN')).toBe('不到 1 分钟');
    expect(formatDuration(3 * MIN, 'zh-CN')).toBe('3 分钟');
    expect(formatDuration(60 * MIN, 'zh-CN')).toBe('1 小时');
    expect(formatDuration(125 * MIN, 'zh-CN')).toBe('2 小时 5 分钟');
    expect(formatDuration((3 * 24 + 4) * 60 * MIN, 'zh-CN')).toBe('3 天 4 小时');
    expect(formatDuration(2 * 24 * 60 * MIN, 'zh-CN')).toBe('2 天');
    expect(formatDuration(125 * MIN, 'en')).toBe('2 h 5 min');
    expect(formatDuration(3 * MIN, 'en')).toBe('3 min');
    expect(formatDuration(-5, 'en')).toBe('under a minute');
  });

  it('ago: just now under a minute, then the duration', () => {
    expect(formatAgo(0, 59_999, 'zh-CN')).toBe('刚刚');
    expect(formatAgo(0, 3 * MIN, 'zh-CN')).toBe('3 分钟前');
    expect(formatAgo(0, 59_999, 'en')).toBe('just now');
    expect(formatAgo(0, 3 * MIN, 'en')).toBe('3 min ago');
  });
});

describe('link state and catalogue', () => {
  it('a 失联 hall tells how long it has been silent; others do not', () => {
    expect(silentFor({ link: 'offline', lastContactAt: 1000 }, 1000 + 7 * MIN)).toBe(7 * MIN);
    expect(silentFor({ link: 'online', lastContactAt: 1000 }, 1000 + 7 * MIN)).toBeNull();
    expect(silentFor({ link: 'offline', lastContactAt: null }, 5)).toBeNull();
    expect([isDown({ link: 'offline' }), isDown({ link: 'never' }), isDown({ link: 'online' }), isDown({ link: 'local' })]).toEqual([true, true, false, false]);
  });

  it('catalogue: current, behind the newest, refused, none yet; the city’s own halls run their own config', () => {
    const refused = { version: 3, message: '窗口 2 的业务类别 F 不在目录中', messageEn: 'window 2 serves F, not in the catalogue' };
    const c = (version: number | null, link: CityHallView['link'] = 'online', r: typeof refused | null = null) => ({ link, catalogue: { version, refused: r } });
    expect(catalogueState(c(2), 2)).toBe('current');
    expect(catalogueState(c(1), 2)).toBe('behind');
    expect(catalogueState(c(null), 2)).toBe('behind');
    expect(catalogueState(c(null, 'offline'), 2)).toBe('behind');
    expect(catalogueState(c(2, 'online', refused), 3)).toBe('refused');
    expect(catalogueState(c(null), null)).toBe('none');
    expect(catalogueState(c(null, 'never'), 2)).toBe('none');
    expect(catalogueState(c(null, 'local'), 2)).toBe('local');
  });
});

describe('keyboard and live updates', () => {
  it('↑ ↓ Home End move between rows, clamped; other keys do nothing', () => {
    expect(moveFocus(0, 3, 'ArrowDown')).toBe(1);
    expect(moveFocus(2, 3, 'ArrowDown')).toBe(2);
    expect(moveFocus(0, 3, 'ArrowUp')).toBe(0);
    expect(moveFocus(1, 3, 'End')).toBe(2);
    expect(moveFocus(2, 3, 'Home')).toBe(0);
    expect(moveFocus(1, 3, 'a')).toBeNull();
    expect(moveFocus(0, 0, 'ArrowDown')).toBeNull();
  });

  it('an older overview (an answer overtaken by a push) does not replace a newer one', () => {
    const o = (at: number) => ({ at }) as CityOverview;
    expect(acceptOverview(null, o(5))).toBe(true);
    expect(acceptOverview(o(5), o(6))).toBe(true);
    expect(acceptOverview(o(5), o(5))).toBe(true);
    expect(acceptOverview(o(6), o(5))).toBe(false);
  });
});

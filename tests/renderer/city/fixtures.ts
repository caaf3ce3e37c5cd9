import type { CityAlertView, CityHallView, StatisticsFiguresView } from '../../../src-main/contracts';

/** A member hall's row of the overview, with only what a test cares about given. */
export const hall = (over: Partial<CityHallView> & { id: string }): CityHallView => ({
  name: over.id,
  nameEn: '',
  level: 'township',
  link: 'online',
  lastContactAt: 0,
  serviceDay: '2026-03-02',
  waiting: 0,
  longestWaitMinutes: null,
  openWindows: 1,
  windows: 2,
  issuedToday: 0,
  servedToday: 0,
  alerts: { red: 0, yellow: 0 },
  backlog: 0,
  lastSeq: 0,
  catalogue: { version: 1, refused: null },
  ...over,
});

export const cityAlert = (over: Partial<CityAlertView>): CityAlertView => ({
  hallId: 'h', hallName: '某大厅', hallNameEn: 'Some hall', kind: 'wait', level: 'yellow', subject: 'A001', message: '', messageEn: '', since: 0, ...over,
});

export const figures = (over: Partial<StatisticsFiguresView> = {}): StatisticsFiguresView => ({
  issued: 0,
  bySource: { kiosk: 0, remote: 0, appointment: 0, counter: 0 },
  served: 0,
  noShows: 0,
  noShowRate: null,
  cancelled: 0,
  expired: 0,
  waitAverageMinutes: null,
  waitP90Minutes: null,
  serviceAverageMinutes: null,
  overWaitYellow: 0,
  overWaitRed: 0,
  overService: 0,
  ratings: { 'very-satisfied': 0, satisfied: 0, basic: 0, dissatisfied: 0, 'very-dissatisfied': 0 },
  rated: 0,
  satisfactionRate: null,
  badRated: 0,
  badRatingRate: null,
  ratingsByChannel: { window: 0, phone: 0, 'slip-qr': 0, booking: 0 },
  lowReasons: {},
  ...over,
});

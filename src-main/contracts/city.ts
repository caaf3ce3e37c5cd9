import { z } from 'zod';
import type { AlertKind, AlertLevel, EnglishGroupNames, StatisticsFiguresView } from './admin';
import type { CatalogueState } from './catalogue';
import type { HallSnapshot } from './views';

// The city's live view of all its halls (两级平台三级联动): what the city page gets over the `/city`
// socket.io namespace and the /api/city HTTP routes. Halls the city server runs itself and linked township
// or village halls look the same here; the latter are as fresh as their last upload.

export type CityHallLevel = 'city' | 'county' | 'township' | 'village';

/**
 * 'local': run by this server. 'online': linked and heard of recently. 'offline': linked, silent for longer
 * than offlineAlertMinutes. 'never': a member that has never said hello.
 */
export type CityLinkState = 'local' | 'online' | 'offline' | 'never';

export interface CityHallView {
  id: string;
  name: string;
  nameEn: string;
  level: CityHallLevel;
  link: CityLinkState;
  /** When the city last heard from the hall (any signed request); null for local halls and 'never'. */
  lastContactAt: number | null;
  serviceDay: string | null;
  waiting: number;
  /** Minutes the longest-waiting ticket has waited (at the city's clock); null with nobody waiting. */
  longestWaitMinutes: number | null;
  openWindows: number;
  windows: number;
  issuedToday: number;
  servedToday: number;
  alerts: { red: number; yellow: number };
  /** Events the hall has and the city does not (as the hall last said); 0 for local halls. */
  backlog: number;
  /** The hall's last event stored at the city. */
  lastSeq: number;
  catalogue: CatalogueState;
}

/** One alert in the city's list: a hall's own 电子监察 alert, or the city's 失联 alert for a silent hall. */
export interface CityAlertView {
  hallId: string;
  hallName: string;
  hallNameEn: string;
  kind: AlertKind | 'offline';
  level: AlertLevel;
  subject: string;
  message: string;
  messageEn: string;
  since: number;
}

export interface CityOverview {
  cityId: string;
  name: string;
  nameEn: string;
  /** The city server's clock when this was made. */
  at: number;
  offlineAlertMinutes: number;
  /** Newest published catalogue version (null: none). */
  catalogueVersion: number | null;
  halls: CityHallView[];
  alerts: CityAlertView[];
}

/** A member hall's floor as its supervisors see it (the admin floor view's snapshot), for the drill-down. */
export interface CityFloorView {
  hallId: string;
  snapshot: HallSnapshot;
}

export interface CityAccountView {
  username: string;
  displayName: string;
  role: 'supervisor' | 'admin';
}

/** POST /api/city/login answer. */
export interface CityLoginAnswer {
  token: string;
  account: CityAccountView;
  cityId: string;
}

/** GET /api/city/statistics?from=YYYY-MM-DD&to=YYYY-MM-DD: every member hall's uploaded events, summed. */
export interface CityReport {
  from: string;
  to: string;
  total: StatisticsFiguresView;
  byHall: Record<string, StatisticsFiguresView>;
  byCategory: Record<string, StatisticsFiguresView>;
  /** Keyed "<hallId>/<windowId>". */
  byWindow: Record<string, StatisticsFiguresView>;
  /** Keyed "YYYY-MM". */
  byMonth: Record<string, StatisticsFiguresView>;
  names: { halls: Record<string, string>; categories: Record<string, string>; windows: Record<string, string> };
  /** English names of the same categories and windows where the halls' configs have them (else absent). */
  namesEn?: EnglishGroupNames | undefined;
  /** Per hall: the sequence number its figures include everything up to. */
  upToSeq: Record<string, number>;
  complete: boolean;
}

const hallId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,47}$/, 'a hall id');

export const cityWatchInput = z.object({ hallId: hallId.nullable() }).strict();
export const cityLoginInput = z.object({ username: z.string().min(1).max(48), password: z.string().min(1).max(200) }).strict();

export type CityAck<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string; messageEn: string } };

/** Events on the `/city` namespace (auth: { token } from /api/city/login). */
export interface CityServerToClient {
  'city:overview': (overview: CityOverview) => void;
  'city:floor': (floor: CityFloorView) => void;
  'session:ended': (notice: { code: 'SESSION_ENDED'; reason: string; message: string; messageEn: string }) => void;
}

export interface CityClientToServer {
  'city:overview': (input: Record<string, never>, ack: (a: CityAck<CityOverview>) => void) => void;
  /** Drill into one hall (null: stop): answered with its floor now, then `city:floor` as it changes. */
  'city:watch': (input: z.input<typeof cityWatchInput>, ack: (a: CityAck<CityFloorView | null>) => void) => void;
}

import type { Booking, HallEvent, RatingCase, RestoredHall, Ticket, WindowState } from '../domain';

// The app's view of the outside world. Storage adapters implement these; sync return values are allowed
// (better-sqlite3 is synchronous) and the app awaits them, so an async adapter (PostgreSQL) fits too.

export type ActorKind = 'staff' | 'supervisor' | 'admin' | 'device' | 'citizen' | 'system';

export interface Actor {
  kind: ActorKind;
  id: string;
}

export const SYSTEM: Actor = { kind: 'system', id: 'hall' };

/** How long a request id is remembered: a client retrying after a network blip does so within minutes. */
export const REQUEST_MEMORY_MS = 6 * 60 * 60 * 1000;

export interface StoredEvent {
  hallId: string;
  /** Hall sequence number: strictly increasing per hall, carried on every broadcast. */
  seq: number;
  at: number;
  actor: Actor;
  requestId: string | null;
  /** Whose retries may get the result back, when not the actor's (ExecuteOptions.requestScope). */
  requestScope?: string;
  event: HallEvent;
  /** On the last event of a client request: its acknowledged answer, returned again on a retry. */
  result?: unknown;
  /** With `result`: the command that answered it (a request id reused for another command is refused). */
  command?: string | undefined;
}

export interface StoredRequest {
  actorKey: string;
  requestId: string;
  at: number;
  /** The command type it answered; '' when not known (answers carried over from before migration 6). */
  command: string;
  result: unknown;
}

export interface CommitBatch {
  hallId: string;
  /** When the batch ran. */
  at: number;
  serviceDay: string | null;
  events: StoredEvent[];
  tickets: Ticket[];
  windows: WindowState[];
  bookings?: Booking[] | undefined;
  /** Bad-rating cases opened or changed in this batch. */
  cases?: RatingCase[] | undefined;
  /** Tickets issued in this batch: storage may insert them without looking for an existing row. */
  newTicketIds?: ReadonlySet<string> | undefined;
}

export interface CallRecord {
  seq: number;
  ticketId: string;
  windowId: number;
  callCount: number;
  recall: boolean;
  at: number;
}

export interface LoadedHall extends RestoredHall {
  lastSeq: number;
  recentCalls: CallRecord[];
}

type MaybePromise<T> = T | Promise<T>;

export interface HallStore {
  /**
   * `bookingsSince`: the first service day whose bookings are loaded (strikes reach back that far);
   * `rateableSince`: the first earlier day whose finished, unrated tickets are loaded (they may still be rated);
   * `closedCasesSince`: cases closed at or after this instant are loaded with the open ones.
   */
  loadHall(hallId: string, serviceSamples: number, bookingsSince?: string, rateableSince?: string, closedCasesSince?: number): MaybePromise<LoadedHall>;
  /** Writes everything in one durable transaction, or nothing. */
  commit(batch: CommitBatch): MaybePromise<void>;
  /** Request results stored at or after `sinceAt`, oldest first: the app keeps them in memory for retries. */
  loadRecentRequests(hallId: string, sinceAt: number): MaybePromise<StoredRequest[]>;
  readEvents(hallId: string, afterSeq: number, limit: number): MaybePromise<StoredEvent[]>;
}

export interface AccountRecord {
  hallId: string;
  username: string;
  displayName: string;
  role: 'staff' | 'supervisor' | 'admin';
  passwordHash: string;
}

export interface DeviceRecord {
  hallId: string;
  id: string;
  kind: 'kiosk' | 'display' | 'window-display';
  name: string | null;
  keyHash: string;
  windowId: number | null;
}

export interface SessionRecord {
  tokenHash: string;
  hallId: string;
  username: string;
  createdAt: number;
  expiresAt: number;
}

export interface AccountStore {
  syncAccounts(hallId: string, accounts: AccountRecord[]): MaybePromise<void>;
  findAccount(hallId: string, username: string): MaybePromise<AccountRecord | undefined>;
  listAccounts(hallId: string): MaybePromise<AccountRecord[]>;
  syncDevices(hallId: string, devices: DeviceRecord[]): MaybePromise<void>;
  findDevice(hallId: string, id: string): MaybePromise<DeviceRecord | undefined>;
  createSession(session: SessionRecord): MaybePromise<void>;
  findSession(tokenHash: string): MaybePromise<SessionRecord | undefined>;
  deleteSession(tokenHash: string): MaybePromise<void>;
  /** Ends every session of an account (password reset, account disabled). */
  deleteSessionsOf(hallId: string, username: string): MaybePromise<void>;
}

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Unguessable tokens (ticket live pages, sessions). */
export interface TokenSource {
  token(): string;
}

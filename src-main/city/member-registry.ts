import type { CityMemberRecord, CityStore } from '../app/link-ports';
import type { Clock } from '../app/ports';
import type { CityMember, HallProfile } from '../contracts';
import type { Logger } from '../hall/logger';
import type { CitySettings } from './city-settings';
import { ReplayGuard } from './replay-guard';

/** A contact or status is written to the database at least this often per hall (memory has every one). */
export const CONTACT_SAVE_EVERY_MS = 60_000;

export type MemberStatus = NonNullable<CityMemberRecord['status']>;

/** One member hall as the city knows it: from the config, and (linked halls) from what the hall sent. */
export interface MemberEntry {
  id: string;
  member: CityMember;
  /** Linked halls (a township or village hall with its own server) have a key; the city's own halls none. */
  key: string | null;
  profile: HallProfile | null;
  lastContactAt: number | null;
  status: MemberStatus | null;
  /** Linked halls: the nonces of their recent requests. */
  nonces: ReplayGuard | null;
  /** What the database has (contacts and statuses are written at most every CONTACT_SAVE_EVERY_MS unless they change). */
  saved: { contactAt: number | null; statusKey: string | null; statusAt: number | null; statusPending: boolean };
}

/** The part of a status that, when it changes, is written at once (the rest changes with every status). */
const statusKey = (s: MemberStatus) => JSON.stringify([s.alerts, s.catalogue]);

/**
 * Every member of the city, in the config's order. Every signed request of a linked hall is a contact; the
 * last one and the last status are kept in memory for the overview and written to `city_members` when
 * they matter (a changed status, the first contact) and otherwise at most once a minute, so hundreds of
 * halls' statuses do not each cost a durable write.
 */
export class MemberRegistry {
  readonly entries = new Map<string, MemberEntry>();

  constructor(
    settings: CitySettings,
    private readonly store: CityStore,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    for (const member of settings.config.members) {
      const key = settings.keys.get(member.id) ?? null;
      this.entries.set(member.id, {
        id: member.id,
        member,
        key,
        profile: null,
        lastContactAt: null,
        status: null,
        nonces: key ? new ReplayGuard() : null,
        saved: { contactAt: null, statusKey: null, statusAt: null, statusPending: false },
      });
    }
  }

  /** What the database kept from before this start (members no longer in the config are left alone). */
  restore(records: readonly CityMemberRecord[]): void {
    for (const r of records) {
      const e = this.entries.get(r.hallId);
      if (!e?.key) continue;
      e.profile = r.profile;
      e.lastContactAt = r.lastContactAt;
      e.status = r.status;
      e.saved = { contactAt: r.lastContactAt, statusKey: r.status ? statusKey(r.status) : null, statusAt: r.lastContactAt, statusPending: false };
    }
  }

  /**
   * What the database has now of a linked member whose lease this server just took (another server of the
   * city had it): its profile, and its last contact and status where they are newer than what memory has.
   */
  refresh(r: CityMemberRecord): void {
    const e = this.entries.get(r.hallId);
    if (!e?.key) return;
    if (r.profile) e.profile = r.profile;
    if (r.lastContactAt !== null && (e.lastContactAt === null || r.lastContactAt >= e.lastContactAt)) {
      e.lastContactAt = r.lastContactAt;
      if (r.status) e.status = r.status;
      e.saved = { contactAt: r.lastContactAt, statusKey: r.status ? statusKey(r.status) : null, statusAt: r.lastContactAt, statusPending: false };
    }
  }

  get(id: string): MemberEntry | undefined {
    return this.entries.get(id);
  }

  /** A linked member (one with a key), or undefined. */
  linked(id: string): MemberEntry | undefined {
    const e = this.entries.get(id);
    return e?.key ? e : undefined;
  }

  /** A signed request (with the status it carried, if any). Never throws: a failed write is logged and tried again later. */
  async contact(e: MemberEntry, at: number, status?: MemberStatus): Promise<void> {
    e.lastContactAt = Math.max(e.lastContactAt ?? 0, at);
    if (status) {
      e.status = status;
      e.saved.statusPending = true;
    }
    const key = status ? statusKey(status) : null;
    const statusDue = status !== undefined && (key !== e.saved.statusKey || e.saved.statusAt === null || at - e.saved.statusAt >= CONTACT_SAVE_EVERY_MS);
    const contactDue = e.saved.contactAt === null || at - e.saved.contactAt >= CONTACT_SAVE_EVERY_MS;
    if (!statusDue && !contactDue) return;
    try {
      await this.store.saveContact(e.id, e.lastContactAt, statusDue ? status : undefined);
      e.saved.contactAt = e.lastContactAt;
      if (statusDue) {
        e.saved.statusKey = key;
        e.saved.statusAt = at;
        e.saved.statusPending = false;
      }
    } catch (err) {
      this.log.warn({ err, hall: e.id }, 'city: a member hall’s contact could not be stored; kept in memory');
    }
  }

  async saveProfile(e: MemberEntry, profile: HallProfile, at: number): Promise<void> {
    await this.store.saveProfile(e.id, profile, at);
    e.profile = profile;
    e.lastContactAt = Math.max(e.lastContactAt ?? 0, at);
    e.saved.contactAt = e.lastContactAt;
  }

  /** Writes what memory has and the database not yet (at close). */
  async flush(): Promise<void> {
    for (const e of this.entries.values()) {
      if (e.lastContactAt === null) continue;
      if (e.lastContactAt === e.saved.contactAt && !e.saved.statusPending) continue;
      try {
        await this.store.saveContact(e.id, e.lastContactAt, e.saved.statusPending ? (e.status ?? undefined) : undefined);
        e.saved.contactAt = e.lastContactAt;
        e.saved.statusPending = false;
      } catch (err) {
        this.log.warn({ err, hall: e.id }, 'city: a member hall’s last contact could not be stored at close');
      }
    }
  }

  /** The link state of a linked member at `now`. */
  linkState(e: MemberEntry, now: number, offlineMs: number): 'online' | 'offline' | 'never' {
    if (e.lastContactAt === null) return 'never';
    return now - e.lastContactAt > offlineMs ? 'offline' : 'online';
  }

  now(): number {
    return this.clock.now();
  }
}

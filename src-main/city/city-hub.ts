import type { HallService } from '../app/hall-service';
import { baseSnapshot, openTicketViews } from '../app/views';
import type { AlertView, CatalogueState, CityAlertView, CityFloorView, CityHallView, CityOverview, DeviceStatusView } from '../contracts';
import type { HallRegistry, HallRuntime } from '../hall/hall-runtime';
import type { CitySettings } from './city-settings';
import type { MemberEntry, MemberRegistry } from './member-registry';
import type { MirrorHalls } from './mirror-halls';

// Everything the city shows of its member halls: one CityOverview for all clients and a floor view per
// watched hall. What each hall contributes is worked out when the hall changes (a commit, an alert, a
// status, a contact), not when someone asks: building the overview of hundreds of halls only puts ready
// figures together, and only the longest wait and the link state are worked out again (they move with
// the clock).

const MINUTE = 60_000;
/** The city's alert list shows this many (red first, then the oldest); each hall's counts include all of them. */
export const MAX_OVERVIEW_ALERTS = 1000;
/** An overview without changes since is given out again for this long. */
const OVERVIEW_FRESH_MS = 1000;
const NO_CATALOGUE: CatalogueState = { version: null, refused: null };

/** What one hall contributes to the overview, worked out once per change. */
export interface HallFacts {
  name: string;
  nameEn: string;
  serviceDay: string | null;
  waiting: number;
  /** When the longest-waiting ticket was issued; null with nobody waiting. */
  oldestWaitingAt: number | null;
  openWindows: number;
  windows: number;
  issuedToday: number;
  servedToday: number;
  lastSeq: number;
  /** Active alerts (cleared ones left out). */
  alerts: AlertView[];
}

function factsOf(service: HallService, alerts: readonly AlertView[]): HallFacts {
  const { state, config } = service;
  let waiting = 0;
  let oldest: number | null = null;
  for (const ids of state.waiting.values()) {
    waiting += ids.size;
    for (const id of ids) {
      const t = state.tickets.get(id);
      if (t && (oldest === null || t.issuedAt < oldest)) oldest = t.issuedAt;
    }
  }
  let openWindows = 0;
  for (const w of state.windows.values()) if (w.status === 'open') openWindows++;
  let issuedToday = 0;
  for (const n of state.lastSeq.values()) issuedToday += n;
  let servedToday = 0;
  for (const s of state.servedToday.values()) servedToday += s.count;
  return {
    name: config.name,
    nameEn: config.nameEn,
    serviceDay: state.serviceDay,
    waiting,
    oldestWaitingAt: oldest,
    openWindows,
    windows: state.windows.size,
    issuedToday,
    servedToday,
    lastSeq: service.seq,
    alerts: alerts.filter((a) => a.clearedAt === null),
  };
}

/**
 * What a server running a member hall tells the other servers of a city on PostgreSQL (city-share.ts): the
 * hall's facts and its link's last contact and status. Everything that moves with the clock (the longest
 * wait, 失联) is worked out by each reader from these at its own time.
 */
export interface PublishedHall {
  facts: HallFacts | null;
  lastContactAt: number | null;
  status: { lastSeq: number; catalogue: CatalogueState; alerts: AlertView[] } | null;
}

/** Member halls other servers of the city run: what they published, and the floor of a watched one. */
export interface RemoteHalls {
  get(hallId: string): PublishedHall | undefined;
  floor(hallId: string): CityFloorView | undefined;
}

type Source = { kind: 'local'; runtime: HallRuntime } | { kind: 'mirror'; service: HallService; entry: MemberEntry } | { kind: 'none' };

export interface CityHubDeps {
  settings: CitySettings;
  registry: MemberRegistry;
  mirrors: MirrorHalls;
  halls: HallRegistry;
  now: () => number;
  /** The newest published catalogue version. */
  catalogueVersion: () => number | null;
  /**
   * A city on several servers (PostgreSQL): whether this server holds a linked hall's lease (its mirror is
   * here), and what the others published of the halls they run. Without: every member is here (SQLite).
   */
  holds?: ((hallId: string) => boolean) | undefined;
  remote?: RemoteHalls | undefined;
}

export class CityHub {
  private readonly facts = new Map<string, HallFacts | null>();
  private readonly dirty = new Set<string>();
  /** Local halls this hub listens to, by the runtime it subscribed to (a hall reopened is a new runtime). */
  private readonly local = new Map<string, { runtime: HallRuntime; stop: () => void }>();
  private overviewCache: CityOverview | null = null;
  private readonly listeners = new Set<(hallId: string) => void>();
  private readonly offlineMs: number;

  constructor(private readonly deps: CityHubDeps) {
    this.offlineMs = deps.settings.config.offlineAlertMinutes * MINUTE;
    for (const id of deps.registry.entries.keys()) this.dirty.add(id);
  }

  /** Told of every change of a member hall (commit, alert, status, contact). */
  onChange(listener: (hallId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A member hall changed: its facts are worked out again at the next overview. */
  changed(hallId: string): void {
    this.dirty.add(hallId);
    this.overviewCache = null;
    for (const l of this.listeners) l(hallId);
  }

  /** A watched hall's floor, fetched from the server running it, changed: its watchers get it (the overview is unchanged). */
  floorChanged(hallId: string): void {
    for (const l of this.listeners) l(hallId);
  }

  /** Something every hall shows changed (the catalogue version), or the clock moved on. */
  changedAll(): void {
    for (const id of this.deps.registry.entries.keys()) this.dirty.add(id);
    this.overviewCache = null;
  }

  /** Each linked hall's link state as last shown: crossing offlineAlertMinutes is a change by itself. */
  private readonly shownLinks = new Map<string, string>();

  /** Marks changed every linked hall whose link state moved (went silent, or was heard of again). */
  checkLinks(): void {
    const now = this.deps.registry.now();
    for (const e of this.deps.registry.entries.values()) {
      if (!e.key) continue;
      const link = this.linkOf(this.info(e).lastContactAt, now);
      if (this.shownLinks.get(e.id) !== link) {
        this.shownLinks.set(e.id, link);
        this.changed(e.id);
      }
    }
  }

  /** Whether anything changed since the last overview. */
  get stale(): boolean {
    return this.overviewCache === null;
  }

  /**
   * Follows the city's own halls as they open and close (at start, and in a cluster as leases move): each
   * one's commits and alert changes mark it changed.
   */
  syncLocal(): void {
    for (const e of this.deps.registry.entries.values()) {
      if (e.key) continue;
      const runtime = this.deps.halls.get(e.id);
      const known = this.local.get(e.id);
      if (known?.runtime === runtime) continue;
      known?.stop();
      this.local.delete(e.id);
      if (runtime) {
        const offCommit = runtime.service.onCommit(() => this.changed(e.id));
        const offAlerts = runtime.alerts.onChange(() => this.changed(e.id));
        this.local.set(e.id, {
          runtime,
          stop: () => {
            offCommit();
            offAlerts();
          },
        });
      }
      this.changed(e.id);
    }
  }

  stop(): void {
    for (const l of this.local.values()) l.stop();
    this.local.clear();
    this.listeners.clear();
  }

  private source(e: MemberEntry): Source {
    if (!e.key) {
      const runtime = this.deps.halls.get(e.id);
      return runtime ? { kind: 'local', runtime } : { kind: 'none' };
    }
    const service = this.deps.mirrors.get(e.id);
    return service ? { kind: 'mirror', service, entry: e } : { kind: 'none' };
  }

  /** Whether this server runs the member (its own hall open here, or a linked hall whose lease it holds). */
  runsHere(hallId: string): boolean {
    const e = this.deps.registry.get(hallId);
    if (!e) return false;
    return e.key ? (this.deps.holds?.(hallId) ?? true) : this.deps.halls.has(hallId);
  }

  /** The member as this server knows it: from here if it runs it, else from what its server published. */
  private info(e: MemberEntry): PublishedHall {
    const remote = this.deps.remote && !this.runsHere(e.id) ? this.deps.remote.get(e.id) : undefined;
    if (remote) return remote;
    const st = e.status;
    return {
      facts: this.factsFor(e),
      lastContactAt: e.lastContactAt,
      status: st ? { lastSeq: st.lastSeq, catalogue: st.catalogue, alerts: st.alerts } : null,
    };
  }

  /** What this server publishes of a member it runs (undefined when it does not run it). */
  publication(hallId: string): PublishedHall | undefined {
    const e = this.deps.registry.get(hallId);
    if (!e || !this.runsHere(hallId)) return undefined;
    return this.info(e);
  }

  private linkOf(lastContactAt: number | null, now: number): 'online' | 'offline' | 'never' {
    if (lastContactAt === null) return 'never';
    return now - lastContactAt > this.offlineMs ? 'offline' : 'online';
  }

  private factsFor(e: MemberEntry): HallFacts | null {
    if (!this.dirty.has(e.id) && this.facts.has(e.id)) return this.facts.get(e.id)!;
    const src = this.source(e);
    const facts =
      src.kind === 'local' ? factsOf(src.runtime.service, src.runtime.alerts.current()) : src.kind === 'mirror' ? factsOf(src.service, e.status?.alerts ?? []) : null;
    this.facts.set(e.id, facts);
    this.dirty.delete(e.id);
    return facts;
  }

  /**
   * The overview as of now: the one made since the last change if it is under a second old (by the city's
   * clock: waits and link states move with it), or a new one.
   */
  overview(): CityOverview {
    this.syncLocal();
    const now = this.deps.now();
    if (this.overviewCache && now - this.overviewCache.at < OVERVIEW_FRESH_MS) return this.overviewCache;
    return (this.overviewCache = this.build(now));
  }

  /** A new overview at the clock's time (the periodic push: waits grow and halls fall silent without any change). */
  refresh(): CityOverview {
    this.overviewCache = null;
    return this.overview();
  }

  private build(now: number): CityOverview {
    const { config } = this.deps.settings;
    const halls: CityHallView[] = [];
    const alerts: CityAlertView[] = [];
    for (const e of this.deps.registry.entries.values()) {
      const known = this.info(e);
      const f = known.facts;
      const name = f?.name ?? e.member.name ?? e.id;
      const nameEn = f?.nameEn ?? e.member.nameEn ?? e.id;
      const lastContactAt = known.lastContactAt;
      const link = e.key ? this.linkOf(lastContactAt, now) : 'local';
      const hallAlerts = f?.alerts ?? known.status?.alerts ?? [];
      let red = 0;
      let yellow = 0;
      for (const a of hallAlerts) {
        if (a.level === 'red') red++;
        else yellow++;
        alerts.push({ hallId: e.id, hallName: name, hallNameEn: nameEn, kind: a.kind, level: a.level, subject: a.subject, message: a.message, messageEn: a.messageEn, since: a.since });
      }
      if (link === 'offline' && lastContactAt !== null) {
        red++;
        const minutes = Math.floor((now - lastContactAt) / MINUTE);
        alerts.push({
          hallId: e.id,
          hallName: name,
          hallNameEn: nameEn,
          kind: 'offline',
          level: 'red',
          subject: e.id,
          message: `${name}已失联 ${minutes} 分钟（超过 ${config.offlineAlertMinutes} 分钟未收到该大厅的数据）`,
          messageEn: `${nameEn} has been silent for ${minutes} min (nothing received for over ${config.offlineAlertMinutes} min)`,
          since: lastContactAt,
        });
      }
      const lastSeq = f?.lastSeq ?? 0;
      halls.push({
        id: e.id,
        name,
        nameEn,
        level: e.member.level,
        link,
        lastContactAt: e.key ? lastContactAt : null,
        serviceDay: f?.serviceDay ?? null,
        waiting: f?.waiting ?? 0,
        longestWaitMinutes: !f || f.oldestWaitingAt === null ? null : Math.max(0, Math.floor((now - f.oldestWaitingAt) / MINUTE)),
        openWindows: f?.openWindows ?? 0,
        windows: f?.windows ?? 0,
        issuedToday: f?.issuedToday ?? 0,
        servedToday: f?.servedToday ?? 0,
        alerts: { red, yellow },
        // The hall's newest seq as it last said, less what the city has stored since.
        backlog: e.key && known.status ? Math.max(0, known.status.lastSeq - lastSeq) : 0,
        lastSeq,
        catalogue: e.key ? (known.status?.catalogue ?? NO_CATALOGUE) : NO_CATALOGUE,
      });
    }
    alerts.sort((a, b) => (a.level === b.level ? a.since - b.since : a.level === 'red' ? -1 : 1));
    if (alerts.length > MAX_OVERVIEW_ALERTS) alerts.length = MAX_OVERVIEW_ALERTS;
    return {
      cityId: config.id,
      name: config.name,
      nameEn: config.nameEn,
      at: now,
      offlineAlertMinutes: config.offlineAlertMinutes,
      catalogueVersion: this.deps.catalogueVersion(),
      halls,
      alerts,
    };
  }

  /**
   * A member hall's floor as its supervisors see it (handlers/snapshot.ts for a supervisor): the base
   * snapshot, the tickets being called or served, the alerts (and, for the city's own halls, the kiosks'
   * devices). Null when the city has nothing of the hall to show yet.
   */
  floor(hallId: string): CityFloorView | null {
    const e = this.deps.registry.get(hallId);
    if (!e) return null;
    // A hall another server runs: its floor as last fetched from that server (city-share.ts).
    if (this.deps.remote && !this.runsHere(hallId)) return this.deps.remote.floor(hallId) ?? null;
    const src = this.source(e);
    if (src.kind === 'none') return null;
    const service = src.kind === 'local' ? src.runtime.service : src.service;
    const alerts = src.kind === 'local' ? src.runtime.alerts.current() : (e.status?.alerts ?? []);
    const devices: DeviceStatusView[] | undefined = src.kind === 'local' ? src.runtime.devices.views() : undefined;
    const snapshot = baseSnapshot(service.state, service.rules, service.labels, service.seq, this.deps.now(), service.recentCalls);
    snapshot.tickets = openTicketViews(service.state, (t) => t.state === 'called' || t.state === 'serving');
    snapshot.alerts = alerts;
    if (devices) snapshot.devices = devices;
    return { hallId, snapshot };
  }

  /** Counts for /health. */
  counts(): { members: number; local: number; linked: number; online: number; offline: number; never: number } {
    const now = this.deps.now();
    const c = { members: 0, local: 0, linked: 0, online: 0, offline: 0, never: 0 };
    for (const e of this.deps.registry.entries.values()) {
      c.members++;
      if (!e.key) {
        c.local++;
        continue;
      }
      c.linked++;
      c[this.linkOf(this.info(e).lastContactAt, now)]++;
    }
    return c;
  }
}

import type { CityNonceStore, CityViewStore } from '../app/link-ports';
import type { CityFloorView } from '../contracts';
import { LINK_CLOCK_SKEW_MS } from '../contracts';
import { RELAY_HEADER } from '../cluster/relay-trust';
import type { Logger } from '../hall/logger';
import type { CityCatalogue } from './city-catalogue';
import type { CityHub, PublishedHall, RemoteHalls } from './city-hub';

// A city platform on several servers (PostgreSQL): each member hall is run by one of them (its own halls
// and linked halls' mirrors are leased like any hall), so each server knows only its halls' live state.
// Once a second every server publishes what changed of the halls it runs into city_hall_views and reads
// what the others published since it last looked; the overview is built from both. A watched hall that
// another server runs has its floor fetched from that server (GET /api/city/floor/<id>, with the
// cluster secret) about once a second. A SQLite city has none of this: everything is in one process.

export const SHARE_EVERY_MS = 1000;
/** Every this many rounds the whole table is read again (a row whose version was taken before a newer one committed is not missed for long). */
const FULL_READ_EVERY = 10;
const FLOOR_TIMEOUT_MS = 2000;
const NONCE_SWEEP_EVERY = 60;

export interface CityShareDeps {
  views: CityViewStore;
  /** Old nonces are forgotten about once a minute. */
  nonces: CityNonceStore;
  instanceId: string;
  /** The cluster secret, shown to the server a floor is fetched from. */
  secret: string;
  hub: CityHub;
  catalogue: CityCatalogue;
  /** Where the server running a hall is reached (null while nobody runs it). */
  ownerOf: (hallId: string) => Promise<{ id: string; url: string } | null>;
  log: Logger;
}

export class CityShare implements RemoteHalls {
  private readonly published = new Map<string, PublishedHall>();
  private readonly seenText = new Map<string, string>();
  /** What this server last published of each hall it runs. */
  private readonly ownText = new Map<string, string>();
  private readonly due = new Set<string>();
  private readonly floors = new Map<string, CityFloorView>();
  private lastVersion = 0;
  private rounds = 0;
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<void> | null = null;
  private stopOnChange: (() => void) | null = null;
  private lastFailureLog = 0;
  /** The halls someone watches on this server's city page (set by CityLive). */
  watched: () => readonly string[] = () => [];

  constructor(private readonly deps: CityShareDeps) {}

  get(hallId: string): PublishedHall | undefined {
    return this.published.get(hallId);
  }

  floor(hallId: string): CityFloorView | undefined {
    return this.floors.get(hallId);
  }

  /** Reads the table once (so the first overview has every hall), then keeps going every second. */
  async start(): Promise<void> {
    this.stopOnChange = this.deps.hub.onChange((hallId) => {
      if (this.deps.hub.runsHere(hallId)) this.due.add(hallId);
    });
    await this.read(true).catch((err: unknown) => this.failed(err));
    this.timer = setInterval(() => {
      if (this.round) return;
      this.round = this.tick().finally(() => (this.round = null));
    }, SHARE_EVERY_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.stopOnChange?.();
    await this.round;
    // What this server runs is published one last time (a hall it gave back is shown by its next owner).
    await this.publish().catch(() => undefined);
  }

  /** The server that runs the hall now says what it has of it; false when none could be asked. */
  async fetchFloor(hallId: string): Promise<CityFloorView | null> {
    const owner = await this.deps.ownerOf(hallId);
    if (!owner || owner.id === this.deps.instanceId) return null;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), FLOOR_TIMEOUT_MS);
    try {
      const res = await fetch(new URL(`/api/city/floor/${encodeURIComponent(hallId)}`, owner.url), { headers: { [RELAY_HEADER]: this.deps.secret }, signal: controller.signal });
      if (res.status !== 200) {
        await res.body?.cancel();
        return null;
      }
      const floor = (await res.json()) as CityFloorView;
      if (floor?.hallId !== hallId) return null;
      this.floors.set(hallId, floor);
      return floor;
    } catch {
      return null;
    } finally {
      clearTimeout(timer);
    }
  }

  private async tick(): Promise<void> {
    try {
      this.rounds++;
      await this.publish();
      await this.read(this.rounds % FULL_READ_EVERY === 0);
      if (await this.deps.catalogue.refresh()) this.deps.hub.changedAll();
      // A request older than the clock window is refused by its time: its nonce need not be kept.
      if (this.rounds % NONCE_SWEEP_EVERY === 0) await this.deps.nonces.forget(Date.now() - 2 * LINK_CLOCK_SKEW_MS);
    } catch (err) {
      this.failed(err);
    }
    await this.refreshFloors();
  }

  private failed(err: unknown): void {
    if (Date.now() - this.lastFailureLog < 10_000) return;
    this.lastFailureLog = Date.now();
    this.deps.log.warn({ err }, 'city: the shared overview could not be published or read (database unreachable?)');
  }

  /** What changed of the halls this server runs, one row per hall (at most once a round each). */
  private async publish(): Promise<void> {
    const due = [...this.due];
    this.due.clear();
    for (let i = 0; i < due.length; i++) {
      const hallId = due[i]!;
      const p = this.deps.hub.publication(hallId);
      if (!p) continue;
      const text = JSON.stringify(p);
      if (this.ownText.get(hallId) === text) continue;
      try {
        await this.deps.views.publish(hallId, this.deps.instanceId, text);
      } catch (err) {
        for (const id of due.slice(i)) this.due.add(id);
        throw err;
      }
      this.ownText.set(hallId, text);
    }
  }

  private async read(full: boolean): Promise<void> {
    const rows = await this.deps.views.since(full ? 0 : this.lastVersion);
    for (const r of rows) {
      if (r.version > this.lastVersion) this.lastVersion = r.version;
      // Another server published the hall since: what this one published last is no longer what is shown.
      if (r.owner !== this.deps.instanceId) this.ownText.delete(r.hallId);
      if (this.seenText.get(r.hallId) === r.view) continue;
      let view: PublishedHall;
      try {
        view = JSON.parse(r.view) as PublishedHall;
      } catch {
        continue;
      }
      this.seenText.set(r.hallId, r.view);
      this.published.set(r.hallId, view);
      if (!this.deps.hub.runsHere(r.hallId)) this.deps.hub.changed(r.hallId);
    }
  }

  /** The floors of watched halls other servers run, fetched again (about once a second while watched). */
  private async refreshFloors(): Promise<void> {
    const watched = new Set(this.deps.hub ? this.watched() : []);
    for (const id of [...this.floors.keys()]) if (!watched.has(id)) this.floors.delete(id);
    await Promise.all(
      [...watched].map(async (hallId) => {
        if (this.deps.hub.runsHere(hallId)) {
          this.floors.delete(hallId);
          return;
        }
        const before = this.floors.get(hallId);
        const floor = await this.fetchFloor(hallId);
        if (floor && JSON.stringify(floor) !== JSON.stringify(before)) this.deps.hub.floorChanged(hallId);
      }),
    );
  }
}

import type { Logger } from '../hall/logger';
import type { LeaseRow, LeaseTable } from './lease-table';
import type { OwnerAddress } from './socket-relay';

export interface LeaserOptions {
  table: LeaseTable;
  instanceId: string;
  /** Where other servers reach this one (its advertised URL). */
  url: () => string;
  /** Every hall of the cluster's configuration, in the same order on every server. */
  halls: readonly string[];
  /** A lease runs this long after its last renewal; a dead owner's halls are taken over after it. */
  leaseMs: number;
  /** How often leases are renewed and free halls looked for. */
  roundMs: number;
  /** Starts running a hall just leased (throws: the lease is given back). */
  open(hallId: string, fence: number): Promise<void>;
  /** Stops running a hall (lost, or given up). */
  close(hallId: string, why: string): Promise<void>;
  log: Logger;
}

/**
 * Which halls this server runs. Every round it renews its leases (a hall whose lease it lost is closed at
 * once), takes halls nobody holds while it has fewer than its share (halls ÷ live servers, rounded up),
 * and, when every hall is held and it has more than its share, gives one back so a newly started server
 * gets work. A hall nobody took for two rounds is taken by anyone, share or not.
 */
export class HallLeaser {
  private readonly held = new Map<string, number>();
  /** Held halls whose runtime is open here (between the lease and the open, connections must wait). */
  private readonly running = new Set<string>();
  private readonly releasing = new Set<string>();
  private readonly orphanRounds = new Map<string, number>();
  private readonly backoff = new Map<string, number>();
  private owners = new Map<string, OwnerAddress>();
  private timer: NodeJS.Timeout | null = null;
  private inRound: Promise<void> | null = null;
  private stopped = false;
  private readonly startedAt = Date.now();
  private lastFailureLog = 0;
  private roundWaiters: Array<() => void> = [];

  constructor(private readonly o: LeaserOptions) {}

  /** The fencing number of a hall this server holds (the store checks it in every commit). */
  fenceOf(hallId: string): number | undefined {
    return this.held.get(hallId);
  }

  heldHalls(): string[] {
    return [...this.held.keys()];
  }

  /** Where each hall runs, as last seen (GET /health). */
  ownersView(): Record<string, string> {
    return Object.fromEntries([...this.owners].map(([hall, o]) => [hall, o.id]));
  }

  /** Runs the first round (so a lone server starts with every hall), then keeps going every roundMs. */
  async start(): Promise<void> {
    await this.o.table.pruneInstances().catch((err: unknown) => this.o.log.warn({ err }, 'could not prune old cluster members'));
    await this.round();
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.inRound = this.round().finally(() => {
        this.inRound = null;
        this.schedule();
      });
    }, this.o.roundMs);
  }

  /** The owner of a hall as last seen; waits (rounds go on meanwhile) while the hall has none. */
  async ownerOf(hallId: string, timeoutMs: number): Promise<OwnerAddress | null> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const owner = this.owners.get(hallId);
      if (owner) return owner;
      if (this.stopped || Date.now() >= until) return null;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(this.o.roundMs, Math.max(1, until - Date.now())));
        this.roundWaiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** A commit found the hall taken over: forget it (the host closes it). */
  lost(hallId: string): void {
    if (this.releasing.has(hallId)) return;
    this.running.delete(hallId);
    if (this.held.delete(hallId)) void this.o.close(hallId, 'another server took the hall over');
  }

  private async round(): Promise<void> {
    const { table, instanceId } = this.o;
    try {
      await table.heartbeat(instanceId, this.o.url(), this.startedAt);
      await this.renew();
      const [leases, live] = await Promise.all([table.leases(), table.liveInstances()]);
      this.see(leases, live.map((i) => i.id));
      await this.takeFree(leases, live.length);
      await this.rebalance(leases, live.length);
    } catch (err) {
      // The database is unreachable: halls stay open (their commits fail cleanly meanwhile) and the leases
      // are renewed as soon as it answers, unless another server took them over first: fencing decides.
      if (Date.now() - this.lastFailureLog > 10_000) {
        this.lastFailureLog = Date.now();
        this.o.log.error({ err }, 'cluster round failed (database unreachable?)');
      }
    } finally {
      const waiters = this.roundWaiters;
      this.roundWaiters = [];
      for (const w of waiters) w();
    }
  }

  private async renew(): Promise<void> {
    if (this.held.size === 0) return;
    const renewed = await this.o.table.renew(this.o.instanceId, this.held);
    for (const hallId of [...this.held.keys()]) if (!renewed.has(hallId) && !this.releasing.has(hallId)) this.lost(hallId);
  }

  private see(leases: readonly LeaseRow[], liveIds: readonly string[]): void {
    const live = new Set(liveIds);
    const owners = new Map<string, OwnerAddress>();
    for (const l of leases) {
      if (!l.live || !l.owner || !l.ownerUrl || !live.has(l.owner) || this.releasing.has(l.hallId)) continue;
      // Leased here but not open yet: a connection waits rather than being relayed to this very server.
      if (l.owner === this.o.instanceId && !this.running.has(l.hallId)) continue;
      owners.set(l.hallId, { id: l.owner, url: l.ownerUrl });
    }
    this.owners = owners;
  }

  private async takeFree(leases: readonly LeaseRow[], liveCount: number): Promise<void> {
    const byHall = new Map(leases.map((l) => [l.hallId, l]));
    const share = Math.ceil(this.o.halls.length / Math.max(1, liveCount));
    // Servers look at the free halls starting at different places, so they rarely race for the same one.
    const start = hashOf(this.o.instanceId) % Math.max(1, this.o.halls.length);
    const order = [...this.o.halls.slice(start), ...this.o.halls.slice(0, start)];
    for (const hallId of order) {
      if (this.stopped) return;
      if (this.held.has(hallId)) continue;
      const l = byHall.get(hallId);
      if (l && l.live && l.owner !== null) {
        this.orphanRounds.delete(hallId);
        continue;
      }
      const rounds = (this.orphanRounds.get(hallId) ?? 0) + 1;
      this.orphanRounds.set(hallId, rounds);
      if (this.held.size >= share && rounds < 3) continue;
      if ((this.backoff.get(hallId) ?? 0) > Date.now()) continue;
      const fence = await this.o.table.tryAcquire(hallId, this.o.instanceId);
      if (fence === null) continue;
      this.held.set(hallId, fence);
      this.orphanRounds.delete(hallId);
      try {
        await this.o.open(hallId, fence);
        this.running.add(hallId);
        this.owners.set(hallId, { id: this.o.instanceId, url: this.o.url() });
        this.o.log.info({ hall: hallId, fence }, 'took the hall');
      } catch (err) {
        this.o.log.error({ err, hall: hallId }, 'could not open a leased hall; giving it back');
        this.held.delete(hallId);
        this.backoff.set(hallId, Date.now() + 10_000);
        await this.o.table.release(hallId, this.o.instanceId, fence).catch(() => undefined);
      }
    }
  }

  private async rebalance(leases: readonly LeaseRow[], liveCount: number): Promise<void> {
    if (liveCount < 2 || this.releasing.size > 0) return;
    const share = Math.ceil(this.o.halls.length / liveCount);
    if (this.held.size <= share) return;
    const everyHallHeld = this.o.halls.every((h) => leases.some((l) => l.hallId === h && l.live && l.owner !== null));
    if (!everyHallHeld) return;
    const hallId = [...this.held.keys()].at(-1)!;
    await this.giveBack(hallId, 'rebalancing: another server has fewer halls');
  }

  /** Closes the hall here (accepted commands are written), then frees its lease for another server. */
  private async giveBack(hallId: string, why: string): Promise<void> {
    const fence = this.held.get(hallId);
    if (fence === undefined) return;
    this.releasing.add(hallId);
    this.running.delete(hallId);
    this.owners.delete(hallId);
    try {
      await this.o.close(hallId, why);
      await this.o.table.release(hallId, this.o.instanceId, fence);
    } finally {
      this.held.delete(hallId);
      this.releasing.delete(hallId);
    }
  }

  /** Gives every hall back (a graceful stop: others take them over at once instead of after the lease). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.inRound;
    for (const hallId of [...this.held.keys()]) await this.giveBack(hallId, 'server stopping').catch(() => undefined);
    await this.o.table.forgetInstance(this.o.instanceId).catch(() => undefined);
  }
}

function hashOf(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

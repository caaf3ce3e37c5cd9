import { validateConfig } from '../app/admin/config-editor';
import { HallService } from '../app/hall-service';
import type { Clock, HallStore } from '../app/ports';
import type { FieldIssue, HallConfig, HallProfile } from '../contracts';
import type { Logger } from '../hall/logger';
import type { ReadSide } from '../hall/read-side/read-side';

// Linked halls as the city keeps them: a HallService in mirror mode per hall, whose state is folded from
// the hall's uploaded events by the same evolve and written through the same store (so the read side
// projects them like a local hall's). Not in HallHost.halls: no client connects to a mirror.

export type ProfileCheck = { ok: true; config: HallConfig; staffNames: Map<string, string> } | { ok: false; issues: FieldIssue[] };

/**
 * The hall config a mirror runs with, from the hall's hello: its own config without accounts, devices,
 * secrets or webhook (a hall sends none of them; anything sent is dropped), never in production mode (that
 * asks for admin accounts), checked like any hall config.
 */
export function mirrorConfig(hallId: string, profile: HallProfile): ProfileCheck {
  const raw: Record<string, unknown> = { ...profile.config, accounts: [], devices: [], secrets: {}, production: false };
  const n = raw.notifications;
  if (n && typeof n === 'object' && !Array.isArray(n)) {
    const { webhook: _webhook, ...rest } = n as Record<string, unknown>;
    raw.notifications = rest;
  }
  const check = validateConfig(raw, {});
  if (!check.ok) return { ok: false, issues: (check.failure.issues ?? [{ path: '(root)', message: check.failure.messageEn }]).map((i) => ({ ...i, path: `profile.config.${i.path}` })) };
  if (check.config.id !== hallId) return { ok: false, issues: [{ path: 'profile.config.id', message: `the hall's id is "${hallId}" (as in the path and x-link-hall), not "${check.config.id}"` }] };
  return { ok: true, config: check.config, staffNames: new Map(Object.entries(profile.staffNames)) };
}

interface Mirror {
  service: HallService;
  stop: () => void;
  configText: string;
  staffText: string;
}

export interface MirrorDeps {
  store: HallStore;
  reads: ReadSide;
  clock: Clock;
  log: Logger;
  /** Told after every commit of a mirror (the overview and the floor views refresh). */
  onCommit: (hallId: string) => void;
  /** Told when a mirror's commit found another server holding the hall's lease (PostgreSQL); the mirror is closed. */
  onRetired?: ((hallId: string) => void) | undefined;
}

export class MirrorHalls {
  private readonly mirrors = new Map<string, Mirror>();
  private wakePending = false;

  constructor(private readonly deps: MirrorDeps) {}

  get size(): number {
    return this.mirrors.size;
  }

  get(hallId: string): HallService | undefined {
    return this.mirrors.get(hallId)?.service;
  }

  ids(): string[] {
    return [...this.mirrors.keys()];
  }

  /**
   * Opens the hall's mirror, or brings an open one to the config of a new hello: reconfigured in place when
   * its queue allows (as the hall itself did), otherwise opened again from the store with the new config.
   */
  async open(hallId: string, config: HallConfig, staffNames: ReadonlyMap<string, string>): Promise<HallService> {
    const configText = JSON.stringify(config);
    const staffText = JSON.stringify([...staffNames]);
    const open = this.mirrors.get(hallId);
    if (open?.service.retired) await this.closeOne(hallId);
    else if (open) {
      if (open.configText === configText && open.staffText === staffText) return open.service;
      const refused = await open.service.reconfigure(config, staffNames);
      if (!refused) {
        open.configText = configText;
        open.staffText = staffText;
        this.deps.onCommit(hallId);
        return open.service;
      }
      this.deps.log.info({ hall: hallId, refused: refused.code }, 'city: mirror reopened with the hall’s new config');
      open.stop();
      await open.service.drain();
      this.mirrors.delete(hallId);
    }
    const service = await HallService.openMirror(config, this.deps.store, this.deps.clock, staffNames);
    this.deps.reads.addHall(hallId);
    const offCommit = service.onCommit(() => {
      this.wakeProjector();
      this.deps.onCommit(hallId);
    });
    const offRetired = service.onRetired(() => {
      if (this.mirrors.get(hallId)?.service === service) void this.closeOne(hallId);
      this.deps.onRetired?.(hallId);
    });
    const stop = () => {
      offCommit();
      offRetired();
    };
    this.mirrors.set(hallId, { service, stop, configText, staffText });
    this.deps.onCommit(hallId);
    return service;
  }

  /** Lets the hall's accepted batches be written, then forgets its mirror (another server holds it now). */
  async closeOne(hallId: string): Promise<void> {
    const m = this.mirrors.get(hallId);
    if (!m) return;
    this.mirrors.delete(hallId);
    m.stop();
    await m.service.drain();
    this.deps.onCommit(hallId);
  }

  /** Lets every accepted batch be written, then forgets the mirrors. */
  async close(): Promise<void> {
    for (const m of this.mirrors.values()) m.stop();
    await Promise.all([...this.mirrors.values()].map((m) => m.service.drain()));
    this.mirrors.clear();
  }

  /** The projector hears of commits at most once per turn of the loop (as HallHost does for local halls). */
  private wakeProjector(): void {
    if (this.wakePending) return;
    this.wakePending = true;
    setImmediate(() => {
      this.wakePending = false;
      this.deps.reads.wake();
    });
  }
}

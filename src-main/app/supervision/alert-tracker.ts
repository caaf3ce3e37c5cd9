import type { AlertView } from '../../contracts';
import type { CompiledRules, HallState } from '../../domain';
import type { AlertStore, Outcome } from '../admin-ports';
import type { Condition, DeviceFault, SupervisionThresholds } from './conditions';
import { conditionsOf } from './conditions';

export interface SupervisionInput {
  state: HallState;
  rules: CompiledRules;
  thresholds: SupervisionThresholds;
  devices: DeviceFault[];
  /** Conditions kept outside the queue's state (kiosks locked for guessing booking codes). */
  others?: Condition[];
}

export interface Reconciliation {
  raise: Condition[];
  escalate: Array<{ alert: AlertView; condition: Condition }>;
  clear: AlertView[];
}

/** What to do with the active alerts (by key) given the conditions that hold now. */
export function reconcile(active: ReadonlyMap<string, AlertView>, conditions: readonly Condition[]): Reconciliation {
  const out: Reconciliation = { raise: [], escalate: [], clear: [] };
  const now = new Map(conditions.map((c) => [c.key, c]));
  for (const c of now.values()) {
    const alert = active.get(c.key);
    if (!alert) out.raise.push(c);
    else if (alert.level === 'yellow' && c.level === 'red') out.escalate.push({ alert, condition: c });
  }
  for (const alert of active.values()) if (!now.has(alert.key)) out.clear.push(alert);
  return out;
}

/** Cleared alerts nobody acknowledged stay on the floor view this long. */
const UNACKNOWLEDGED_KEPT_MS = 24 * 60 * 60 * 1000;

/**
 * 电子监察: compares the hall's current conditions with the alerts it has raised, on every commit and on
 * a timer, and raises, escalates (yellow → red, which asks for a new acknowledgement) or clears them.
 * Every alert is kept in the store; listeners hear each change.
 */
export class AlertTracker {
  private readonly active = new Map<string, AlertView>();
  /** What the floor view shows: active alerts and cleared ones not yet acknowledged, by id. */
  private readonly visible = new Map<number, AlertView>();
  private readonly listeners = new Set<(alert: AlertView) => void>();
  private chain: Promise<unknown> = Promise.resolve();

  /**
   * `between` runs between two writes of one check: each write is a durable transaction, and a check that
   * raises or clears many alerts at once (a day closing, a morning's waits crossing the limit) should let
   * other work in between them rather than hold the process for all of them.
   */
  constructor(
    private readonly hallId: string,
    private readonly store: AlertStore,
    private readonly input: () => SupervisionInput,
    private readonly now: () => number,
    private readonly between: () => Promise<void> = () => Promise.resolve(),
  ) {}

  async load(): Promise<void> {
    this.active.clear();
    this.visible.clear();
    for (const a of await this.store.openAlerts(this.hallId, this.now() - UNACKNOWLEDGED_KEPT_MS)) {
      this.visible.set(a.id, a);
      if (a.clearedAt === null) this.active.set(a.key, a);
    }
  }

  onChange(listener: (alert: AlertView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Alerts still active, and cleared ones not yet acknowledged (from the last day), newest first. */
  current(): AlertView[] {
    return [...this.visible.values()].sort((a, b) => b.raisedAt - a.raisedAt || b.id - a.id);
  }

  list(fromAt: number, toAt: number): Promise<AlertView[]> {
    return Promise.resolve(this.store.list(this.hallId, fromAt, toAt));
  }

  /** Brings the alerts up to date; resolves with those that changed. */
  check(): Promise<AlertView[]> {
    return this.serial(async () => {
      const { state, rules, thresholds, devices, others = [] } = this.input();
      const now = this.now();
      const plan = reconcile(this.active, [...conditionsOf(state, rules, thresholds, devices, now), ...others]);
      const changed: AlertView[] = [];
      let writes = 0;
      const pace = () => (writes++ > 0 ? this.between() : undefined);
      for (const c of plan.raise) {
        await pace();
        const fields: Omit<AlertView, 'id'> = {
          key: c.key, kind: c.kind, level: c.level, subject: c.subject, message: c.message, messageEn: c.messageEn, since: c.since,
          raisedAt: now, escalatedAt: null, clearedAt: null, acknowledgedAt: null, acknowledgedBy: null, ackNote: null,
        };
        const alert = { id: await this.store.insert(this.hallId, fields), ...fields };
        this.active.set(c.key, alert);
        changed.push(alert);
      }
      for (const { alert, condition } of plan.escalate) {
        await pace();
        const next: AlertView = { ...alert, level: 'red', escalatedAt: now, message: condition.message, messageEn: condition.messageEn, acknowledgedAt: null, acknowledgedBy: null, ackNote: null };
        await this.store.update(this.hallId, next);
        this.active.set(next.key, next);
        changed.push(next);
      }
      for (const alert of plan.clear) {
        await pace();
        const next: AlertView = { ...alert, clearedAt: now };
        await this.store.update(this.hallId, next);
        this.active.delete(alert.key);
        changed.push(next);
      }
      const oldest = now - UNACKNOWLEDGED_KEPT_MS;
      for (const a of this.visible.values()) if (a.clearedAt !== null && a.raisedAt < oldest) this.visible.delete(a.id);
      for (const a of changed) this.show(a);
      return changed;
    });
  }

  acknowledge(id: number, by: string, note: string): Promise<Outcome<AlertView>> {
    return this.serial(async () => {
      const stored = await this.store.get(this.hallId, id);
      if (!stored) return { ok: false, failure: { code: 'NO_SUCH_ALERT', message: `没有编号为 ${id} 的告警`, messageEn: `No alert ${id}` } };
      const base = [...this.active.values()].find((a) => a.id === id) ?? stored;
      const next: AlertView = { ...base, acknowledgedAt: this.now(), acknowledgedBy: by, ackNote: note };
      await this.store.update(this.hallId, next);
      if (this.active.has(next.key) && next.clearedAt === null) this.active.set(next.key, next);
      this.show(next);
      return { ok: true, data: next, replayed: false };
    });
  }

  private show(a: AlertView): void {
    if (a.clearedAt !== null && a.acknowledgedAt !== null) this.visible.delete(a.id);
    else this.visible.set(a.id, a);
    for (const l of this.listeners) l(a);
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work, work);
    this.chain = next.catch(() => undefined);
    return next;
  }
}

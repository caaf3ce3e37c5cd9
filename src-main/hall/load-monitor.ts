import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ServerLoadView } from '../contracts';
import type { HallRegistry } from './hall-runtime';
import type { ReadSide } from './read-side/read-side';

const ms = (ns: number) => Math.round(ns / 1e4) / 100;

/** Above these the server tells admins it is overloaded (calls may lag). */
export const OVERLOAD = { loopDelayP99Ms: 100, projectorLagEvents: 5_000, queuedQueries: 8 } as const;

/**
 * How hard the server works: event-loop delay over the last interval, the read side's lag and queue. Read by
 * GET /health (which also keeps its own "since the previous /health" figures) and pushed to admin pages.
 */
export class LoadMonitor {
  private readonly sinceHealth = monitorEventLoopDelay({ resolution: 5 });
  private readonly interval = monitorEventLoopDelay({ resolution: 5 });
  private last: ServerLoadView;
  private readonly timer: NodeJS.Timeout;
  private readonly listeners = new Set<(load: ServerLoadView) => void>();

  constructor(
    private readonly halls: HallRegistry,
    private readonly reads: ReadSide,
    everyMs = 5_000,
  ) {
    this.sinceHealth.enable();
    this.interval.enable();
    this.last = this.sample();
    this.timer = setInterval(() => {
      const before = this.last.overloaded;
      this.last = this.sample();
      this.interval.reset();
      if (this.last.overloaded || before) for (const l of this.listeners) l(this.last);
    }, everyMs);
    this.timer.unref();
  }

  private sample(): ServerLoadView {
    const read = this.reads.health();
    const lags = [...this.halls.values()].map((h) => Math.max(0, h.service.seq - (read.projected[h.config.id] ?? 0)));
    const loopDelayP99Ms = ms(this.interval.percentile(99));
    const projectorLagEvents = Math.max(0, ...lags);
    const reasons: ServerLoadView['reasons'] = [];
    if (loopDelayP99Ms > OVERLOAD.loopDelayP99Ms) reasons.push('event-loop');
    if (projectorLagEvents > OVERLOAD.projectorLagEvents && !read.rebuilding) reasons.push('projector');
    if (read.queued > OVERLOAD.queuedQueries) reasons.push('queries');
    return { overloaded: reasons.length > 0, reasons, loopDelayP99Ms, loopDelayMaxMs: ms(this.interval.max), projectorLagEvents, rebuilding: read.rebuilding !== null, queuedQueries: read.queued };
  }

  current(): ServerLoadView {
    return this.last;
  }

  /** Called with each new sample while the server is (or just stopped being) overloaded. */
  onChange(listener: (load: ServerLoadView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The GET /health body. */
  health(startedAt: number): object {
    const read = this.reads.health();
    const d = this.sinceHealth;
    const eventLoopDelayMs = { p50: ms(d.percentile(50)), p99: ms(d.percentile(99)), max: ms(d.max) };
    d.reset();
    return {
      ok: true,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      memory: { rssMb: Math.round(process.memoryUsage().rss / 1048576) },
      // How long work waited for the event loop since the last /health: the server's own latency.
      eventLoopDelayMs,
      load: this.last,
      readSide: { ready: read.ready, rebuilding: read.rebuilding, queuedQueries: read.queued, projectorFailures: read.projectorFailures },
      halls: [...this.halls.values()].map((h) => {
        const projected = read.projected[h.config.id] ?? 0;
        return { id: h.config.id, seq: h.service.seq, serviceDay: h.service.state.serviceDay, projectedSeq: projected, projectorLag: Math.max(0, h.service.seq - projected) };
      }),
    };
  }

  stop(): void {
    clearInterval(this.timer);
    this.sinceHealth.disable();
    this.interval.disable();
  }
}

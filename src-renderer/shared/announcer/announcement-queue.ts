import { announcementClips, type Announcement } from './sentence';
import type { ClipId } from './vocabulary';

// One announcement at a time, in call order: two windows calling at once must never talk over each other.
// A call is known by its hall sequence number, so the same call delivered twice (a reconnect replay) is spoken
// once, while a recall (a new call with a new seq) is spoken again.

export type Voice = 'clips' | 'speech';

export interface AnnouncePlayer {
  /** Speaks the whole announcement (chime and repeats) and resolves when it has finished; says which voice spoke. */
  play(a: Announcement): Promise<Voice>;
}

export type AnnouncementStatus = 'queued' | 'playing' | 'played' | 'failed' | 'merged';

/** What the page exposes as window.__announcer.log: read-only copies. */
export interface AnnouncementLogEntry {
  seq: number;
  number: string;
  windowId: number;
  recall: boolean;
  clips: ClipId[];
  text: string;
  status: AnnouncementStatus;
  via: Voice | null;
  error: string | null;
  queuedAt: number;
  startedAt: number | null;
  endedAt: number | null;
}

export type EnqueueResult = 'queued' | 'duplicate' | 'merged';

export interface QueueOptions {
  now?: () => number;
  /** Log entries kept (oldest dropped first). */
  logLimit?: number;
  onChange?: () => void;
}

const SEEN_KEPT = 1000;

export class AnnouncementQueue {
  private readonly waiting: Array<{ a: Announcement; entry: AnnouncementLogEntry }> = [];
  private readonly entries: AnnouncementLogEntry[] = [];
  private readonly seen = new Set<number>();
  private current: AnnouncementLogEntry | null = null;
  private draining: Promise<void> | null = null;
  private readonly now: () => number;
  private readonly logLimit: number;

  constructor(
    private readonly player: AnnouncePlayer,
    private readonly opts: QueueOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.logLimit = opts.logLimit ?? 200;
  }

  enqueue(a: Announcement): EnqueueResult {
    if (this.seen.has(a.seq)) return 'duplicate';
    this.remember(a.seq);
    const entry: AnnouncementLogEntry = {
      seq: a.seq,
      number: a.number,
      windowId: a.windowId,
      recall: a.recall,
      clips: announcementClips(a),
      text: a.text,
      status: 'queued',
      via: null,
      error: null,
      queuedAt: this.now(),
      startedAt: null,
      endedAt: null,
    };
    // A recall pressed before the first call was even spoken: the waiting announcement already says it.
    const same = this.waiting.some((w) => w.a.number === a.number && w.a.windowId === a.windowId);
    if (same) entry.status = 'merged';
    this.record(entry);
    if (same) return 'merged';
    this.waiting.push({ a, entry });
    this.draining ??= this.drain().finally(() => (this.draining = null));
    return 'queued';
  }

  /** Resolves once everything queued so far has been spoken. */
  whenIdle(): Promise<void> {
    return this.draining ?? Promise.resolve();
  }

  get busy(): boolean {
    return this.current !== null || this.waiting.length > 0;
  }

  get log(): AnnouncementLogEntry[] {
    return this.entries.map((e) => ({ ...e, clips: [...e.clips] }));
  }

  private async drain(): Promise<void> {
    for (let next = this.waiting.shift(); next; next = this.waiting.shift()) {
      const { a, entry } = next;
      this.current = entry;
      entry.status = 'playing';
      entry.startedAt = this.now();
      this.changed();
      try {
        entry.via = await this.player.play(a);
        entry.status = 'played';
      } catch (err) {
        entry.status = 'failed';
        entry.error = err instanceof Error ? err.message : String(err);
      }
      entry.endedAt = this.now();
      this.current = null;
      this.changed();
    }
  }

  private remember(seq: number): void {
    this.seen.add(seq);
    if (this.seen.size > SEEN_KEPT) this.seen.delete(this.seen.values().next().value!);
  }

  private record(entry: AnnouncementLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.logLimit) this.entries.splice(0, this.entries.length - this.logLimit);
    this.changed();
  }

  private changed(): void {
    this.opts.onChange?.();
  }
}

/** Tries each player in turn: recorded clips first, say, and a speech voice if a clip cannot be loaded. */
export function firstThatWorks(players: AnnouncePlayer[]): AnnouncePlayer {
  return {
    async play(a) {
      const errors: string[] = [];
      for (const p of players) {
        try {
          return await p.play(a);
        } catch (err) {
          errors.push(err instanceof Error ? err.message : String(err));
        }
      }
      throw new Error(errors.length ? errors.join('; ') : 'no way to speak on this screen');
    },
  };
}

import { announcementClips, groupAnnouncement, type Announcement } from './sentence';
import type { ClipId } from './vocabulary';

// One announcement at a time, in call order: two windows calling at once must never talk over each other.
// A call is known by its hall sequence number, so the same call delivered twice (a reconnect replay) is spoken
// once, while a recall (a new call with a new seq) is spoken again.
//
// In time, too: a call is worth announcing while its citizen is still looking for the window. So the queue
// speaks piece by piece (chime, then each repeat of the sentence) and decides before each piece:
// - a repeat is said only while no other call waits (nor a grouped call's window, below);
// - a waiting call superseded by a newer call at the same window (the window moved on) is dropped, and a
//   recall of a call still waiting is folded into it;
// - when saying the waiting calls one sentence each would start one of them later than `targetSeconds`
//   after it came, they are said together: "请 A002 号、B003 号、C004 号 到窗口办理" (the windows are on the
//   screen in large type), so with 5 calls in 2 s the last number is heard within about 10 s.
// - a call said in a group is owed its window: once nothing waits, each is said again with its window
//   ("请 A002 号 到 3 号窗口 办理"), unless its window has called another number since. Someone who cannot
//   see the screen still learns where to go; nobody new waits behind it.

export type Voice = 'clips' | 'speech';

export interface AnnouncePlayer {
  /** Speaks the whole announcement (chime and repeats) and resolves when it has finished; says which voice spoke. */
  play(a: Announcement): Promise<Voice>;
}

export type AnnouncementStatus = 'queued' | 'playing' | 'played' | 'failed' | 'merged';

/** How a call was said: its own sentence with repeats, its sentence once (others waited), or in a group. */
export type AnnouncementForm = 'full' | 'once' | 'group';

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
  form: AnnouncementForm | null;
  /** A call said in a group: when it was said again with its window (null: not yet, or no longer needed). */
  windowSaidAt: number | null;
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
  /** How long one sentence takes to say (about 5.5 s for "请 A017 号 到 3 号窗口 办理" with the recorded clips). */
  sentenceSeconds?: number;
  /** Waiting calls are grouped when one sentence each would start one of them later than this after it came. */
  targetSeconds?: number;
}

/**
 * Whether the waiting calls (oldest first, `queuedAt` in ms) can each have a sentence of their own and still
 * start within the target, said one after another from `now`; otherwise they are said together.
 */
export function planTurn(now: number, queuedAt: readonly number[], sentenceSeconds: number, targetSeconds: number): 'single' | 'group' {
  if (queuedAt.length <= 1) return 'single';
  const late = queuedAt.some((at, i) => now + i * sentenceSeconds * 1000 > at + targetSeconds * 1000);
  return late ? 'group' : 'single';
}

/** At most this many numbers in one group sentence; more wait for the next one. */
const GROUP_MAX = 6;

const SEEN_KEPT = 1000;

export class AnnouncementQueue {
  private readonly waiting: Array<{ a: Announcement; entry: AnnouncementLogEntry }> = [];
  /** Calls said in a group, still to be said with their windows once nothing waits. */
  private readonly owed: Array<{ a: Announcement; entry: AnnouncementLogEntry }> = [];
  /** The number each window called last: an owed call whose window has moved on is not said again. */
  private readonly lastNumberAt = new Map<number, string>();
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
      form: null,
      windowSaidAt: null,
      queuedAt: this.now(),
      startedAt: null,
      endedAt: null,
    };
    // A recall pressed before the first call was even spoken: the waiting announcement already says it.
    this.lastNumberAt.set(a.windowId, a.number);
    const same = this.waiting.some((w) => w.a.number === a.number && w.a.windowId === a.windowId);
    if (same) entry.status = 'merged';
    this.record(entry);
    if (same) return 'merged';
    // The same window calling another number: the older call is over before it was said.
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      const w = this.waiting[i]!;
      if (w.a.windowId === a.windowId && w.a.number !== a.number) {
        w.entry.status = 'merged';
        this.waiting.splice(i, 1);
      }
    }
    this.waiting.push({ a, entry });
    this.draining ??= this.drain().finally(() => (this.draining = null));
    return 'queued';
  }

  /** Resolves once everything queued so far has been spoken. */
  whenIdle(): Promise<void> {
    return this.draining ?? Promise.resolve();
  }

  get busy(): boolean {
    return this.current !== null || this.waiting.length > 0 || this.owed.length > 0;
  }

  get log(): AnnouncementLogEntry[] {
    return this.entries.map((e) => ({ ...e, clips: [...e.clips] }));
  }

  private async drain(): Promise<void> {
    let first = true;
    for (;;) {
      const next = this.waiting.shift();
      if (!next) {
        const owed = this.nextOwed();
        if (!owed) break;
        await this.sayWindow(owed);
        continue;
      }
      const chime = first && next.a.chime;
      first = false;
      const turn: Array<{ a: Announcement; entry: AnnouncementLogEntry }> = [next];
      const played: ClipId[] = [];
      this.current = next.entry;
      this.start([next.entry]);
      try {
        // The chime first, alone: calls made meanwhile (a burst) are seen before the sentence is chosen.
        if (chime) {
          next.entry.via = await this.player.play({ ...next.a, chime: true, sentence: [], repeat: 0 });
          played.push('chime');
        }
        const sentenceSeconds = this.opts.sentenceSeconds ?? 5.5;
        const targetSeconds = this.opts.targetSeconds ?? 10;
        const plan = planTurn(this.now(), [next.entry.queuedAt, ...this.waiting.map((w) => w.entry.queuedAt)], sentenceSeconds, targetSeconds);
        if (plan === 'group') {
          turn.push(...this.waiting.splice(0, GROUP_MAX - 1));
          this.start(turn.map((t) => t.entry));
          const group = groupAnnouncement(turn.map((t) => t.a));
          const via = await this.player.play(group);
          played.push(...group.sentence);
          for (const t of turn) Object.assign(t.entry, { via, form: 'group' });
          this.owed.push(...turn);
        } else {
          let said = 0;
          do {
            next.entry.via = await this.player.play({ ...next.a, chime: false, repeat: 1 });
            played.push(...next.a.sentence);
            said++;
          } while (said < next.a.repeat && this.waiting.length === 0 && !this.owesWindows());
          next.entry.form = said === next.a.repeat ? 'full' : 'once';
        }
        for (const t of turn) t.entry.status = 'played';
      } catch (err) {
        for (const t of turn) {
          t.entry.status = 'failed';
          t.entry.error = err instanceof Error ? err.message : String(err);
        }
      }
      const end = this.now();
      for (const t of turn) {
        t.entry.clips = [...played];
        t.entry.endedAt = end;
      }
      this.current = null;
      this.changed();
    }
  }

  /** Whether the call's window still shows its number (it has called no other since). */
  private stillShown(a: Announcement): boolean {
    return this.lastNumberAt.get(a.windowId) === a.number;
  }

  private owesWindows(): boolean {
    return this.owed.some((o) => this.stillShown(o.a));
  }

  /** The oldest owed call whose window still shows it; owed calls of windows that moved on are dropped. */
  private nextOwed(): { a: Announcement; entry: AnnouncementLogEntry } | undefined {
    for (let o = this.owed.shift(); o; o = this.owed.shift()) {
      if (this.stillShown(o.a)) return o;
    }
    return undefined;
  }

  private async sayWindow(o: { a: Announcement; entry: AnnouncementLogEntry }): Promise<void> {
    this.current = o.entry;
    try {
      await this.player.play({ ...o.a, chime: false, recall: false, repeat: 1 });
      o.entry.clips = [...o.entry.clips, ...o.a.sentence];
      o.entry.windowSaidAt = this.now();
    } catch (err) {
      o.entry.error = err instanceof Error ? err.message : String(err);
    }
    this.current = null;
    this.changed();
  }

  private start(entries: AnnouncementLogEntry[]): void {
    const at = this.now();
    for (const e of entries) {
      if (e.status === 'playing') continue;
      e.status = 'playing';
      e.startedAt = at;
    }
    this.changed();
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

import { describe, expect, it } from 'vitest';
import type { CallView } from '../../src-main/contracts';
import { AnnouncementQueue, firstThatWorks, type AnnouncePlayer, type Voice } from '../../src-renderer/shared/announcer/announcement-queue';
import { callsMissedWhileAway } from '../../src-renderer/shared/announcer/missed-calls';
import { DEFAULT_ANNOUNCEMENT, planAnnouncement, type Announcement } from '../../src-renderer/shared/announcer/sentence';

let seq = 0;
const call = (number: string, windowId: number, extra: Partial<CallView> = {}): CallView => ({
  seq: ++seq, number, categoryId: number[0]!, windowId, windowName: `${windowId}号`, callCount: 1, recall: false, at: seq, ...extra,
});
const plan = (c: CallView, repeat = 2) => planAnnouncement(c, { ...DEFAULT_ANNOUNCEMENT, repeat });

/** A player whose announcements end when the test says so; it notes any overlap. */
class ManualPlayer implements AnnouncePlayer {
  started: Announcement[] = [];
  private ends: Array<() => void> = [];
  speaking = 0;
  overlapped = false;
  play(a: Announcement): Promise<Voice> {
    this.started.push(a);
    if (++this.speaking > 1) this.overlapped = true;
    return new Promise((resolve) => this.ends.push(() => {
      this.speaking--;
      resolve('clips');
    }));
  }
  async finishOne(): Promise<void> {
    this.ends.shift()?.();
    await new Promise((r) => setTimeout(r, 0));
  }
}

const tick = () => new Promise((r) => setTimeout(r, 0));
/** What a piece of an announcement was: the chime alone, or a sentence naming its number. */
const piece = (a: Announcement) => (a.sentence.length ? a.number : 'chime');

/** Plays every piece until the queue is idle. */
async function runOut(player: ManualPlayer, q: AnnouncementQueue): Promise<void> {
  for (let i = 0; i < 50 && q.busy; i++) await player.finishOne();
  await q.whenIdle();
}

/** A player on a simulated clock: each piece takes as long as the recorded clips would (chime 1.8 s, ~0.5 s a clip). */
class TimedPlayer implements AnnouncePlayer {
  private readonly played: Announcement[] = [];
  private gate: Promise<void>;
  private open!: () => void;
  constructor(
    private readonly now: () => number,
    private readonly setNow: (ms: number) => void,
  ) {
    this.gate = new Promise((r) => (this.open = r));
  }
  /** The first piece holds until the test has made all its calls. */
  release(): void {
    this.open();
  }
  async play(a: Announcement): Promise<Voice> {
    this.played.push(a);
    const startedAt = this.now();
    if (this.played.length === 1) await this.gate;
    this.setNow(Math.max(this.now(), startedAt + (a.chime ? 1800 : 0) + a.repeat * a.sentence.length * 500));
    return 'clips';
  }
  sentences(): string[][] {
    return this.played.filter((a) => a.sentence.length).map((a) => [...a.sentence]);
  }
}

describe('the announcement queue', () => {
  it('a call made while another is being spoken waits for it; order is call order; never two at once', async () => {
    const player = new ManualPlayer();
    // A generous target: three calls each get a sentence of their own (grouping is tested below).
    const q = new AnnouncementQueue(player, { targetSeconds: 60 });
    const a = call('A017', 3);
    const b = call('B002', 4);
    const c = call('C010', 6);
    expect(q.enqueue(plan(a))).toBe('queued');
    await tick();
    expect(q.enqueue(plan(b))).toBe('queued');
    expect(q.enqueue(plan(c))).toBe('queued');
    await tick();
    expect(player.started.map(piece)).toEqual(['chime']);
    expect(q.log.map((e) => [e.number, e.status])).toEqual([['A017', 'playing'], ['B002', 'queued'], ['C010', 'queued']]);
    await player.finishOne();
    expect(player.started.map(piece)).toEqual(['chime', 'A017']);
    await runOut(player, q);
    // Others waited, so each was said once, one after another, with one chime for the burst.
    expect(player.started.map(piece)).toEqual(['chime', 'A017', 'B002', 'C010', 'C010']);
    expect(player.overlapped).toBe(false);
    expect(q.log.map((e) => [e.number, e.status, e.via, e.form])).toEqual([['A017', 'played', 'clips', 'once'], ['B002', 'played', 'clips', 'once'], ['C010', 'played', 'clips', 'full']]);
    expect(q.busy).toBe(false);
  });

  it('a call alone is said in full: chime and every repeat, and the log shows the clips played', async () => {
    const player = new ManualPlayer();
    const q = new AnnouncementQueue(player);
    q.enqueue(plan(call('A017', 3), 3));
    await runOut(player, q);
    const sentence = ['qing', 'A', '0', '1', '7', 'hao', 'dao', '3', 'hao', 'chuangkou', 'banli'];
    expect(player.started.map(piece)).toEqual(['chime', 'A017', 'A017', 'A017']);
    expect(q.log[0]).toMatchObject({ status: 'played', form: 'full', clips: ['chime', ...sentence, ...sentence, ...sentence] });
  });

  it('the same call delivered twice is spoken once; a recall (a new call) is spoken again', async () => {
    const player = new ManualPlayer();
    const q = new AnnouncementQueue(player);
    const first = call('A017', 3);
    q.enqueue(plan(first));
    await runOut(player, q);
    expect(q.enqueue(plan(first))).toBe('duplicate');
    const recall = call('A017', 3, { recall: true, callCount: 2 });
    expect(q.enqueue(plan(recall))).toBe('queued');
    await runOut(player, q);
    expect(player.started.filter((a) => a.sentence.length).map((a) => [a.number, a.recall])).toEqual([['A017', false], ['A017', false], ['A017', true], ['A017', true]]);
    expect(q.log.map((e) => e.status)).toEqual(['played', 'played']);
  });

  it('a recall pressed while the first call still waits is folded into it; a newer call at the same window replaces it', async () => {
    const player = new ManualPlayer();
    const q = new AnnouncementQueue(player, { targetSeconds: 60 });
    q.enqueue(plan(call('B001', 4)));
    q.enqueue(plan(call('A017', 3)));
    expect(q.enqueue(plan(call('A017', 3, { recall: true })))).toBe('merged');
    // The same number sent to another window (a transfer) is a different sentence and is kept.
    expect(q.enqueue(plan(call('A017', 5)))).toBe('queued');
    // Window 3 moved on to A018 before A017 was said: only A018 is announced there.
    expect(q.enqueue(plan(call('A018', 3)))).toBe('queued');
    await runOut(player, q);
    expect(player.started.filter((a) => a.sentence.length).map((a) => `${a.number}@${a.windowId}`)).toEqual(['B001@4', 'A017@5', 'A018@3', 'A018@3']);
    expect(q.log.map((e) => e.status)).toEqual(['played', 'merged', 'merged', 'played', 'played']);
  });

  it('5 calls in 2 s: the waiting ones are said together, so the last is heard within 10 s of its call', async () => {
    let now = 0;
    const player = new TimedPlayer(() => now, (ms) => (now = ms));
    const q = new AnnouncementQueue(player, { now: () => now, sentenceSeconds: 5.5, targetSeconds: 10 });
    const numbers = ['A001', 'B002', 'C003', 'A004', 'D005'];
    const singles: Announcement[] = [];
    // The calls come every 500 ms; the chime (1.8 s) is still playing when the last one arrives at 2.0 s.
    for (const [i, n] of numbers.entries()) {
      now = i * 500;
      singles.push(plan(call(n, i + 1)));
      q.enqueue(singles.at(-1)!);
      await tick();
    }
    player.release();
    await q.whenIdle();
    const log = q.log;
    expect(log.map((e) => e.form)).toEqual(['group', 'group', 'group', 'group', 'group']);
    // The group first; then, nothing waiting, each number again with its window.
    expect(player.sentences()).toEqual([
      ['qing', 'A', '0', '0', '1', 'hao', 'B', '0', '0', '2', 'hao', 'C', '0', '0', '3', 'hao', 'A', '0', '0', '4', 'hao', 'D', '0', '0', '5', 'hao', 'dao', 'chuangkou', 'banli'],
      ...singles.map((a) => [...a.sentence]),
    ]);
    expect(log.every((e) => e.windowSaidAt !== null && e.windowSaidAt > e.endedAt!)).toBe(true);
    // Heard: the group starts after the chime; D005 is the fifth number in it (about 2.2 s per number).
    const last = log.at(-1)!;
    const heardAt = last.startedAt! + 0.5 * 1000 + 4 * 2.2 * 1000;
    expect(heardAt - last.queuedAt).toBeLessThanOrEqual(10_000);
  });

  it('a grouped call is said with its window only while its window still shows it, and after any new call', async () => {
    let now = 0;
    const player = new ManualPlayer();
    const q = new AnnouncementQueue(player, { now: () => now, sentenceSeconds: 5.5, targetSeconds: 10 });
    const singles = new Map<string, Announcement>();
    for (const [i, n] of ['A001', 'B002', 'C003', 'A004'].entries()) {
      now = i * 500;
      singles.set(n, plan(call(n, i + 1)));
      q.enqueue(singles.get(n)!);
      await tick();
    }
    await player.finishOne(); // the chime
    expect(player.started.map((a) => a.sentence.length > 0 && a.number)).toEqual([false, 'A001']);
    // While the group is being said, window 2 moves on to B009: B002 is no longer owed its window.
    q.enqueue(plan(call('B009', 2)));
    await runOut(player, q);
    const said = player.started.slice(2).map((a) => `${a.number}${a.repeat}`);
    // The new call first, and once (windows are owed); then the owed windows, B002 left out.
    expect(said).toEqual(['B0091', 'A0011', 'C0031', 'A0041']);
    // Each owed call is its own sentence, window included.
    expect(player.started.slice(3).map((a) => a.sentence)).toEqual(['A001', 'C003', 'A004'].map((n) => singles.get(n)!.sentence));
    expect(q.log.find((e) => e.number === 'B002')).toMatchObject({ form: 'group', windowSaidAt: null });
    expect(q.log.find((e) => e.number === 'B009')).toMatchObject({ form: 'once' });
    expect(q.log.find((e) => e.number === 'C003')!.windowSaidAt).not.toBeNull();
    expect(player.overlapped).toBe(false);
  });

  it('two calls close together still get a sentence each, with their windows', async () => {
    let now = 0;
    const player = new TimedPlayer(() => now, (ms) => (now = ms));
    const q = new AnnouncementQueue(player, { now: () => now, sentenceSeconds: 5.5, targetSeconds: 10 });
    q.enqueue(plan(call('A001', 1)));
    now = 500;
    q.enqueue(plan(call('B002', 2)));
    player.release();
    await q.whenIdle();
    expect(q.log.map((e) => [e.number, e.form])).toEqual([['A001', 'once'], ['B002', 'full']]);
    expect(q.log[1]!.startedAt! - q.log[1]!.queuedAt).toBeLessThanOrEqual(10_000);
  });

  it('a failed announcement is logged with its reason and the queue moves on', async () => {
    let n = 0;
    const q = new AnnouncementQueue({
      play: async () => {
        if (n++ === 0) throw new Error('GET /voice/qing.wav → 404');
        return 'clips';
      },
    });
    q.enqueue(plan(call('A001', 1)));
    q.enqueue(plan(call('A002', 2)));
    await q.whenIdle();
    expect(q.log.map((e) => [e.number, e.status, e.error])).toEqual([['A001', 'failed', 'GET /voice/qing.wav → 404'], ['A002', 'played', null]]);
  });

  it('the log is a copy: a reader cannot change what was played', async () => {
    const q = new AnnouncementQueue({ play: async () => 'clips' });
    q.enqueue(plan(call('A001', 1)));
    await q.whenIdle();
    q.log[0]!.clips.push('chime');
    q.log[0]!.status = 'failed';
    expect(q.log[0]!.status).toBe('played');
    expect(q.log[0]!.clips.filter((c) => c === 'chime')).toHaveLength(1);
  });

  it('keeps only the newest log entries', async () => {
    const q = new AnnouncementQueue({ play: async () => 'clips' }, { logLimit: 3 });
    for (const n of ['A001', 'A002', 'A003', 'A004', 'A005']) q.enqueue(plan(call(n, 1)));
    await q.whenIdle();
    expect(q.log.map((e) => e.number)).toEqual(['A003', 'A004', 'A005']);
  });
});

describe('falling back to another voice', () => {
  it('uses the first player that works and says which one spoke', async () => {
    const broken: AnnouncePlayer = { play: async () => Promise.reject(new Error('no zh-CN voice')) };
    const clips: AnnouncePlayer = { play: async () => 'clips' };
    const q = new AnnouncementQueue(firstThatWorks([broken, clips]));
    q.enqueue(plan(call('A001', 1)));
    await q.whenIdle();
    expect(q.log[0]).toMatchObject({ status: 'played', via: 'clips' });
  });

  it('fails with every reason when none works', async () => {
    const q = new AnnouncementQueue(firstThatWorks([{ play: async () => Promise.reject(new Error('no voice')) }, { play: async () => Promise.reject(new Error('404')) }]));
    q.enqueue(plan(call('A001', 1)));
    await q.whenIdle();
    expect(q.log[0]).toMatchObject({ status: 'failed', error: 'no voice; 404' });
  });
});

describe('calls missed while the screen was away', () => {
  const c = (s: number, at: number) => ({ seq: s, number: `A00${s}`, categoryId: 'A', windowId: 1, windowName: '一窗', callCount: 1, recall: false, at });
  it('are the recent ones newer than what the screen saw, oldest first', () => {
    const snapshot = { serverTime: 100_000, recentCalls: [c(9, 99_000), c(8, 90_000), c(7, 45_000), c(6, 30_000), c(5, 10_000)] };
    expect(callsMissedWhileAway(5, snapshot, 60_000).map((x) => x.seq)).toEqual([7, 8, 9]);
    expect(callsMissedWhileAway(5, snapshot, 20_000).map((x) => x.seq)).toEqual([8, 9]);
    expect(callsMissedWhileAway(9, snapshot)).toEqual([]);
  });
});

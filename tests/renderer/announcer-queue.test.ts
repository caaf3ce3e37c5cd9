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

describe('the announcement queue', () => {
  it('a call made while another is being spoken waits for it; order is call order; never two at once', async () => {
    const player = new ManualPlayer();
    const q = new AnnouncementQueue(player);
    const a = call('A017', 3);
    const b = call('B002', 4);
    const c = call('C010', 6);
    expect(q.enqueue(plan(a))).toBe('queued');
    await tick();
    expect(q.enqueue(plan(b))).toBe('queued');
    expect(q.enqueue(plan(c))).toBe('queued');
    await tick();
    expect(player.started.map((x) => x.number)).toEqual(['A017']);
    expect(q.log.map((e) => [e.number, e.status])).toEqual([['A017', 'playing'], ['B002', 'queued'], ['C010', 'queued']]);
    await player.finishOne();
    expect(player.started.map((x) => x.number)).toEqual(['A017', 'B002']);
    await player.finishOne();
    await player.finishOne();
    await q.whenIdle();
    expect(player.started.map((x) => x.number)).toEqual(['A017', 'B002', 'C010']);
    expect(player.overlapped).toBe(false);
    expect(q.log.every((e) => e.status === 'played' && e.via === 'clips')).toBe(true);
    expect(q.busy).toBe(false);
  });

  it('the log holds the exact clips: chime, then the sentence × repeat', async () => {
    const player = new ManualPlayer();
    const q = new AnnouncementQueue(player);
    q.enqueue(plan(call('A017', 3), 3));
    const sentence = ['qing', 'A', '0', '1', '7', 'hao', 'dao', '3', 'hao', 'chuangkou', 'banli'];
    expect(q.log[0]!.clips).toEqual(['chime', ...sentence, ...sentence, ...sentence]);
    expect(q.log[0]!.text).toBe('请A零一七号到三号窗口办理');
    await player.finishOne();
  });

  it('the same call delivered twice is spoken once; a recall (a new call) is spoken again', async () => {
    const player = new ManualPlayer();
    const q = new AnnouncementQueue(player);
    const first = call('A017', 3);
    q.enqueue(plan(first));
    await player.finishOne();
    expect(q.enqueue(plan(first))).toBe('duplicate');
    const recall = call('A017', 3, { recall: true, callCount: 2 });
    expect(q.enqueue(plan(recall))).toBe('queued');
    await tick();
    await player.finishOne();
    await q.whenIdle();
    expect(player.started.map((a) => [a.number, a.recall])).toEqual([['A017', false], ['A017', true]]);
    expect(q.log.map((e) => e.status)).toEqual(['played', 'played']);
  });

  it('a recall pressed while the first call still waits its turn is folded into it', async () => {
    const player = new ManualPlayer();
    const q = new AnnouncementQueue(player);
    q.enqueue(plan(call('B001', 4)));
    q.enqueue(plan(call('A017', 3)));
    expect(q.enqueue(plan(call('A017', 3, { recall: true })))).toBe('merged');
    // The same number sent to another window (a transfer) is a different sentence and is kept.
    expect(q.enqueue(plan(call('A017', 5)))).toBe('queued');
    for (let i = 0; i < 3; i++) await player.finishOne();
    await q.whenIdle();
    expect(player.started.map((a) => `${a.number}@${a.windowId}`)).toEqual(['B001@4', 'A017@3', 'A017@5']);
    expect(q.log.map((e) => e.status)).toEqual(['played', 'played', 'merged', 'played']);
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

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ReplyWaiter } from '../../../hardware/serial/reply-waiter';
import { RequestQueue } from '../../../hardware/serial/request-queue';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('RequestQueue', () => {
  it('never runs two requests at once and keeps their order', async () => {
    const queue = new RequestQueue();
    const started: number[] = [];
    const gates = [deferred<void>(), deferred<void>(), deferred<void>()];
    let maxInFlight = 0;
    const results = gates.map((gate, i) =>
      queue.run(async () => {
        started.push(i);
        maxInFlight = Math.max(maxInFlight, queue.inFlight);
        await gate.promise;
        return i;
      }),
    );
    await Promise.resolve();
    await Promise.resolve();
    expect(started).toEqual([0]);
    expect(queue.waiting).toBe(2);
    gates[0]?.resolve();
    await results[0];
    await vi.waitFor(() => expect(started).toEqual([0, 1]));
    gates[1]?.resolve();
    gates[2]?.resolve();
    expect(await Promise.all(results)).toEqual([0, 1, 2]);
    expect(maxInFlight).toBe(1);
    expect(queue.inFlight).toBe(0);
  });

  it('goes on after a failed request', async () => {
    const queue = new RequestQueue();
    const failing = queue.run(async () => {
      throw new Error('boom');
    });
    const next = queue.run(async () => 'next');
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
  });

  it('refuses work after close, including work still waiting', async () => {
    const queue = new RequestQueue();
    const gate = deferred<void>();
    const first = queue.run(() => gate.promise);
    const waiting = queue.run(async () => 'never');
    await vi.waitFor(() => expect(queue.inFlight).toBe(1));
    queue.close();
    gate.resolve();
    await first;
    await expect(waiting).rejects.toMatchObject({ code: 'SERIAL_CLOSED' });
    await expect(queue.run(async () => 1)).rejects.toMatchObject({ code: 'SERIAL_CLOSED' });
  });
});

describe('ReplyWaiter', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves with the first reply the request accepts', async () => {
    const waiter = new ReplyWaiter<number>();
    const reply = waiter.expect({ timeoutMs: 100, timeoutError: () => new Error('late'), accept: (n) => n > 10 });
    expect(waiter.offer(5)).toBe(false);
    expect(waiter.offer(42)).toBe(true);
    await expect(reply).resolves.toBe(42);
    expect(waiter.pending).toBe(0);
  });

  it('rejects with the timeout error exactly at the deadline and runs onTimeout first', async () => {
    const waiter = new ReplyWaiter<number>();
    const onTimeout = vi.fn();
    const reply = waiter.expect({ timeoutMs: 100, timeoutError: () => new Error('no answer in 100 ms'), onTimeout });
    const outcome = reply.catch((e: Error) => e.message);
    await vi.advanceTimersByTimeAsync(99);
    expect(onTimeout).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(onTimeout).toHaveBeenCalledOnce();
    expect(await outcome).toBe('no answer in 100 ms');
    expect(waiter.offer(1)).toBe(false);
  });

  it('failOldest fails only the oldest request', async () => {
    const waiter = new ReplyWaiter<number>();
    const a = waiter.expect({ timeoutMs: 100, timeoutError: () => new Error('a late') });
    const b = waiter.expect({ timeoutMs: 100, timeoutError: () => new Error('b late') });
    waiter.failOldest(new Error('corrupt'));
    waiter.offer(7);
    await expect(a).rejects.toThrow('corrupt');
    await expect(b).resolves.toBe(7);
  });
});

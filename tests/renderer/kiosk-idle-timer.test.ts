import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createIdleTimer, IDLE_TIMEOUT_MS } from '../../src-renderer/kiosk/idle-timer';

describe('kiosk idle timer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup() {
    const onIdle = vi.fn();
    const countdown: Array<number | null> = [];
    const timer = createIdleTimer({ onIdle, onCountdown: (s) => countdown.push(s) });
    return { timer, onIdle, countdown };
  }

  it('returns home after 60 s without a touch', () => {
    const { timer, onIdle } = setup();
    timer.arm();
    vi.advanceTimersByTime(IDLE_TIMEOUT_MS - 1);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
    expect(timer.armed).toBe(false);
    vi.advanceTimersByTime(5 * IDLE_TIMEOUT_MS);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('counts again from every touch', () => {
    const { timer, onIdle } = setup();
    timer.arm();
    vi.advanceTimersByTime(45_000);
    timer.poke();
    vi.advanceTimersByTime(45_000);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(15_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('counts down the last ten seconds and clears the countdown on a touch', () => {
    const { timer, countdown } = setup();
    timer.arm();
    vi.advanceTimersByTime(50_000);
    expect(countdown).toEqual([10]);
    vi.advanceTimersByTime(3_000);
    expect(countdown).toEqual([10, 9, 8, 7]);
    timer.poke();
    expect(countdown.at(-1)).toBeNull();
    vi.advanceTimersByTime(49_999);
    expect(countdown.at(-1)).toBeNull();
  });

  it('does nothing while disarmed (the home screen), and a touch does not arm it', () => {
    const { timer, onIdle, countdown } = setup();
    timer.poke();
    vi.advanceTimersByTime(2 * IDLE_TIMEOUT_MS);
    timer.arm();
    vi.advanceTimersByTime(55_000);
    timer.disarm();
    vi.advanceTimersByTime(2 * IDLE_TIMEOUT_MS);
    expect(onIdle).not.toHaveBeenCalled();
    expect(countdown.at(-1)).toBeNull();
  });
});

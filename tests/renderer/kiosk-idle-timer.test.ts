import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createIdleTimer, IDLE_TIMEOUT_MS, IDLE_WARNING_MS } from '../../src-renderer/kiosk/idle-timer';

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
    vi.advanceTimersByTime(60_000);
    timer.poke();
    vi.advanceTimersByTime(60_000);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(15_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('warns for the last twenty seconds and clears the warning on a touch', () => {
    const { timer, countdown } = setup();
    timer.arm();
    vi.advanceTimersByTime(IDLE_TIMEOUT_MS - IDLE_WARNING_MS);
    expect(countdown).toEqual([20]);
    vi.advanceTimersByTime(3_000);
    expect(countdown).toEqual([20, 19, 18, 17]);
    timer.poke();
    expect(countdown.at(-1)).toBeNull();
    vi.advanceTimersByTime(IDLE_TIMEOUT_MS - IDLE_WARNING_MS - 1);
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

describe('when the kiosk counts down to its start', () => {
  it('on every screen but home, and on home too while it speaks English (the next citizen finds Chinese)', async () => {
    const { needsIdleReturn } = await import('../../src-renderer/kiosk/idle-timer');
    expect(needsIdleReturn('home', 'zh-CN')).toBe(false);
    expect(needsIdleReturn('home', 'en')).toBe(true);
    expect(needsIdleReturn('matters', 'zh-CN')).toBe(true);
    expect(needsIdleReturn('card', 'en')).toBe(true);
  });
});

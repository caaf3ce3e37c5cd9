import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * Gives this thread a lower scheduling priority (a higher nice value) than the hall's own thread, so that on
 * a small machine the kernel runs calls first and reports in what is left. Linux sets niceness per thread,
 * found through /proc/thread-self; elsewhere this does nothing and says so.
 */
export function lowerThisThread(nice: number): boolean {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return false;
    setPriority(tid, nice);
    return true;
  } catch {
    return false;
  }
}

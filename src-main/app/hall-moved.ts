/**
 * Thrown by a store whose commit found that this server no longer holds the hall (another server took its
 * lease over: the fencing number changed). Nothing of the transaction was written; the hall must be given up.
 */
export class HallMovedError extends Error {
  readonly code = 'HALL_MOVED';
  constructor(
    readonly hallId: string,
    detail: string,
  ) {
    super(`hall "${hallId}" is no longer run by this server: ${detail}`);
    this.name = 'HallMovedError';
  }
}

export function isHallMoved(err: unknown): err is HallMovedError {
  return err instanceof HallMovedError || (typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'HALL_MOVED');
}

import type { HallState } from '../../domain';

/** The window a staff member is signed in at, if any: the server decides, never the client. */
export function windowOfStaff(state: HallState, username: string): number | null {
  for (const w of state.windows.values()) {
    if (w.staffId === username && w.status !== 'closed') return w.id;
  }
  return null;
}

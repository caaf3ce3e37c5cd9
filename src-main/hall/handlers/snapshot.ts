import type { HallSnapshot } from '../../contracts';
import { baseSnapshot, openTicketViews, publicSnapshot } from '../../app/views';
import { pendingEvaluation } from '../../app/evaluation-views';
import type { HallRuntime } from '../hall-runtime';
import type { HallSocket } from '../socket-types';
import { windowOfStaff } from './staff-window';

/** The whole picture for this connection's role: what a client replaces its state with after (re)connecting. */
export function snapshotFor(hall: HallRuntime, socket: HallSocket): HallSnapshot {
  const { service } = hall;
  const data = socket.data;
  const snap = baseSnapshot(service.state, service.rules, service.labels, service.seq, service.clock.now(), service.recentCalls);
  if (data.role === 'counter' || data.role === 'supervisor' || data.role === 'admin') {
    // A console needs the tickets at (or sent to) its window; the floor view the ones being served. Not
    // the whole day's list: hundreds of consoles reconnecting at once must not each get megabytes.
    const windowId = data.role === 'counter' ? windowOfStaff(service.state, data.username!) : null;
    snap.tickets = openTicketViews(service.state, (t) =>
      data.role === 'counter' ? windowId !== null && (t.windowId === windowId || t.targetWindowId === windowId) : t.state === 'called' || t.state === 'serving',
    );
    snap.me = { username: data.username!, displayName: data.displayName!, role: data.accountRole! };
    snap.devices = hall.devices.views();
  }
  if (data.role === 'supervisor' || data.role === 'admin') {
    snap.alerts = hall.alerts.current();
    snap.serverLoad = hall.serverLoad();
  }
  if (data.role === 'counter') snap.windowId = windowOfStaff(service.state, data.username!);
  if (data.windowId !== undefined) {
    snap.windowId = data.windowId;
    snap.pendingEvaluation = pendingEvaluation(service.state, service.rules, service.labels, data.windowId, service.clock.now(), service.seq);
  }
  // Phones are anonymous: they see windows by name, never who is signed in at them.
  return data.role === 'mobile' ? publicSnapshot(snap) : snap;
}

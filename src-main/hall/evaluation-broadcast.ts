import type { Committed } from '../app/hall-service';
import { evaluationInvite } from '../app/evaluation-views';
import type { HallRuntime } from './hall-runtime';
import { rooms } from './rooms';
import type { HallIo } from './socket-types';

/**
 * 好差评 goes to the window's room only: after 办结 its screens turn into the evaluator, and once the
 * ticket is rated every screen of that window closes it (a window may have a screen and a separate pad).
 */
export function broadcastEvaluations(io: HallIo, hall: HallRuntime, c: Committed): void {
  const { service } = hall;
  for (const s of c.events) {
    const e = s.event;
    if (e.type === 'ServiceFinished') {
      const t = service.state.tickets.get(e.ticketId);
      if (!t) continue;
      io.to(rooms.window(c.hallId, e.windowId)).emit('evaluation:invite', evaluationInvite(service.rules, service.labels, t, s.seq));
    } else if (e.type === 'ServiceRated') {
      io.to(rooms.window(c.hallId, e.windowId)).emit('evaluation:closed', { seq: s.seq, ticketId: e.ticketId, windowId: e.windowId, level: e.level });
    }
  }
}

import type { Committed } from '../app/hall-service';
import { caseView, citizenCaseView, citizenRatingView } from '../app/case-views';
import type { RatingCase } from '../domain';
import { ticketForRating } from '../domain';
import type { HallRuntime } from './hall-runtime';
import { rooms } from './rooms';
import type { HallIo } from './socket-types';

/**
 * A case opened or moved: to the staff who answer for it (the one who served, the window's team) and to
 * supervisors and admins, each with the verbs their role allows. The citizen's page of a rated ticket hears
 * that its rating was received and, later, how its case went.
 */
export function broadcastCases(io: HallIo, hall: HallRuntime, c: Committed): void {
  const { service } = hall;
  const now = service.clock.now();
  const h = c.hallId;
  const changed = new Map<string, RatingCase>();
  const rated = new Set<string>();
  for (const s of c.events) {
    const e = s.event;
    if (e.type === 'ServiceRated') rated.add(e.ticketId);
    const id = e.type === 'CaseOpened' ? e.case.id : 'caseId' in e ? e.caseId : null;
    const kase = id ? service.state.cases.get(id) : undefined;
    if (kase) changed.set(kase.id, kase);
  }
  for (const kase of changed.values()) {
    const team = service.rules.evaluation.cases.teams.find((t) => t.id === kase.teamId);
    const staff = new Set([...(kase.staffId ? [kase.staffId] : []), ...(team?.members ?? [])]);
    for (const username of staff) {
      io.to(rooms.staff(h, username)).emit('case:changed', caseView(service.rules, service.labels, kase, { viewer: { username, role: 'staff' }, now, seq: c.seq }));
    }
    io.to(rooms.admins(h)).emit('case:changed', caseView(service.rules, service.labels, kase, { viewer: { username: '', role: 'supervisor' }, now, seq: c.seq }));
    rated.add(kase.id);
  }
  for (const id of rated) {
    const t = ticketForRating(service.state, id);
    const kase = service.state.cases.get(id);
    if (t) io.to(rooms.ticket(h, id)).emit('rating:changed', citizenRatingView(service.rules, t, kase, now));
    else if (kase) io.to(rooms.ticket(h, id)).emit('rating:changed', citizenCaseView(service.rules, kase));
  }
}

import type { z } from 'zod';
import type { Ack, CaseListView, RatingCaseView } from '../../contracts';
import {
  caseAnswerInput,
  caseAppealInput,
  caseCloseInput,
  caseDecideAppealInput,
  caseListInput,
  caseRefInput,
  caseReviewInput,
  caseVerifyInput,
} from '../../contracts';
import type { CaseActor, CaseCommand, RatingCase } from '../../domain';
import { ownsCase } from '../../domain';
import { caseColour, caseView } from '../../app/case-views';
import type { HallRuntime } from '../hall-runtime';
import { errorAck, handle, toAck } from '../event-handler';
import type { Logger } from '../logger';
import type { HallSocket } from '../socket-types';

const NO_CASE = errorAck('NO_SUCH_CASE', '没有这个差评工单', 'No such bad-rating case');
const COLOUR_ORDER = { red: 0, yellow: 1, ok: 2, done: 3 } as const;

/** Who the connection acts as on cases: staff (counter role) or a supervisor / admin. */
export function caseActorOf(socket: HallSocket): CaseActor {
  const role = socket.data.role === 'admin' ? 'admin' : socket.data.role === 'supervisor' ? 'supervisor' : 'staff';
  return { username: socket.data.username ?? socket.data.actor.id, role };
}

/**
 * The case board (差评整改): staff see and move the cases of their own services and their team's; supervisors
 * and admins see all, decide appeals, review answers and close. Every move is a hall command, so it is in
 * the event log (the audit trail) with who did it.
 */
export function registerCases(socket: HallSocket, hall: HallRuntime, log: Logger): void {
  const { service } = hall;
  const viewer = caseActorOf(socket);
  const view = (c: RatingCase, fullMobile = false): RatingCaseView => caseView(service.rules, service.labels, c, { viewer, now: service.clock.now(), seq: service.seq, fullMobile });

  handle(socket, log, 'case:list', caseListInput, async (input): Promise<Ack<CaseListView>> => ({ ok: true, data: await listCases(hall, viewer, input) }));

  handle(socket, log, 'case:get', caseRefInput, async (input): Promise<Ack<RatingCaseView>> => {
    const c = await findCase(hall, input.caseId);
    if (!c || !ownsCase(c, viewer, service)) return NO_CASE;
    return { ok: true, data: view(c, true) };
  });

  const move = <I extends { requestId: string; caseId: string }>(toCommand: (input: I, by: CaseActor) => CaseCommand) => async (input: I): Promise<Ack<RatingCaseView>> =>
    toAck(
      await service.execute(toCommand(input, viewer), socket.data.actor, {
        requestId: input.requestId,
        // Answers are kept for retries (request_results): never with the full mobile number.
        present: () => view(service.state.cases.get(input.caseId)!),
      }),
    );

  handle(socket, log, 'case:verify', caseVerifyInput, move((i, by) => ({ type: 'VerifyCase', caseId: i.caseId, by, note: i.note })));
  handle(socket, log, 'case:appeal', caseAppealInput, move((i, by) => ({ type: 'AppealCase', caseId: i.caseId, by, reason: i.reason })));
  handle(socket, log, 'case:answer', caseAnswerInput, move((i, by) => ({ type: 'AnswerCase', caseId: i.caseId, by, rectification: i.rectification, callback: i.callback })));
  if (viewer.role === 'staff') return;
  handle(socket, log, 'case:decideAppeal', caseDecideAppealInput, move((i, by) => ({ type: 'DecideAppeal', caseId: i.caseId, by, upheld: i.upheld, note: i.note })));
  handle(socket, log, 'case:review', caseReviewInput, move((i, by) => ({ type: 'ReviewCase', caseId: i.caseId, by, approved: i.approved, note: i.note })));
  handle(socket, log, 'case:close', caseCloseInput, move((i, by) => ({ type: 'CloseCase', caseId: i.caseId, by, note: i.note })));
}

/**
 * A case by id: from memory (open, or closed today), else from the read model (closed on an earlier day;
 * its mobile there is masked, which is all a closed case may show).
 */
export async function findCase(hall: HallRuntime, caseId: string): Promise<RatingCase | undefined> {
  const live = hall.service.state.cases.get(caseId);
  if (live) return live;
  const day = caseId.slice(0, 10);
  const page = await hall.reads.listCases(hall.config.id, { from: day, to: day, state: 'all', limit: 500 }, hall.service.seq);
  return page.cases.find((c) => c.id === caseId);
}

/**
 * The board's list. Open cases are all in memory; closed ones (and any state over a range of days) come
 * from the read model, answered in a query thread; memory wins for a case in both.
 */
export async function listCases(hall: HallRuntime, viewer: CaseActor, filter: z.output<typeof caseListInput>): Promise<CaseListView> {
  const { service } = hall;
  const now = service.clock.now();
  const byId = new Map<string, RatingCase>();
  if (filter.state !== 'open') {
    const { state, windowId, categoryId, staffId, from, to } = filter;
    // Staff see their team's cases too: ask for a full page and keep theirs.
    const limit = viewer.role === 'staff' ? 500 : filter.limit + 1;
    const page = await hall.reads.listCases(hall.config.id, { state, windowId, categoryId, staffId, from, to, limit }, service.seq);
    for (const c of page.cases) byId.set(c.id, c);
  }
  for (const c of service.state.cases.values()) byId.set(c.id, c);
  const visible = [...byId.values()].filter((c) => ownsCase(c, viewer, service));
  const counts = { open: 0, yellow: 0, red: 0, appealed: 0 };
  for (const c of visible) {
    if (c.state === 'closed') continue;
    counts.open++;
    const colour = caseColour(c, now);
    if (colour === 'yellow') counts.yellow++;
    if (colour === 'red') counts.red++;
    if (c.state === 'appealed') counts.appealed++;
  }
  const matched = visible
    .filter((c) => {
      if (filter.state === 'open' ? c.state === 'closed' : filter.state !== 'all' && c.state !== filter.state) return false;
      if (filter.windowId !== undefined && c.windowId !== filter.windowId) return false;
      if (filter.categoryId !== undefined && c.categoryId !== filter.categoryId) return false;
      if (filter.staffId !== undefined && c.staffId !== filter.staffId) return false;
      if (filter.from !== undefined && c.serviceDay < filter.from) return false;
      if (filter.to !== undefined && c.serviceDay > filter.to) return false;
      const colour = caseColour(c, now);
      if (filter.deadline === 'yellow' && colour !== 'yellow') return false;
      if (filter.deadline === 'red' && colour !== 'red') return false;
      if (filter.deadline === 'any-alert' && colour !== 'yellow' && colour !== 'red') return false;
      return true;
    })
    .sort((a, b) => COLOUR_ORDER[caseColour(a, now)] - COLOUR_ORDER[caseColour(b, now)] || a.dueAt - b.dueAt || a.id.localeCompare(b.id));
  const seq = service.seq;
  return {
    cases: matched.slice(0, filter.limit).map((c) => caseView(service.rules, service.labels, c, { viewer, now, seq })),
    more: matched.length > filter.limit,
    counts,
  };
}

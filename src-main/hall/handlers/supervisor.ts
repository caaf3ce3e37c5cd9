import type { Ack, AlertView } from '../../contracts';
import { alertAckInput, alertListInput, auditListInput, numberInput } from '../../contracts';
import { nextDay, zonedEpoch } from '../../domain/booking/zoned-time';
import { auditLabels } from '../../app/audit/audit-page';
import { ticketView } from '../../app/views';
import type { HallRuntime } from '../hall-runtime';
import { errorAck, handle, toAck } from '../event-handler';
import type { Logger } from '../logger';
import type { HallSocket } from '../socket-types';
import { ticketOfEvents } from './present';

/** 电子监察 (supervisors, and admins too): cancel a number, acknowledge alerts, read alerts and the audit log. */
export function registerSupervisor(socket: HallSocket, hall: HallRuntime, log: Logger): void {
  const { service } = hall;
  const actor = socket.data.actor;

  handle(socket, log, 'ticket:cancel', numberInput, async (input) =>
    toAck(
      await service.execute({ type: 'CancelTicket', number: input.number }, actor, {
        requestId: input.requestId,
        present: ({ events }) => ticketView(ticketOfEvents(service, events)),
      }),
    ),
  );

  handle(socket, log, 'alert:ack', alertAckInput, async (input): Promise<Ack<AlertView>> => {
    const outcome = await hall.alerts.acknowledge(input.alertId, actor.id, input.note);
    if (outcome.ok) {
      const a = outcome.data;
      await hall.audit.append({
        hallId: hall.config.id,
        at: a.acknowledgedAt ?? service.clock.now(),
        actor,
        action: 'alert.ack',
        summary: `确认告警：${a.message}（${input.note}）`,
        summaryEn: `Acknowledged alert: ${a.messageEn} (${input.note})`,
        data: { alertId: a.id, key: a.key, note: input.note, ...(a.kind === 'wait' ? { number: a.subject } : {}) },
      });
      log.info({ hall: hall.config.id, alert: a.id, by: actor.id }, 'alert acknowledged');
    }
    return toAck(outcome);
  });

  handle(socket, log, 'alert:list', alertListInput, async (input): Promise<Ack<AlertView[]>> => {
    if (input.from > input.to) return errorAck('INVALID_RANGE', '开始日期晚于结束日期', 'from is after to');
    const tz = hall.config.timeZone;
    return { ok: true, data: await hall.alerts.list(zonedEpoch(input.from, 0, tz), zonedEpoch(nextDay(input.to), 0, tz)) };
  });

  // Searched in a query thread: a search over a year of log never holds up a call.
  handle(socket, log, 'audit:list', auditListInput, async (input) => ({ ok: true, data: await hall.reads.audit(auditLabels(hall.config), input) }));
}

import type { Ack } from '../../contracts';
import { accountCreateInput, accountPasswordInput, accountUpdateInput, configUpdateInput, deviceCreateInput, deviceRefInput, snapshotInput } from '../../contracts';
import type { Outcome } from '../../app/hall-service';
import { REQUEST_ID_REUSED } from '../../app/hall-service';
import type { HallRuntime } from '../hall-runtime';
import { handle, toAck } from '../event-handler';
import type { Logger } from '../logger';
import type { HallSocket } from '../socket-types';
import { registerSupervisor } from './supervisor';

/** Answers to recent admin requests, so a retry after a timeout (same requestId) does not act twice. */
const answered = new WeakMap<HallRuntime, Map<string, { event: string; ack: Ack<unknown> }>>();
const REMEMBERED = 200;

/**
 * Admins: everything a supervisor may do, and the live hall config. Each change goes through the
 * config service (validated like the file, applied live, versioned, audited); the server then sends
 * every client a fresh snapshot.
 */
export function registerAdmin(socket: HallSocket, hall: HallRuntime, log: Logger): void {
  registerSupervisor(socket, hall, log);
  const actor = socket.data.actor;
  const memory = answered.get(hall) ?? new Map<string, { event: string; ack: Ack<unknown> }>();
  answered.set(hall, memory);

  async function once<T>(event: string, requestId: string, what: string, run: () => Promise<Outcome<T>>): Promise<Ack<T>> {
    const key = `${actor.id} ${requestId}`;
    const previous = memory.get(key);
    // The same id for another action is a client bug: answering the first result would say "done" to it.
    if (previous) return previous.event === event ? (previous.ack as Ack<T>) : { ok: false, ...REQUEST_ID_REUSED };
    // An id the hall's queue already answered (say a ticket:cancel's) is not taken for a config change either.
    if (hall.service.answeredRequest(`${actor.kind}:${actor.id}`, requestId)) return { ok: false, ...REQUEST_ID_REUSED };
    const ack = toAck(await run());
    if (ack.ok) {
      memory.set(key, { event, ack });
      if (memory.size > REMEMBERED) memory.delete(memory.keys().next().value!);
      log.info({ hall: hall.config.id, by: actor.id, what, version: hall.settings.version }, 'hall config changed');
    }
    return ack;
  }

  handle(socket, log, 'config:get', snapshotInput, () => ({ ok: true, data: hall.settings.view() }));
  handle(socket, log, 'config:update', configUpdateInput, (i) => once('config:update', i.requestId, 'config', () => hall.settings.update(i.changes, actor)));
  handle(socket, log, 'account:create', accountCreateInput, (i) => once('account:create', i.requestId, `account ${i.username}`, () => hall.settings.createAccount(i, actor)));
  handle(socket, log, 'account:update', accountUpdateInput, (i) => once('account:update', i.requestId, `account ${i.username}`, () => hall.settings.updateAccount(i, actor)));
  handle(socket, log, 'account:resetPassword', accountPasswordInput, (i) => once('account:resetPassword', i.requestId, `password ${i.username}`, () => hall.settings.resetPassword(i.username, i.password, actor)));
  handle(socket, log, 'device:create', deviceCreateInput, (i) => once('device:create', i.requestId, `device ${i.id}`, () => hall.settings.createDevice(i, actor)));
  handle(socket, log, 'device:rotateKey', deviceRefInput, (i) => once('device:rotateKey', i.requestId, `device key ${i.id}`, () => hall.settings.rotateKey(i.id, actor)));
  handle(socket, log, 'device:remove', deviceRefInput, (i) => once('device:remove', i.requestId, `device ${i.id}`, () => hall.settings.removeDevice(i.id, actor)));
}

import type { Ack, KioskApi, KioskCheckInInput, KioskReactivateInput, KioskTakeTicketInput, KioskVerb } from '../contracts';
import { fieldIssues, KIOSK_VERBS, kioskInputSchemas } from '../contracts';
import { kioskProblem, problemOf, refuse } from './kiosk-problems';

export function isKioskVerb(value: unknown): value is KioskVerb {
  return typeof value === 'string' && (KIOSK_VERBS as readonly string[]).includes(value);
}

/**
 * One call from a page (IPC, the local bridge, a test binding): the verb must be known and the payload
 * must fit its schema, or the answer is INVALID_KIOSK_CALL naming what was wrong. Never throws.
 */
export async function dispatchKioskCall(api: KioskApi, verb: unknown, payload: unknown): Promise<Ack<unknown>> {
  if (!isKioskVerb(verb)) {
    const name = String(verb).slice(0, 40);
    return refuse(kioskProblem('INVALID_KIOSK_CALL', { zh: `未知操作 ${name}`, en: `unknown verb "${name}"; expected one of ${KIOSK_VERBS.join(', ')}` }));
  }
  const parsed = kioskInputSchemas[verb].safeParse(payload);
  if (!parsed.success) {
    const issues = fieldIssues(parsed.error);
    const text = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    return refuse(kioskProblem('INVALID_KIOSK_CALL', { zh: `${verb} ${text}`, en: `${verb} ${text}` }), { issues });
  }
  try {
    switch (verb) {
      case 'listCategories':
        return await api.listCategories();
      case 'takeTicket':
        return await api.takeTicket(parsed.data as KioskTakeTicketInput);
      case 'reactivate':
        return await api.reactivate(parsed.data as KioskReactivateInput);
      case 'reprint':
        return await api.reprint();
      case 'deviceStatus':
        return await api.deviceStatus();
      case 'checkIn':
        return await api.checkIn(parsed.data as KioskCheckInInput);
      default:
        return assertNever(verb);
    }
  } catch (error) {
    return refuse(problemOf(error));
  }
}

function assertNever(value: never): never {
  throw new Error(`unhandled kiosk verb ${String(value)}`);
}

import { hashIdNumber } from '../app/identity';

export { hashIdNumber };
import type { HallSnapshot, IssueTicketInput, KioskCard, PriorityClassView } from '../contracts';
import type { CalendarDate, CardText } from '../../hardware';
import { ageAt, documentNumber, holderName, maskIdNumber, maskName } from '../../hardware';
import { kioskProblem } from './kiosk-problems';

export type CitizenMark = NonNullable<IssueTicketInput['citizen']>;
type PriorityClassConfig = HallSnapshot['priorityClasses'][number];

export interface IdentifyOptions {
  /** The hall's calendar date today (calendarDateInZone with the hall's time zone). */
  today: CalendarDate;
  priorityClasses: readonly PriorityClassConfig[];
  /** Key of the keyed hash: the same citizen gives the same hash at every kiosk of the hall, nothing else can. */
  idHashKey: string;
}

export interface CardIdentity {
  /** For the page. */
  card: KioskCard;
  /** For the hall: masked name, masked number, keyed hash. The full number goes nowhere. */
  citizen: CitizenMark;
  priorityClass: PriorityClassView | null;
}

/** Longest mask the hall accepts (citizenMarkSchema). */
const MAX_MASKED_NAME = 40;

/**
 * What the kiosk derives from a card. The card object itself (full name, number, address, photo) stays in
 * the kiosk service's memory and is dropped when the card leaves the reader.
 */
export function identifyCard(card: CardText, options: IdentifyOptions): CardIdentity {
  const number = documentNumber(card);
  const age = ageAt(card.birthDate, options.today);
  const priorityClass = priorityClassForAge(age, options.priorityClasses);
  const valid = card.kind === 'foreign-permanent-2017' ? true : card.idNumberValid;
  const maskedName = Array.from(maskName(holderName(card))).slice(0, MAX_MASKED_NAME).join('');
  const maskedId = maskIdNumber(number);
  return {
    card: {
      kind: card.kind,
      maskedName,
      maskedId,
      age,
      priorityClass,
      usable: valid,
      problem: valid ? null : kioskProblem('CARD_ID_INVALID'),
    },
    citizen: { maskedName, maskedId, idHash: hashIdNumber(number, options.idHashKey) },
    priorityClass,
  };
}


/**
 * The age-based class the holder qualifies for: of the classes with a minimum age at or below theirs, the
 * one with the highest minimum (a hall may have 65+ and 80+ classes). Classes without minAge (disabled,
 * pregnant…) are never given by a card; staff assign those.
 */
export function priorityClassForAge(age: number, classes: readonly PriorityClassConfig[]): PriorityClassView | null {
  let best: PriorityClassConfig | undefined;
  for (const c of classes) {
    if (c.minAge === undefined || age < c.minAge) continue;
    if (!best || (best.minAge ?? 0) < c.minAge) best = c;
  }
  return best ? { id: best.id, name: best.name, nameEn: best.nameEn } : null;
}

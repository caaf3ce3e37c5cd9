export { IdCardReader, DEFAULT_READ_TIMEOUT_MS, DEFAULT_REPLY_TIMEOUT_MS } from './idcard-reader';
export type { CardReaderCommands, IdCardReaderOptions } from './idcard-reader';
export { CardPoller, DEFAULT_POLL_INTERVAL_MS } from './card-poller';
export type { CardPollerEvents, CardPollerOptions } from './card-poller';
export { IDCARD_ERRORS, idcardError } from './idcard-errors';
export type { IdCardErrorCode } from './idcard-errors';
export { SAMV_COMMANDS, SAMV_STATUS } from './samv-commands';
export type { SamvCommandName } from './samv-commands';
export { SAMV_HEADER, SAMV_MAX_LEN_FIELD, encodeSamvCommand, encodeSamvFrame, encodeSamvReply, samvCommandSpec, samvReplySpec } from './samv-frame';
export type { SamvCommand, SamvReply } from './samv-frame';
export { STATUS_ERROR_CODES, statusError } from './samv-status';
export { PHOTO_BYTES, parseReadData } from './read-reply';
export type { CardReadout } from './read-reply';
export { cardTypeFlag, parseTextBlock } from './text-block';
export type { CardTypeFlag } from './text-block';
export { documentNumber, holderName } from './card-types';
export type {
  CardExpiry,
  CardImages,
  CardKind,
  CardText,
  ForeignPermanentResident2017Text,
  ForeignPermanentResident2023Text,
  HmtRegion,
  HmtResidencePermitText,
  IdCard,
  ResidentCardText,
} from './card-types';
export { calendarDateInZone, compareDates, parseCompactDate, parseIsoDate, toCompactDate, toIsoDate } from './calendar-date';
export type { CalendarDate } from './calendar-date';
export { ageAt } from './age';
export { maskIdNumber, maskName } from './masking';
export { gb11643CheckCharacter, gb11643Problem, isValidGb11643 } from './gb11643';
export type { IdNumberProblem } from './gb11643';
export { GENDERS, genderOf, isGenderCode } from './gender';
export type { Gender, GenderCode } from './gender';
export { NATIONS, nationOf } from './nation-table';
export type { Nation } from './nation-table';
export * from './layouts';

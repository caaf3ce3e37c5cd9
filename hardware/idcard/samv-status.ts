import type { DeviceError } from '../serial/device-error';
import { hex } from '../serial/device-error';
import type { IdCardErrorCode } from './idcard-errors';
import { idcardError } from './idcard-errors';
import { SAMV_STATUS } from './samv-commands';

/** Every documented failure status and the error it becomes. */
export const STATUS_ERROR_CODES: ReadonlyMap<number, IdCardErrorCode> = new Map<number, IdCardErrorCode>([
  [SAMV_STATUS.ITEM_EMPTY, 'IDCARD_ITEM_EMPTY'],
  [SAMV_STATUS.FRAME_CHECKSUM_ERROR, 'IDCARD_FRAME_CHECKSUM_REJECTED'],
  [SAMV_STATUS.FRAME_LENGTH_ERROR, 'IDCARD_FRAME_LENGTH_REJECTED'],
  [SAMV_STATUS.COMMAND_ERROR, 'IDCARD_COMMAND_REJECTED'],
  [SAMV_STATUS.UNAUTHORIZED, 'IDCARD_UNAUTHORIZED_OPERATION'],
  [SAMV_STATUS.UNRECOGNIZED_ERROR, 'IDCARD_UNRECOGNIZED_ERROR'],
  [SAMV_STATUS.CARD_AUTH_SAM_FAILED, 'IDCARD_CARD_AUTH_FAILED'],
  [SAMV_STATUS.SAM_AUTH_CARD_FAILED, 'IDCARD_SAM_AUTH_FAILED'],
  [SAMV_STATUS.INFO_VERIFY_FAILED, 'IDCARD_INFO_VERIFY_FAILED'],
  [SAMV_STATUS.UNKNOWN_CARD_TYPE, 'IDCARD_UNKNOWN_CARD_TYPE'],
  [SAMV_STATUS.READ_FAILED, 'IDCARD_READ_FAILED'],
  [SAMV_STATUS.RANDOM_FAILED, 'IDCARD_RANDOM_FAILED'],
  [SAMV_STATUS.SAM_SELF_TEST_FAILED, 'IDCARD_SAM_SELF_TEST_FAILED'],
  [SAMV_STATUS.SAM_UNAUTHORIZED, 'IDCARD_SAM_UNAUTHORIZED'],
  [SAMV_STATUS.FIND_FAILED, 'IDCARD_NO_CARD'],
  [SAMV_STATUS.SELECT_FAILED, 'IDCARD_SELECT_FAILED'],
]);

const SUCCESS_STATUSES: ReadonlySet<number> = new Set([SAMV_STATUS.OK, SAMV_STATUS.FIND_OK]);

/**
 * The error for a status that is not the success `expected` by `command`, or undefined when it is.
 * A success code meant for another command (0x90 to a find) is an error too: it means replies got out of step.
 */
export function statusError(sw3: number, expected: number, command: string): DeviceError<IdCardErrorCode> | undefined {
  if (sw3 === expected) return undefined;
  const details = { status: hex(sw3), command };
  const note = [`状态码 ${hex(sw3)}，命令：${command}`, `status ${hex(sw3)} to ${command}`] as const;
  const code = STATUS_ERROR_CODES.get(sw3);
  // Known statuses keep the plain catalogue text: the kiosk may show it to citizens as is.
  if (code) return idcardError(code, details);
  if (SUCCESS_STATUSES.has(sw3)) {
    return idcardError('IDCARD_UNEXPECTED_STATUS', { ...details, expected: hex(expected) }, { note: [`${note[0]}，应为 ${hex(expected)}`, `${note[1]}, expected ${hex(expected)}`] });
  }
  return idcardError('IDCARD_UNKNOWN_STATUS', details, { note });
}

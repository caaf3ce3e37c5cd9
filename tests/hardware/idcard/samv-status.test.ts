import { describe, expect, it } from 'vitest';
import { IDCARD_ERRORS } from '../../../hardware/idcard/idcard-errors';
import { SAMV_STATUS } from '../../../hardware/idcard/samv-commands';
import { STATUS_ERROR_CODES, statusError } from '../../../hardware/idcard/samv-status';
import { DeviceError } from '../../../hardware/serial/device-error';

// Every failure status of the SAM_V status table and the error the kiosk gets for it.
const EXPECTED: [number, string][] = [
  [0x10, 'IDCARD_FRAME_CHECKSUM_REJECTED'],
  [0x11, 'IDCARD_FRAME_LENGTH_REJECTED'],
  [0x21, 'IDCARD_COMMAND_REJECTED'],
  [0x23, 'IDCARD_UNAUTHORIZED_OPERATION'],
  [0x24, 'IDCARD_UNRECOGNIZED_ERROR'],
  [0x31, 'IDCARD_CARD_AUTH_FAILED'],
  [0x32, 'IDCARD_SAM_AUTH_FAILED'],
  [0x33, 'IDCARD_INFO_VERIFY_FAILED'],
  [0x40, 'IDCARD_UNKNOWN_CARD_TYPE'],
  [0x41, 'IDCARD_READ_FAILED'],
  [0x47, 'IDCARD_RANDOM_FAILED'],
  [0x60, 'IDCARD_SAM_SELF_TEST_FAILED'],
  [0x66, 'IDCARD_SAM_UNAUTHORIZED'],
  [0x80, 'IDCARD_NO_CARD'],
  [0x81, 'IDCARD_SELECT_FAILED'],
  [0x91, 'IDCARD_ITEM_EMPTY'],
];

describe('SAM_V status codes', () => {
  it.each(EXPECTED.map(([status, code]) => ({ status, code, hex: status.toString(16).toUpperCase() })))('status 0x$hex becomes $code with Chinese and English text', ({ status, code }) => {
    const error = statusError(status, SAMV_STATUS.OK, 'read text and photo');
    expect(error).toBeInstanceOf(DeviceError);
    expect(error?.code).toBe(code);
    expect(error?.message).toBe(IDCARD_ERRORS[code as keyof typeof IDCARD_ERRORS].message);
    expect(error?.messageEn).toBe(IDCARD_ERRORS[code as keyof typeof IDCARD_ERRORS].messageEn);
    expect(error?.details).toMatchObject({ status: `0x${status.toString(16).padStart(2, '0').toUpperCase()}` });
  });

  it('maps exactly the listed statuses, no more, no fewer', () => {
    expect([...STATUS_ERROR_CODES.entries()].sort((a, b) => a[0] - b[0])).toEqual(EXPECTED);
  });

  it('gives the example error for no card', () => {
    expect(statusError(0x80, SAMV_STATUS.FIND_OK, 'find card')?.toJSON()).toMatchObject({
      code: 'IDCARD_NO_CARD',
      message: '未放置身份证',
      messageEn: 'No card on the reader',
    });
  });

  it('accepts the expected success status and only that', () => {
    expect(statusError(0x9f, SAMV_STATUS.FIND_OK, 'find card')).toBeUndefined();
    expect(statusError(0x90, SAMV_STATUS.OK, 'select card')).toBeUndefined();
    const outOfStep = statusError(0x90, SAMV_STATUS.FIND_OK, 'find card');
    expect(outOfStep?.code).toBe('IDCARD_UNEXPECTED_STATUS');
    expect(outOfStep?.messageEn).toContain('status 0x90 to find card, expected 0x9F');
  });

  it('names an unknown status in the message', () => {
    const error = statusError(0x55, SAMV_STATUS.OK, 'select card');
    expect(error?.code).toBe('IDCARD_UNKNOWN_STATUS');
    expect(error?.message).toContain('0x55');
    expect(error?.messageEn).toBe('The reader returned an unknown status code (status 0x55 to select card)');
  });
});

import { errorFactory } from './device-error';

export const SERIAL_ERRORS = {
  SERIAL_OPEN_FAILED: { message: '串口打开失败', messageEn: 'Could not open the serial port' },
  SERIAL_WRITE_FAILED: { message: '串口写入失败', messageEn: 'Could not write to the serial port' },
  SERIAL_CLOSED: { message: '串口已关闭', messageEn: 'The serial port is closed' },
  SERIAL_TIMEOUT: { message: '设备无响应', messageEn: 'The device did not answer in time' },
  SERIAL_CORRUPT_FRAME: { message: '设备返回的数据帧损坏', messageEn: 'The device sent a corrupt frame' },
} as const;

export type SerialErrorCode = keyof typeof SERIAL_ERRORS;

export const serialError = errorFactory(SERIAL_ERRORS);

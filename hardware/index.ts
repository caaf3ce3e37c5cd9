// Public surface of the hardware layer. The simulators are exported separately from
// './simulators' so production code does not pull them in by accident.
export * from './serial';
export * from './idcard';
export * from './printer';

import type { IdCardErrorCode } from './idcard';
import type { PrinterErrorCode } from './printer';
import type { SerialErrorCode } from './serial';

/** Every `code` a DeviceError from this layer can carry. */
export type HardwareErrorCode = SerialErrorCode | IdCardErrorCode | PrinterErrorCode;

import pino from 'pino';

export type KioskLogger = pino.Logger;

/**
 * JSON lines; silent under tests unless LOG_LEVEL says otherwise. Nothing the kiosk logs carries card
 * data: masked marks at most (a test greps the output for the full ID number).
 */
export function createKioskLogger(level = process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info'), destination?: pino.DestinationStream): KioskLogger {
  const options = { level, base: { service: 'kiosk' }, timestamp: pino.stdTimeFunctions.isoTime };
  return destination ? pino(options, destination) : pino(options);
}

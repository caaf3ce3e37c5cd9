import pino from 'pino';
import { scrubLogObject } from '../app/log-scrub';

export type KioskLogger = pino.Logger;

/**
 * JSON lines; silent under tests unless LOG_LEVEL says otherwise. Nothing the kiosk logs carries card
 * data: masked marks at most (a test greps the output for the full ID number).
 */
export function createKioskLogger(level = process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info'), destination?: pino.DestinationStream): KioskLogger {
  // Scrubbed like the hall's: no token, booking code or full mobile number in a line (app/log-scrub.ts).
  const options = { level, base: { service: 'kiosk' }, timestamp: pino.stdTimeFunctions.isoTime, formatters: { log: scrubLogObject } };
  return destination ? pino(options, destination) : pino(options);
}

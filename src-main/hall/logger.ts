import pino from 'pino';

export type Logger = pino.Logger;

/** JSON lines on stdout; silent under tests unless LOG_LEVEL says otherwise. */
export function createLogger(level = process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info')): Logger {
  return pino({ level, base: { service: 'hall' }, timestamp: pino.stdTimeFunctions.isoTime });
}

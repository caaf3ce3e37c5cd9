import pino from 'pino';
import { scrubLogObject, scrubText } from '../app/log-scrub';

export type Logger = pino.Logger;

/** Every line passes through log-scrub.ts: no token, booking code or full mobile number is written. */
export function scrubbingOptions(): Pick<pino.LoggerOptions, 'formatters' | 'hooks'> {
  return {
    formatters: { log: scrubLogObject },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? scrubText(a) : a)) as Parameters<typeof method>);
      },
    },
  };
}

/** JSON lines on stdout (or `destination`); silent under tests unless LOG_LEVEL says otherwise. */
export function createLogger(level = process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info'), destination?: pino.DestinationStream): Logger {
  const options = { level, base: { service: 'hall' }, timestamp: pino.stdTimeFunctions.isoTime, ...scrubbingOptions() };
  return destination ? pino(options, destination) : pino(options);
}

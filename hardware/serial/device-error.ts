/** The Chinese text the kiosk shows and the English text for logs and the English UI. */
export interface ErrorText {
  readonly message: string;
  readonly messageEn: string;
}

/**
 * Every fault a device reports becomes one of these, so the kiosk can switch on `code`
 * and show `message` (Chinese) or `messageEn` without parsing strings.
 */
export class DeviceError<Code extends string = string> extends Error {
  readonly code: Code;
  readonly messageEn: string;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: Code, text: ErrorText, details: Record<string, unknown> = {}, cause?: unknown) {
    super(text.message, cause === undefined ? undefined : { cause });
    this.name = 'DeviceError';
    this.code = code;
    this.messageEn = text.messageEn;
    this.details = details;
  }

  /** Plain data for IPC and logs: Error instances do not survive structured cloning intact. */
  toJSON(): { code: Code; message: string; messageEn: string; details: Readonly<Record<string, unknown>> } {
    return { code: this.code, message: this.message, messageEn: this.messageEn, details: this.details };
  }
}

export function isDeviceError(value: unknown): value is DeviceError {
  return value instanceof DeviceError;
}

export interface ErrorOptions {
  /** Says what exactly was wrong, appended to both texts: [Chinese, English]. */
  note?: readonly [string, string];
  cause?: unknown;
}

/** Builds a typed factory from a catalogue so each module lists its codes and texts in one place. */
export function errorFactory<Catalogue extends Record<string, ErrorText>>(catalogue: Catalogue) {
  return function makeError<Code extends keyof Catalogue & string>(
    code: Code,
    details: Record<string, unknown> = {},
    options: ErrorOptions = {},
  ): DeviceError<Code> {
    const base = catalogue[code] as ErrorText;
    const text = options.note ? withDetail(base, options.note[0], options.note[1]) : base;
    return new DeviceError(code, text, details, options.cause);
  };
}

/** Appends a detail to both languages, e.g. the offending byte, without losing the catalogue text. */
export function withDetail(text: ErrorText, zh: string, en: string): ErrorText {
  return { message: `${text.message}（${zh}）`, messageEn: `${text.messageEn} (${en})` };
}

export function hex(bytes: Uint8Array | number): string {
  if (typeof bytes === 'number') return `0x${bytes.toString(16).padStart(2, '0').toUpperCase()}`;
  return Buffer.from(bytes).toString('hex').toUpperCase().replace(/(..)(?=.)/g, '$1 ');
}

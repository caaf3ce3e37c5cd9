import { describe, expect, it } from 'vitest';
import { scrubLogObject, scrubText } from '../../src-main/app/log-scrub';

describe('log scrubbing', () => {
  it('cuts tokens out of live-page links and masks mobile numbers inside any text', () => {
    expect(scrubText('GET /t/AbCdEfGhIjKlMnOpQrStUvWx?hall=demo failed')).toBe('GET /t/AbCd…?hall=demo failed');
    expect(scrubText('https://hall.example/b/Zz_-0123456789abcdefXY')).toBe('https://hall.example/b/Zz_-…');
    expect(scrubText('call 13800138000 or +86 15912345678')).toBe('call 138****8000 or +86 159****5678');
    // Not a mobile: longer digit runs (ticket ids, times) stay.
    expect(scrubText('seq 138001380001 at 1795398300000')).toBe('seq 138001380001 at 1795398300000');
  });

  it('redacts secret keys at any depth, and six-digit codes but not error codes', () => {
    const out = scrubLogObject({
      notice: { bookingCode: '123456', liveUrl: 'http://h/t/AbCdEfGhIjKlMnOpQrStUvWx', mobile: '13800138000' },
      token: 'x'.repeat(24),
      list: [{ deviceKey: 'k' }],
      code: '654321',
      problem: { code: 'RATE_LIMITED' },
    });
    expect(out).toEqual({
      notice: { bookingCode: '[redacted]', liveUrl: 'http://h/t/AbCd…', mobile: '138****8000' },
      token: '[redacted]',
      list: [{ deviceKey: '[redacted]' }],
      code: '[redacted]',
      problem: { code: 'RATE_LIMITED' },
    });
  });

  it('leaves errors to the serializer', () => {
    const err = new Error('boom');
    expect(scrubLogObject({ err }).err).toBe(err);
  });
});

import { describe, expect, it, vi } from 'vitest';
import type { CardReaderCommands, IdCard } from '../../hardware';
import { decodeStatus, encodeStatus, idcardError, printerError, serialError } from '../../hardware';
import type { KioskApi } from '../../src-main/contracts';
import { dispatchKioskCall } from '../../src-main/kiosk/kiosk-dispatch';
import { printerStateOfError, printerStateOfStatus } from '../../src-main/kiosk/printer-state';
import { READER_FAULTS_BEFORE_ERROR, ReaderWatch } from '../../src-main/kiosk/reader-watch';

describe('printer state for staff', () => {
  it.each([
    [{}, 'ok'],
    [{ paperNearEnd: true }, 'near-end'],
    [{ paperEnd: true }, 'paper-out'],
    [{ coverOpen: true }, 'cover-open'],
    [{ offline: true }, 'offline'],
    [{ autocutterError: true }, 'error'],
  ] as const)('status %j is %s', (state, expected) => {
    expect(printerStateOfStatus(decodeStatus(encodeStatus(state)))).toBe(expected);
  });

  it('judges an interrupted print by its cause and a silent printer as off line', () => {
    expect(printerStateOfError(printerError('PRINTER_PRINT_INTERRUPTED', { cause: 'PRINTER_PAPER_END' }))).toBe('paper-out');
    expect(printerStateOfError(printerError('PRINTER_TIMEOUT', {}))).toBe('offline');
    expect(printerStateOfError(serialError('SERIAL_CLOSED', {}))).toBe('offline');
    expect(printerStateOfError(printerError('PRINTER_MECHANICAL_ERROR', {}))).toBe('error');
    expect(printerStateOfError(new Error('bug'))).toBe('error');
  });
});

describe('reader health', () => {
  function fakeReader(find: () => Promise<void>): CardReaderCommands {
    return { findCard: find, selectCard: async () => {}, readCard: async () => ({}) as IdCard };
  }

  it('marks the reader broken after several silent answers in a row and well again at the next answer', async () => {
    let silent = true;
    const changes: string[] = [];
    const watch = new ReaderWatch(
      fakeReader(async () => {
        if (silent) throw idcardError('IDCARD_TIMEOUT', {});
        throw idcardError('IDCARD_NO_CARD', {});
      }),
      (state, problem) => changes.push(`${state}:${problem?.code ?? '-'}`),
    );
    for (let i = 0; i < READER_FAULTS_BEFORE_ERROR - 1; i++) await watch.findCard().catch(() => {});
    expect(watch.health.state).toBe('ok');
    await watch.findCard().catch(() => {});
    expect(watch.health).toMatchObject({ state: 'error', problem: { code: 'IDCARD_TIMEOUT', message: '身份证阅读器无响应' } });
    silent = false;
    // "No card" is an answer: the reader works.
    await expect(watch.findCard()).rejects.toMatchObject({ code: 'IDCARD_NO_CARD' });
    expect(watch.health.state).toBe('ok');
    expect(changes).toEqual(['error:IDCARD_TIMEOUT', 'ok:-']);
  });

  it('does not blame the reader for a card that moved away', async () => {
    const watch = new ReaderWatch(fakeReader(async () => Promise.reject(idcardError('IDCARD_READ_FAILED', {}))), () => {});
    for (let i = 0; i < 5; i++) await watch.findCard().catch(() => {});
    expect(watch.health.state).toBe('ok');
  });
});

describe('kiosk call dispatch (IPC, local bridge, test binding)', () => {
  const api: KioskApi = {
    listCategories: vi.fn(async () => ({ ok: true as const, data: { hall: { name: 'h', nameEn: 'h', notice: '', noticeEn: '', timeZone: 'Asia/Shanghai' }, categories: [] } })),
    takeTicket: vi.fn(async () => ({ ok: false as const, code: 'HALL_UNREACHABLE', message: 'x', messageEn: 'x' })),
    reactivate: vi.fn(async () => ({ ok: false as const, code: 'NO_SUCH_TICKET', message: 'x', messageEn: 'x' })),
    reprint: vi.fn(async () => ({ ok: false as const, code: 'NOTHING_TO_REPRINT', message: 'x', messageEn: 'x' })),
    deviceStatus: vi.fn(async () => {
      throw new Error('boom');
    }),
    checkIn: vi.fn(async () => ({ ok: false as const, code: 'NO_SUCH_BOOKING', message: 'x', messageEn: 'x' })),
  };

  it('calls the verb with its validated payload', async () => {
    expect(await dispatchKioskCall(api, 'takeTicket', { categoryId: 'A', useCard: true })).toMatchObject({ ok: false, code: 'HALL_UNREACHABLE' });
    expect(api.takeTicket).toHaveBeenCalledWith({ categoryId: 'A', useCard: true });
    expect(await dispatchKioskCall(api, 'listCategories', undefined)).toMatchObject({ ok: true });
  });

  it('refuses unknown verbs and bad payloads naming what was wrong, without calling the service', async () => {
    expect(await dispatchKioskCall(api, 'openDoor', {})).toMatchObject({ ok: false, code: 'INVALID_KIOSK_CALL', messageEn: expect.stringContaining('unknown verb "openDoor"') });
    const bad = await dispatchKioskCall(api, 'reactivate', { number: 'A17', extra: 1 });
    expect(bad).toMatchObject({ ok: false, code: 'INVALID_KIOSK_CALL', issues: expect.arrayContaining([expect.objectContaining({ path: 'number' })]) });
    expect(api.reactivate).not.toHaveBeenCalled();
    expect(await dispatchKioskCall(api, 'reprint', { please: true })).toMatchObject({ ok: false, code: 'INVALID_KIOSK_CALL' });
  });

  it('check-in takes a six-digit code, the card on the reader or a remote number, and nothing else', async () => {
    for (const payload of [{ code: '042917' }, { useCard: true }, { number: 'c017' }]) {
      expect(await dispatchKioskCall(api, 'checkIn', payload)).toMatchObject({ ok: false, code: 'NO_SUCH_BOOKING' });
      expect(api.checkIn).toHaveBeenLastCalledWith(payload);
    }
    const calls = vi.mocked(api.checkIn).mock.calls.length;
    for (const bad of [{ code: '12345' }, { code: '1234567' }, { useCard: false }, { code: '123456', useCard: true }, {}, undefined]) {
      expect(await dispatchKioskCall(api, 'checkIn', bad)).toMatchObject({ ok: false, code: 'INVALID_KIOSK_CALL' });
    }
    const short = await dispatchKioskCall(api, 'checkIn', { code: '12a456' });
    expect(short).toMatchObject({ ok: false, messageEn: expect.stringContaining('six-digit booking code') });
    expect(vi.mocked(api.checkIn).mock.calls.length).toBe(calls);
  });

  it('turns a throwing service into an error answer', async () => {
    expect(await dispatchKioskCall(api, 'deviceStatus', {})).toMatchObject({ ok: false, code: 'KIOSK_ERROR', messageEn: expect.stringContaining('boom') });
  });
});

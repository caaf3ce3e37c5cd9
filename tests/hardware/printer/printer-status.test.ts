import { describe, expect, it } from 'vitest';
import { blockingProblem, decodePaperSensorInOrder, decodeStatus, encodeStatus } from '../../../hardware/printer/printer-status';

describe('DLE EOT status bytes', () => {
  it('reads an idle, ready printer (all four bytes 0x12)', () => {
    const status = decodeStatus({ printer: 0x12, offlineCause: 0x12, errorCause: 0x12, paperSensor: 0x12 });
    expect(status).toMatchObject({ online: true, coverOpen: false, paperEnd: false, paperNearEnd: false });
    expect(blockingProblem(status)).toBeUndefined();
  });

  it('reads a printer out of paper: 0x1A, 0x32, 0x12, 0x7E', () => {
    const status = decodeStatus({ printer: 0x1a, offlineCause: 0x32, errorCause: 0x12, paperSensor: 0x7e });
    expect(status).toMatchObject({ online: false, stoppedByPaperEnd: true, paperEnd: true, paperNearEnd: true });
    expect(blockingProblem(status)?.code).toBe('PRINTER_PAPER_END');
  });

  it('reads every bit in its place', () => {
    const s = decodeStatus({ printer: 0x12 | 0x08 | 0x20 | 0x40, offlineCause: 0x12 | 0x04 | 0x08 | 0x20 | 0x40, errorCause: 0x12 | 0x04 | 0x08 | 0x20 | 0x40, paperSensor: 0x12 | 0x0c });
    expect(s).toMatchObject({
      online: false,
      waitingForOnlineRecovery: true,
      feedButtonPressed: true,
      coverOpen: true,
      stoppedByPaperEnd: true,
      errorOccurred: true,
      mechanicalError: true,
      autocutterError: true,
      unrecoverableError: true,
      autoRecoverableError: true,
      paperNearEnd: true,
      paperEnd: false,
    });
  });

  it('round-trips the simulator encoding', () => {
    for (const state of [{}, { paperEnd: true }, { paperNearEnd: true }, { coverOpen: true }, { autocutterError: true }, { offline: true }]) {
      const status = decodeStatus(encodeStatus(state));
      expect(status.paperEnd).toBe(!!('paperEnd' in state && state.paperEnd));
      expect(status.coverOpen).toBe(!!('coverOpen' in state && state.coverOpen));
      expect(status.online).toBe(Object.keys(state).length === 0 || 'paperNearEnd' in state);
    }
  });

  it.each([
    [{ coverOpen: true }, 'PRINTER_COVER_OPEN'],
    [{ offline: true }, 'PRINTER_OFFLINE'],
    [{ autocutterError: true }, 'PRINTER_CUTTER_ERROR'],
    [{ mechanicalError: true }, 'PRINTER_MECHANICAL_ERROR'],
    [{ unrecoverableError: true }, 'PRINTER_UNRECOVERABLE_ERROR'],
    [{ autoRecoverableError: true }, 'PRINTER_AUTO_RECOVERABLE_ERROR'],
    [{ paperEnd: true, coverOpen: true }, 'PRINTER_PAPER_END'],
  ])('%o blocks printing with %s', (state, code) => {
    expect(blockingProblem(decodeStatus(encodeStatus(state)))?.code).toBe(code);
  });

  it('near end is not a reason to refuse', () => {
    expect(blockingProblem(decodeStatus(encodeStatus({ paperNearEnd: true })))).toBeUndefined();
  });

  it('refuses a byte that cannot be a status byte and names it', () => {
    expect(() => decodeStatus({ printer: 0x12, offlineCause: 0x12, errorCause: 0x12, paperSensor: 0x41 })).toThrow(
      expect.objectContaining({ code: 'PRINTER_BAD_STATUS', messageEn: "The printer returned a status byte that cannot be read (DLE EOT 4 answered 0x41)" }),
    );
  });

  it('decodes GS r 1 (in-order paper status)', () => {
    expect(decodePaperSensorInOrder(0x00)).toEqual({ paperNearEnd: false, paperEnd: false });
    expect(decodePaperSensorInOrder(0x03)).toEqual({ paperNearEnd: true, paperEnd: false });
    expect(decodePaperSensorInOrder(0x0f)).toEqual({ paperNearEnd: true, paperEnd: true });
    expect(() => decodePaperSensorInOrder(0x90)).toThrow(expect.objectContaining({ code: 'PRINTER_BAD_STATUS' }));
  });
});

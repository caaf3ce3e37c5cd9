import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { slipBytes } from '../../../hardware/printer/slip-writer';
import { layoutTicket } from '../../../hardware/printer/ticket-layout';
import { validateTicketSlip } from '../../../hardware/printer/ticket-slip';
import { EscPosStreamDecoder } from '../../../hardware/simulators/printer/escpos-stream-decoder';
import type { AssembledTicket } from '../../../hardware/simulators/printer/ticket-assembler';
import { TicketAssembler } from '../../../hardware/simulators/printer/ticket-assembler';
import { byteByByte, bytes, splitAt } from '../helpers/bytes';
import { SLIP } from '../helpers/ticket-slip';

function decode(pieces: Buffer[]): AssembledTicket[] {
  const decoder = new EscPosStreamDecoder();
  const assembler = new TicketAssembler();
  const tickets: AssembledTicket[] = [];
  for (const piece of pieces) {
    for (const event of decoder.push(piece)) {
      const done = assembler.apply(event);
      if (done) tickets.push(done);
    }
  }
  return tickets;
}

const DATA = slipBytes(layoutTicket(validateTicketSlip({ ...SLIP, hallName: '王䶮𠀀政务服务中心' })));

describe('ESC/POS stream decoder', () => {
  it('decodes the whole ticket, GB18030 text included', () => {
    const [ticket] = decode([DATA]);
    const lines = ticket?.elements.flatMap((e) => (e.kind === 'text' ? [e.text] : []));
    expect(lines?.[0]).toBe('王䶮𠀀政务服务中心');
    expect(lines).toContain('A017');
    expect(ticket?.elements.find((e) => e.kind === 'qr')).toEqual({ kind: 'qr', data: SLIP.qrUrl, cellSize: 6, errorCorrection: 'M', align: 'center' });
    expect(ticket?.unknownCommands).toEqual([]);
  });

  it('gives the same ticket byte by byte and for any cut of the stream', () => {
    const whole = decode([DATA]);
    expect(decode(byteByByte(DATA))).toEqual(whole);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: DATA.length - 1 }), { maxLength: 30 }), (cuts) => {
        expect(decode(splitAt(DATA, cuts))).toEqual(whole);
      }),
      { numRuns: 50 },
    );
  });

  it('answers real-time status queries wherever they appear, even between the bytes of other commands', () => {
    const decoder = new EscPosStreamDecoder();
    const events = [...decoder.push(bytes('1B 61')), ...decoder.push(bytes('01 10 04 02 1D 21')), ...decoder.push(bytes('11'))];
    expect(events.map((e) => e.type)).toEqual(['align', 'real-time-status', 'char-size']);
    expect(events[1]).toMatchObject({ n: 2 });
    expect(events[2]).toMatchObject({ width: 2, height: 2 });
  });

  it('records commands it does not know instead of failing', () => {
    const [ticket] = decode([bytes('1B 40 1B 99 41 0A 1D 56 00')]);
    expect(ticket?.unknownCommands).toEqual(['1b99']);
    expect(ticket?.elements).toEqual([{ kind: 'text', text: 'A', align: 'left', widthScale: 1, heightScale: 1, bold: false }]);
  });

  it('skips raster images by their declared size', () => {
    const image = Buffer.concat([bytes('1D 76 30 00 02 00 03 00'), Buffer.alloc(6, 0x0a)]);
    const [ticket] = decode([Buffer.concat([image, Buffer.from('OK\n'), bytes('1D 56 01')])]);
    expect(ticket?.elements).toEqual([
      { kind: 'image', widthDots: 16, heightDots: 3 },
      { kind: 'text', text: 'OK', align: 'left', widthScale: 1, heightScale: 1, bold: false },
    ]);
    expect(ticket?.partialCut).toBe(true);
  });
});

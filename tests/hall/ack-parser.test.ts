import { Encoder, PacketType } from 'socket.io-parser';
import { describe, expect, it } from 'vitest';
import { shareAnswer } from '../../src-main/app/shared-answers';
import { ackParser } from '../../src-main/hall/ack-parser';

describe('the acknowledgement encoder', () => {
  const plain = new Encoder();
  const ours = new ackParser.Encoder();
  const slots = [{ day: '2026-11-23', slots: [{ start: 1, end: 2, label: '09:00', free: 3 }] }];

  it('writes a shared answer exactly as socket.io would, once encoded for every client', () => {
    const answer = shareAnswer(structuredClone(slots));
    for (const packet of [
      { type: PacketType.ACK, nsp: '/', id: 7, data: [{ ok: true, data: answer }] },
      { type: PacketType.ACK, nsp: '/admin', id: 12, data: [{ ok: true, data: answer }] },
    ]) {
      expect(ours.encode(packet)).toEqual(plain.encode(packet));
      expect(ours.encode(packet)).toEqual(plain.encode(packet)); // the second time from its cached text
    }
  });

  it('encodes everything else as socket.io does: unshared data, refusals, events, binary', () => {
    const packets = [
      { type: PacketType.ACK, nsp: '/', id: 3, data: [{ ok: true, data: structuredClone(slots) }] },
      { type: PacketType.ACK, nsp: '/', id: 4, data: [{ ok: false, code: 'RATE_LIMITED', data: shareAnswer([]) }] },
      { type: PacketType.EVENT, nsp: '/', data: ['ticket:called', shareAnswer({ number: 'A001' })] },
      { type: PacketType.ACK, nsp: '/', id: 5, data: [{ ok: true, data: Buffer.from('x') }] },
    ];
    for (const p of packets) expect(ours.encode(p)).toEqual(plain.encode(p));
  });
});

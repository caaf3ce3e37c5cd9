import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src-main/app/ports';
import { CASE_RESULT_SOURCE_PATHS, DEFAULT_CASE_RESULT_MAPPING, DEFAULT_RATING_MAPPING, RATING_SOURCE_PATHS } from '../../src-main/contracts/province';
import type { HallEvent, RatingCase } from '../../src-main/domain';
import { applyCaseChange } from '../../src-main/domain';
import { applyMapping, readPath } from '../../src-main/province/field-mapping';
import type { BuiltRecord } from '../../src-main/province/record-builder';
import { RecordBuilder } from '../../src-main/province/record-builder';
import type { HallCodes } from '../../src-main/province/sources';
import { caseResultSource, ratingSource, timeText } from '../../src-main/province/sources';

// The record builder at the unit level: hand-made stored events in, the platform's records out. Ratings,
// and the results of bad-rating cases folded with the domain's applyCaseChange (answered, appeal upheld,
// closed); a case opened before the builder started is read back; memory keeps open cases only.

const HALL = 'demo';
const CODES: HallCodes = {
  hallId: HALL,
  hallName: '示范政务服务中心',
  regionCode: '330106',
  organisationCode: '11330106MB1234567X',
  timeZone: 'Asia/Shanghai',
  channelCodes: { window: '3', phone: '2', 'slip-qr': '2', booking: '2' },
};
/** Monday 2026-03-02 09:00 in Beijing. */
const T0 = Date.parse('2026-03-02T01:00:00Z');
const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const TICKET = '2026-03-02/C003';

let seq = 0;
const at = (e: HallEvent, actor = 'system'): StoredEvent => ({ hallId: HALL, seq: ++seq, at: e.at, actor: { kind: 'system', id: actor }, requestId: null, event: e });

const rated = (ticketId: string, level: Extract<HallEvent, { type: 'ServiceRated' }>['level'], t: number, extra: Partial<Extract<HallEvent, { type: 'ServiceRated' }>> = {}): HallEvent => ({
  type: 'ServiceRated',
  at: t,
  ticketId,
  windowId: 6,
  staffId: 'staff06',
  level,
  reasons: level.includes('dissatisfied') ? ['等候时间长', '服务态度差'] : [],
  comment: level.includes('dissatisfied') ? '排队太久' : null,
  channel: 'window',
  realName: false,
  categoryId: 'C',
  matterId: 'C02',
  ...extra,
});

function openCase(id: string, t: number, mobile: string | null): RatingCase {
  return {
    id,
    hallId: HALL,
    number: id.split('/')[1]!,
    serviceDay: id.split('/')[0]!,
    categoryId: 'C',
    matterId: 'C02',
    windowId: 6,
    staffId: 'staff06',
    teamId: 'team-c',
    token: '',
    level: 'very-dissatisfied',
    reasons: ['等候时间长'],
    comment: '排队太久',
    channel: 'window',
    mobile,
    state: 'verifying',
    outcome: null,
    openedAt: t,
    warnAt: t + 4 * DAY,
    dueAt: t + 7 * DAY,
    verification: null,
    rectification: null,
    callback: null,
    answeredAt: null,
    appeal: null,
    closedAt: null,
    history: [{ at: t, action: 'opened', by: null, note: '' }],
  };
}

function builder(stored: Map<string, RatingCase> = new Map(), opts: { maxFolded?: number; mapping?: { rating: Record<string, string>; caseResult: Record<string, string> } } = {}) {
  const looked: string[] = [];
  const missing: string[] = [];
  const b = new RecordBuilder({
    codes: () => CODES,
    mapping: opts.mapping ?? { rating: DEFAULT_RATING_MAPPING, caseResult: DEFAULT_CASE_RESULT_MAPPING },
    findCase: (id) => {
      looked.push(id);
      return stored.get(id);
    },
    maxFolded: opts.maxFolded,
    onMissingCase: (id) => missing.push(id),
  });
  return { b, looked, missing };
}

const data = (r: BuiltRecord) => r.record.data;

describe('rating records', () => {
  it('a good rating: id <hall>:<ticket>, the GB/T 39735 codes, time in the hall\'s zone, anonymous', async () => {
    const { b } = builder();
    const e = at(rated('2026-03-02/A001', 'very-satisfied', T0));
    const { records, throughSeq } = await b.build([e], 10, false);
    expect(throughSeq).toBe(e.seq);
    expect(records).toEqual([
      {
        seq: e.seq,
        record: {
          kind: 'rating',
          id: 'demo:2026-03-02/A001',
          data: {
            pjbh: 'demo:2026-03-02/A001',
            xzqhdm: '330106',
            ssjgbm: '11330106MB1234567X',
            dtbm: 'demo',
            ckbh: 6,
            gzry: 'staff06',
            sxbm: 'C02',
            pjqd: '3',
            pjjg: '5',
            bmyyy: '',
            pjnr: null,
            pjsj: '2026-03-02 09:00:00',
            sfsm: '0',
            sjhm: null,
          },
        },
      },
    ]);
  });

  it('a real-name bad rating takes the masked mobile from the case its commit opened; channels have their codes', async () => {
    const { b } = builder();
    const t = T0 + 3 * MIN;
    const events = [at(rated(TICKET, 'very-dissatisfied', t, { realName: true, channel: 'phone' })), at({ type: 'CaseOpened', at: t, case: openCase(TICKET, t, '138****0000') })];
    const { records } = await b.build(events, 10, false);
    expect(records).toHaveLength(1);
    expect(data(records[0]!)).toMatchObject({ pjbh: `demo:${TICKET}`, pjjg: '1', pjqd: '2', bmyyy: '等候时间长；服务态度差', pjnr: '排队太久', sfsm: '1', sjhm: '138****0000', pjsj: '2026-03-02 09:03:00' });
  });

  it('an older event without channel, real-name or matter counts as the window\'s, anonymous', async () => {
    const { b } = builder();
    const e = at({ type: 'ServiceRated', at: T0, ticketId: '2025-12-31/B002', windowId: 2, staffId: null, level: 'basic', reasons: [], comment: null });
    const { records } = await b.build([e], 10, false);
    expect(data(records[0]!)).toMatchObject({ pjqd: '3', pjjg: '3', sfsm: '0', sxbm: null, gzry: null });
  });

  it('a bad rating at the end of a full page waits for the next page, where its case is', async () => {
    const { b } = builder();
    const t = T0 + 5 * MIN;
    const good = at(rated('2026-03-02/A002', 'satisfied', t));
    const bad = at(rated('2026-03-02/A003', 'dissatisfied', t, { realName: true }));
    const opened = at({ type: 'CaseOpened', at: t, case: openCase('2026-03-02/A003', t, '139****1234') });
    const first = await b.build([good, bad], 10, true);
    expect(first.records.map((r) => r.record.id)).toEqual(['demo:2026-03-02/A002']);
    expect(first.throughSeq).toBe(good.seq);
    const second = await b.build([bad, opened], 10, false);
    expect(second.records.map((r) => data(r).sjhm)).toEqual(['139****1234']);
    expect(second.throughSeq).toBe(opened.seq);
  });

  it('stops at the record limit and says how far it got', async () => {
    const { b } = builder();
    const events = [1, 2, 3, 4].map((i) => at(rated(`2026-03-02/E00${i}`, 'satisfied', T0 + i * MIN)));
    const { records, throughSeq } = await b.build(events, 3, false);
    expect(records.map((r) => r.seq)).toEqual(events.slice(0, 3).map((e) => e.seq));
    expect(throughSeq).toBe(events[2]!.seq);
  });

  it('a custom mapping sends just its fields', async () => {
    const { b } = builder(new Map(), { mapping: { rating: { myd: 'level.code', mydmc: 'level.name', sj: 'ratedAt', yy: 'reasons' }, caseResult: { zt: 'state.name' } } });
    const { records } = await b.build([at(rated('2026-03-02/A009', 'dissatisfied', T0))], 10, false);
    expect(data(records[0]!)).toEqual({ myd: '2', mydmc: '不满意', sj: T0, yy: ['等候时间长', '服务态度差'] });
  });
});

describe('case result records', () => {
  const by = 'staff06';
  const boss = 'sup01';

  function lifecycle(id: string, mobile: string | null) {
    const t = T0 + 10 * MIN;
    return {
      opened: at({ type: 'CaseOpened', at: t, case: openCase(id, t, mobile) }),
      verified: at({ type: 'CaseVerified', at: t + 60 * MIN, caseId: id, by, note: '属实' }),
      answered: at({ type: 'CaseAnswered', at: t + 2 * DAY, caseId: id, by, rectification: '增开窗口，缩短等候', callback: mobile ? { at: t + 2 * DAY, by, answer: 'satisfied', note: '市民表示满意' } : null }),
      reviewed: at({ type: 'CaseReviewed', at: t + 3 * DAY, caseId: id, by: boss, approved: true, note: '同意' }),
      closed: at({ type: 'CaseClosed', at: t + 3 * DAY + MIN, caseId: id, by: boss, note: '办结' }),
    };
  }

  it('folds the case: the answer and the closing each give a record with what the platform needs', async () => {
    const { b, looked } = builder();
    const c = lifecycle('2026-03-02/C010', '138****0000');
    const { records } = await b.build([c.opened, c.verified, c.answered, c.reviewed, c.closed], 10, false);
    expect(looked).toEqual([]);
    expect(records.map((r) => [r.seq, r.record.kind, r.record.id])).toEqual([
      [c.answered.seq, 'case-result', `demo:2026-03-02/C010:${c.answered.seq}`],
      [c.closed.seq, 'case-result', `demo:2026-03-02/C010:${c.closed.seq}`],
    ]);
    expect(data(records[0]!)).toEqual({
      zgbh: `demo:2026-03-02/C010:${c.answered.seq}`,
      xzqhdm: '330106',
      ssjgbm: '11330106MB1234567X',
      gdbh: '2026-03-02/C010',
      pjbh: 'demo:2026-03-02/C010',
      zgzt: '4',
      zgjg: null,
      zgqk: '增开窗口，缩短等候',
      hfjg: '1',
      fksj: timeText(c.answered.at, 'Asia/Shanghai'),
      sfas: '1',
      bjsj: null,
    });
    expect(data(records[1]!)).toMatchObject({ zgzt: '6', zgjg: '1', zgqk: '增开窗口，缩短等候', hfjg: '1', sfas: '1', bjsj: '2026-03-05 09:11:00' });
    expect(b.foldedCases).toBe(0); // closed: forgotten
  });

  it('an answer after the deadline is not on time; an anonymous case has no callback', async () => {
    const { b } = builder();
    const c = lifecycle('2026-03-02/C011', null);
    const late = at({ type: 'CaseAnswered', at: c.opened.at + 8 * DAY, caseId: '2026-03-02/C011', by, rectification: '已整改', callback: null });
    const { records } = await b.build([c.opened, c.verified, late], 10, false);
    expect(data(records[0]!)).toMatchObject({ zgzt: '4', sfas: '0', hfjg: null });
    const source = caseResultSource(CODES, late, '2026-03-02/C011', 'answered', null);
    expect(source.callbackPossible).toBeNull();
  });

  it('an upheld appeal closes the case with its own outcome; a refused one gives no record', async () => {
    const { b } = builder();
    const id = '2026-03-02/C012';
    const t = T0 + 20 * MIN;
    const events = [
      at({ type: 'CaseOpened', at: t, case: openCase(id, t, null) }),
      at({ type: 'CaseAppealed', at: t + MIN, caseId: id, by, reason: '市民误评' }),
      at({ type: 'CaseAppealDecided', at: t + 2 * MIN, caseId: id, by: boss, upheld: false, note: '不成立' }),
      at({ type: 'CaseAppealed', at: t + 3 * MIN, caseId: id, by, reason: '有录像为证' }),
      at({ type: 'CaseAppealDecided', at: t + 4 * MIN, caseId: id, by: boss, upheld: true, note: '成立' }),
    ];
    const { records } = await b.build(events, 10, false);
    expect(records).toHaveLength(1);
    expect(records[0]!.seq).toBe(events[4]!.seq);
    expect(data(records[0]!)).toMatchObject({ zgzt: '6', zgjg: '2', zgqk: null, fksj: null, sfas: null, bjsj: timeText(t + 4 * MIN, 'Asia/Shanghai') });
  });

  it('a case opened before the builder started is read back: an answer keeps its own words, a closing is the stored case', async () => {
    // The case as it stands now: answered twice (the first answer sent back at review), then closed.
    const id = '2026-03-02/C013';
    const c = lifecycle(id, '138****0000');
    const returned = at({ type: 'CaseReviewed', at: c.answered.at + DAY, caseId: id, by: boss, approved: false, note: '整改不到位' });
    const again = at({ type: 'CaseAnswered', at: c.answered.at + 2 * DAY, caseId: id, by, rectification: '再次整改：专人引导', callback: { at: c.answered.at + 2 * DAY, by, answer: 'basic', note: '基本满意' } });
    const approved = at({ type: 'CaseReviewed', at: c.answered.at + 3 * DAY, caseId: id, by: boss, approved: true, note: '同意' });
    const closed = at({ type: 'CaseClosed', at: c.answered.at + 3 * DAY + MIN, caseId: id, by: boss, note: '办结' });
    const now = structuredClone((c.opened.event as Extract<HallEvent, { type: 'CaseOpened' }>).case);
    for (const s of [c.verified, c.answered, returned, again, approved, closed]) applyCaseChange(now, s.event as Parameters<typeof applyCaseChange>[1]);
    const { b, looked } = builder(new Map([[id, now]]));
    b.reset(c.verified.seq);
    const { records } = await b.build([c.answered, returned, again, approved, closed], 10, false);
    expect(looked).toEqual([id, id, id]);
    expect(records.map((r) => data(r))).toEqual([
      expect.objectContaining({ zgzt: '4', zgjg: null, zgqk: '增开窗口，缩短等候', hfjg: '1', bjsj: null }),
      expect.objectContaining({ zgzt: '4', zgjg: null, zgqk: '再次整改：专人引导', hfjg: '2', bjsj: null }),
      expect.objectContaining({ zgzt: '6', zgjg: '1', zgqk: '再次整改：专人引导', hfjg: '2', sfas: '1', bjsj: timeText(closed.at, 'Asia/Shanghai') }),
    ]);
    expect(now.state).toBe('closed'); // the stored case is not changed by the builder
  });

  it('a case found nowhere still gives a record with what its event says', async () => {
    const { b, missing } = builder();
    const e = at({ type: 'CaseClosed', at: T0 + DAY, caseId: '2026-03-01/A001', by: boss, note: '' });
    const { records } = await b.build([e], 10, false);
    expect(missing).toEqual(['2026-03-01/A001']);
    expect(data(records[0]!)).toMatchObject({ gdbh: '2026-03-01/A001', pjbh: 'demo:2026-03-01/A001', zgzt: '6', zgjg: '1', bjsj: timeText(T0 + DAY, 'Asia/Shanghai'), zgqk: null });
  });

  it('memory holds the open cases only, at most maxFolded; an evicted case is read back when it closes', async () => {
    const ids = ['2026-03-02/D001', '2026-03-02/D002', '2026-03-02/D003'];
    const stored = new Map<string, RatingCase>();
    const { b, looked } = builder(stored, { maxFolded: 2 });
    const opened = ids.map((id) => at({ type: 'CaseOpened', at: T0, case: openCase(id, T0, null) }));
    await b.build(opened, 10, false);
    expect(b.foldedCases).toBe(2);
    const first = structuredClone((opened[0]!.event as Extract<HallEvent, { type: 'CaseOpened' }>).case);
    first.state = 'closed';
    first.outcome = 'appeal-upheld';
    first.closedAt = T0 + MIN;
    stored.set(ids[0]!, first);
    const closing = ids.map((id) => at({ type: 'CaseAppealDecided', at: T0 + MIN, caseId: id, by: boss, upheld: true, note: '' }));
    const { records } = await b.build(closing, 10, false);
    expect(looked).toEqual([ids[0]]);
    expect(records.map((r) => data(r).zgjg)).toEqual(['2', '2', '2']);
    expect(b.foldedCases).toBe(0);
  });
});

describe('source paths', () => {
  it('every path the settings accept exists in the source records', () => {
    const rating = ratingSource(CODES, rated(TICKET, 'dissatisfied', T0, { realName: true }) as Extract<HallEvent, { type: 'ServiceRated' }>, openCase(TICKET, T0, '138****0000'));
    const c = openCase(TICKET, T0, '138****0000');
    applyCaseChange(c, { type: 'CaseAnswered', at: T0 + DAY, by: 'staff06', rectification: 'x', callback: { at: T0 + DAY, by: 'staff06', answer: 'basic', note: 'n' } });
    const result = caseResultSource(CODES, { hallId: HALL, seq: 9, at: T0 + DAY, actor: { kind: 'staff', id: 'staff06' }, requestId: null, event: { type: 'CaseClosed', at: T0 + DAY, caseId: TICKET, by: 'x', note: '' } }, TICKET, 'answered', c);
    for (const p of RATING_SOURCE_PATHS) expect(readPath(rating, p), p).not.toBeNull();
    for (const p of CASE_RESULT_SOURCE_PATHS.filter((p) => !['outcome.key', 'outcome.code', 'outcome.name', 'closedAt', 'closedAtText', 'appealReason', 'verification'].includes(p))) {
      expect(readPath(result, p), p).not.toBeNull();
    }
    expect(applyMapping(result, { a: 'callback.answer.name', b: 'outcome.code' })).toEqual({ a: '基本满意', b: null });
  });
});

import { z } from 'zod';
import { hallConfigSchema } from './hall-config';

// The provincial 好差评 platform: every rating and every bad-rating case result of a hall is pushed there as
// records in the platform's shape (GB/T 39735 政务服务评价, field names set by a mapping). One signed JSON POST
// per batch, in the hall's log order, one batch in flight; the platform stores records by id, so a batch
// sent again (a lost answer, a restart) changes nothing there.
//
//   POST <url>   ProvinceBatch  → any 2xx: every record of the batch is kept
//
// Headers: x-hcp-org (实施机构编码), x-hcp-at (ms), x-hcp-nonce (hex), x-hcp-signature =
// hex HMAC-SHA256(key, "hall\n" + "POST" + "\n" + path + "\n" + at + "\n" + nonce + "\n" + hex sha256(body)),
// the formula of the city link (src-main/app/link-signature.ts), `path` the URL's path.

export const PROVINCE_HEADERS = {
  org: 'x-hcp-org',
  at: 'x-hcp-at',
  nonce: 'x-hcp-nonce',
  signature: 'x-hcp-signature',
} as const;

/** The most records one batch carries (the setting `batchSize` is at most this). */
export const PROVINCE_MAX_BATCH = 500;
export const PROVINCE_DEFAULT_BATCH = 100;
/** The largest body sent: a batch over it is split. */
export const PROVINCE_MAX_BODY_BYTES = 4 * 1024 * 1024;

export type ProvinceRecordKind = 'rating' | 'case-result';

/**
 * What a record's fields may be taken from (dot paths into the source record, src-main/province/sources.ts).
 * Times are given as epoch milliseconds (`ratedAt`) and as text in the hall's zone (`ratedAtText`,
 * "YYYY-MM-DD HH:mm:ss"); codes as `.code`, words as `.name`.
 */
export const RATING_SOURCE_PATHS = [
  'id', 'hallId', 'hallName', 'regionCode', 'organisationCode', 'ticketId', 'serviceDay', 'number',
  'windowId', 'staffId', 'categoryId', 'matterId',
  'channel.key', 'channel.code', 'channel.name',
  'level.key', 'level.code', 'level.name',
  'reasons', 'reasonsText', 'comment', 'ratedAt', 'ratedAtText',
  'realName', 'realNameFlag', 'mobile', 'bad', 'badFlag',
] as const;

export const CASE_RESULT_SOURCE_PATHS = [
  'id', 'hallId', 'hallName', 'regionCode', 'organisationCode', 'caseId', 'ratingId', 'ticketId', 'serviceDay', 'number', 'seq',
  'windowId', 'staffId', 'teamId', 'categoryId', 'matterId',
  'level.key', 'level.code', 'level.name', 'channel.key', 'channel.code', 'channel.name',
  'event', 'state.key', 'state.code', 'state.name', 'outcome.key', 'outcome.code', 'outcome.name',
  'verification', 'rectification', 'appealReason',
  'callback.answer.key', 'callback.answer.code', 'callback.answer.name', 'callback.note', 'callback.at', 'callback.atText',
  'callbackPossible', 'callbackPossibleFlag',
  'openedAt', 'openedAtText', 'dueAt', 'dueAtText', 'answeredAt', 'answeredAtText',
  'onTime', 'onTimeFlag', 'closedAt', 'closedAtText',
] as const;

export type RatingSourcePath = (typeof RATING_SOURCE_PATHS)[number];
export type CaseResultSourcePath = (typeof CASE_RESULT_SOURCE_PATHS)[number];

/** Target field name → source path. The platform's field names; these follow the usual 好差评 interface (GB/T 39735). */
export const DEFAULT_RATING_MAPPING: Readonly<Record<string, RatingSourcePath>> = {
  pjbh: 'id', // 评价编号
  xzqhdm: 'regionCode', // 行政区划代码
  ssjgbm: 'organisationCode', // 实施机构编码
  dtbm: 'hallId', // 大厅编码
  ckbh: 'windowId', // 窗口编号
  gzry: 'staffId', // 工作人员
  sxbm: 'matterId', // 事项编码
  pjqd: 'channel.code', // 评价渠道
  pjjg: 'level.code', // 评价结果 (5 非常满意 … 1 非常不满意)
  bmyyy: 'reasonsText', // 不满意原因
  pjnr: 'comment', // 评价内容
  pjsj: 'ratedAtText', // 评价时间
  sfsm: 'realNameFlag', // 是否实名 (1/0)
  sjhm: 'mobile', // 手机号码 (masked)
};

export const DEFAULT_CASE_RESULT_MAPPING: Readonly<Record<string, CaseResultSourcePath>> = {
  zgbh: 'id', // 整改反馈编号
  xzqhdm: 'regionCode',
  ssjgbm: 'organisationCode',
  gdbh: 'caseId', // 工单编号 (差评件)
  pjbh: 'ratingId', // 评价编号
  zgzt: 'state.code', // 状态
  zgjg: 'outcome.code', // 结果 (1 已整改, 2 申诉成立)
  zgqk: 'rectification', // 整改情况
  hfjg: 'callback.answer.code', // 回访结果 (1 满意, 2 基本满意, 3 不满意)
  fksj: 'answeredAtText', // 反馈时间
  sfas: 'onTimeFlag', // 是否按时 (1/0)
  bjsj: 'closedAtText', // 办结时间
};

/** 评价渠道 codes sent for each channel unless the settings give others. */
export const DEFAULT_CHANNEL_CODES = { window: '3', phone: '2', 'slip-qr': '2', booking: '2' } as const;

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

function mappingSchema(paths: readonly string[]) {
  const known = new Set(paths);
  return z.record(z.string(), z.string()).superRefine((m, ctx) => {
    const entries = Object.entries(m);
    if (entries.length === 0) ctx.addIssue({ code: 'custom', message: 'map at least one field (or leave the mapping out for the default)' });
    if (entries.length > 100) ctx.addIssue({ code: 'custom', message: 'at most 100 fields' });
    for (const [target, source] of entries) {
      if (!FIELD_NAME.test(target)) ctx.addIssue({ code: 'custom', path: [target], message: 'a field name of letters, digits and _ (at most 64), starting with a letter or _' });
      else if (!known.has(source)) ctx.addIssue({ code: 'custom', path: [target], message: `unknown source "${source.slice(0, 60)}"; use one of: ${paths.join(', ')}` });
    }
  });
}

/** 行政区划代码: 6 digits (county), 9 (township) or 12 (village). */
const regionCode = z.string().regex(/^(\d{6}|\d{9}|\d{12})$/, 'a 行政区划代码 of 6, 9 or 12 digits, such as 330106');
/** 实施机构编码: usually the 18-character 统一社会信用代码; platforms differ, so letters, digits and - . */
const organisationCode = z.string().regex(/^[0-9A-Za-z-]{1,40}$/, 'an 实施机构编码 of letters, digits and - (at most 40), such as 11330106MB1234567X');
const path = z.string().trim().min(1).max(500);
const code = z.string().trim().min(1).max(20);

const hallEntry = z
  .object({
    id: hallConfigSchema.shape.id,
    regionCode: regionCode.optional(),
    organisationCode: organisationCode.optional(),
  })
  .strict();

export const provinceSettingsSchema = z
  .object({
    url: z
      .url({ protocol: /^https?$/, error: 'the platform\'s push address, such as https://hcp.example.gov.cn/api/push' })
      .refine((s) => {
        const u = new URL(s);
        return !u.search && !u.hash && !u.username && !u.password;
      }, 'no query, fragment or user in the address')
      .refine((s) => {
        const u = new URL(s);
        return u.protocol === 'https:' || ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
      }, 'use https:// (plain http:// only to 127.0.0.1 or localhost, for tests)'),
    /** A PEM file of a private CA the platform's certificate is signed by. */
    caFile: path.optional(),
    keyFile: path.optional(),
    keyEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name (letters, digits, _)').max(100).optional(),
    regionCode,
    organisationCode,
    /** The halls uploaded, with their own codes when they differ; all halls of the server when left out. */
    halls: z.array(hallEntry).min(1, 'list at least one hall, or leave halls out for every hall of the server').max(1000).optional(),
    batchSize: z.number().int().min(1).max(PROVINCE_MAX_BATCH, `at most ${PROVINCE_MAX_BATCH} records per batch`).default(PROVINCE_DEFAULT_BATCH),
    /** Each replaces the default mapping of its kind entirely when given. */
    mapping: z
      .object({
        rating: mappingSchema(RATING_SOURCE_PATHS).optional(),
        caseResult: mappingSchema(CASE_RESULT_SOURCE_PATHS).optional(),
      })
      .strict()
      .default({}),
    channelCodes: z
      .object({ window: code.optional(), phone: code.optional(), 'slip-qr': code.optional(), booking: code.optional() })
      .strict()
      .default({}),
  })
  .strict()
  .refine((s) => (s.keyFile === undefined) !== (s.keyEnv === undefined), { message: 'give the signing key as keyFile or keyEnv (exactly one)', path: ['keyFile'] })
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    (s.halls ?? []).forEach((h, i) => {
      if (seen.has(h.id)) ctx.addIssue({ code: 'custom', path: ['halls', i, 'id'], message: `duplicate hall ${h.id}` });
      seen.add(h.id);
    });
  });

export type ProvinceSettingsInput = z.input<typeof provinceSettingsSchema>;
export type ProvinceSettingsFile = z.output<typeof provinceSettingsSchema>;

/** One record as it travels: its id (the platform keeps one record per id) and the mapped fields. */
export interface ProvinceRecord {
  kind: ProvinceRecordKind;
  id: string;
  data: Record<string, unknown>;
}

/** The body of one push. */
export interface ProvinceBatch {
  regionCode: string;
  organisationCode: string;
  hallId: string;
  records: ProvinceRecord[];
}

/** One hall's upload as admins see it (GET /api/admin/province, /health). */
export interface ProvinceUploadView {
  hallId: string;
  /** The platform's address (no key, no path secrets: the settings allow none). */
  url: string;
  /** Whether this server runs the hall now (a PostgreSQL cluster moves halls between servers). */
  running: boolean;
  /** The last push was answered 2xx. */
  connected: boolean;
  /** Every event up to here was turned into records and delivered. */
  ackedSeq: number;
  /** Events of the hall's log not looked at or not delivered yet. */
  backlog: number;
  /** Records the platform has acknowledged (ratings and case results). */
  delivered: number;
  lastError: string | null;
  lastAttemptAt: number | null;
  lastSuccessAt: number | null;
}

import { z } from 'zod';

// The hall configuration file (YAML or JSON). Every field is checked here; cross-references (a window's
// categories, a device's window) are checked in superRefine so an error names the exact field.

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'expected HH:MM (00:00–24:00)');
const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,47}$/, 'letters, digits, - and _, at most 48');

/**
 * Control and format characters in a name or note: C0 (ESC, GS, … and tab/CR/LF), DEL, C1, and Unicode
 * format characters (bidi overrides and isolates, zero-width characters, BOM, soft hyphen) and the line and
 * paragraph separators. Names reach ticket printers (where ESC p 0 opens a cash drawer), screens and
 * announcements; the printer driver strips the same set again (hardware/printer/printable-text.ts).
 */
const CONTROL = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;

/** `allowLineFeeds`: a notice may have several lines (it is shown on screens, never printed). */
function refuseControls(allowLineFeeds: boolean) {
  return (value: string, ctx: z.core.$RefinementCtx<string>) => {
    for (const m of value.matchAll(CONTROL)) {
      if (allowLineFeeds && m[0] === '\n') continue;
      const code = `U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
      ctx.addIssue({ code: 'custom', message: `control character ${code} at position ${m.index + 1} is not allowed (names are printed and shown; retype the text without it)` });
      return;
    }
  };
}

/** A name or label: 1..max characters, no control or format characters. */
const text = (min: number, max: number) => z.string().min(min).max(max).superRefine(refuseControls(false));
/** A note shown on screens: line feeds allowed, no other control or format characters. */
const noteText = (max: number) => z.string().max(max).superRefine(refuseControls(true));

const dayHours = z
  .object({
    periods: z.array(z.tuple([clock, clock])).max(6),
    lastTicket: clock.optional(),
  })
  .strict()
  .superRefine((d, ctx) => {
    d.periods.forEach(([from, to], i) => {
      if (from >= to) ctx.addIssue({ code: 'custom', path: ['periods', i], message: `period ends (${to}) before it starts (${from})` });
    });
  });

const matter = z.object({ id, name: text(1, 60), nameEn: text(0, 120).optional() }).strict();

const category = z
  .object({
    id: z.string().regex(/^[A-Z]$/, 'a single capital letter: it is the ticket prefix'),
    name: text(1, 20),
    nameEn: text(1, 60),
    defaultServiceMinutes: z.number().positive().max(240),
    dailyCap: z.number().int().positive().max(999),
    matters: z.array(matter).default([]),
  })
  .strict();

const window = z
  .object({
    id: z.number().int().positive().max(999),
    name: text(1, 30),
    nameEn: text(0, 60).optional(),
    categories: z.array(z.string()).min(1),
    strategy: z.enum(['longest-wait', 'category-order']).default('longest-wait'),
  })
  .strict();

const priorityClass = z
  .object({
    id,
    name: text(1, 20),
    nameEn: text(1, 60),
    minAge: z.number().int().min(1).max(150).optional(),
  })
  .strict();

const account = z
  .object({
    username: id,
    displayName: text(1, 30),
    role: z.enum(['staff', 'supervisor', 'admin']),
    password: z.string().min(1).max(200).optional(),
    passwordHash: z.string().regex(/^scrypt\$/, 'expected a hash made by `npm run hash-password`').optional(),
    /** A disabled account cannot log in; its sessions end. Kept so its name still shows in statistics. */
    disabled: z.boolean().optional(),
  })
  .strict()
  .refine((a) => Boolean(a.password) !== Boolean(a.passwordHash), { message: 'give exactly one of password or passwordHash' });

const device = z
  .object({
    id,
    kind: z.enum(['kiosk', 'display', 'window-display']),
    name: text(0, 60).optional(),
    key: z.string().min(1).max(200).optional(),
    /** SHA-256 (hex) of the key: how the hall keeps keys once an admin has created or rotated them. */
    keyHash: z.string().regex(/^[0-9a-f]{64}$/, 'expected the hex SHA-256 of the device key').optional(),
    windowId: z.number().int().positive().optional(),
  })
  .strict()
  .refine((d) => (d.key === undefined) !== (d.keyHash === undefined), { message: 'give exactly one of key or keyHash' });

const queue = z
  .object({
    maxPriorityInRow: z.number().int().min(0).max(50).default(3),
    reactivationGraceMinutes: z.number().int().min(0).max(24 * 60).default(30),
    reactivationBehind: z.number().int().min(0).max(50).default(3),
    serviceSamples: z.number().int().min(1).max(500).default(20),
  })
  .strict();

/** Words the recorded clips in resources/voice can say around {number} and {window}. */
export const ANNOUNCEMENT_WORDS = ['请', '号', '到', '前往', '窗口', '办理'] as const;
export type AnnouncementWord = (typeof ANNOUNCEMENT_WORDS)[number];
export const DEFAULT_ANNOUNCEMENT_TEMPLATE = '请 {number} 号 到 {window} 号窗口 办理';

/** Splits the text around the placeholders into known words, longest first; throws naming what is unknown. */
export function announcementWords(text: string): AnnouncementWord[] {
  const words: AnnouncementWord[] = [];
  const longestFirst = [...ANNOUNCEMENT_WORDS].sort((a, b) => b.length - a.length);
  let rest = text.replace(/\s+/g, '');
  while (rest) {
    const word = longestFirst.find((w) => rest.startsWith(w));
    if (!word) throw new Error(`"${rest}" has no recorded voice clip; use only ${ANNOUNCEMENT_WORDS.join(' ')} around {number} and {window}`);
    words.push(word);
    rest = rest.slice(word.length);
  }
  return words;
}

const announcement = z
  .object({
    /** How many times the sentence is spoken per call. */
    repeat: z.number().int().min(1).max(5).default(2),
    /** 'speech' uses a zh-CN Web Speech voice when the screen has one, else the recorded clips. */
    prefer: z.enum(['clips', 'speech']).default('clips'),
    chime: z.boolean().default(true),
    template: z
      .string()
      .max(80)
      .default(DEFAULT_ANNOUNCEMENT_TEMPLATE)
      .superRefine((t, ctx) => {
        for (const slot of ['{number}', '{window}']) {
          if (t.split(slot).length !== 2) ctx.addIssue({ code: 'custom', message: `the template needs ${slot} exactly once` });
        }
        try {
          announcementWords(t.replace(/\{number\}|\{window\}/g, ''));
        } catch (err) {
          ctx.addIssue({ code: 'custom', message: (err as Error).message });
        }
      }),
    volume: z.number().min(0).max(1).default(1),
  })
  .strict();

export const DEFAULT_LOW_RATING_REASONS = ['等候时间长', '办事效率低', '服务态度差', '政策解释不清', '材料要求反复'];

/** 好差评 on the window screens: how long after 办结 a rating is accepted, and the reasons for a low one. */
const caseTeam = z
  .object({
    id,
    name: text(1, 30),
    nameEn: text(1, 60),
    windows: z.array(z.number().int().min(1)).min(1).max(999),
    members: z.array(z.string().min(1).max(48)).max(200).default([]),
    supervisor: z.string().min(1).max(48).optional(),
  })
  .strict();

/**
 * Bad-rating cases (差评整改): working days to answer, when the yellow alert starts, who owns which window.
 * Teams name windows and usernames without requiring them to exist: removing a window or an account (admin
 * page, import) must not make the config invalid; what no longer exists simply has no effect.
 */
const cases = z
  .object({
    answerWorkingDays: z.number().int().min(1).max(60).default(5),
    warnWorkingDays: z.number().int().min(0).max(30).default(1),
    teams: z.array(caseTeam).max(100).default([]),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.warnWorkingDays >= c.answerWorkingDays) ctx.addIssue({ code: 'custom', path: ['warnWorkingDays'], message: `must be less than answerWorkingDays (${c.answerWorkingDays})` });
    const owner = new Map<number, string>();
    c.teams.forEach((t, i) =>
      t.windows.forEach((w, j) => {
        const other = owner.get(w);
        if (other !== undefined) ctx.addIssue({ code: 'custom', path: ['teams', i, 'windows', j], message: `window ${w} is already in team ${other}` });
        owner.set(w, t.id);
      }),
    );
  });

export const DEFAULT_CASES_CONFIG = { answerWorkingDays: 5, warnWorkingDays: 1, teams: [] };

const evaluation = z
  .object({
    timeoutSeconds: z.number().int().min(10).max(3600).default(600),
    /** Any channel (phone, slip QR, booking page) accepts a rating this long after 办结. */
    acceptHours: z.number().int().min(1).max(720).default(72),
    cases: cases.default(DEFAULT_CASES_CONFIG),
    lowReasons: z
      .array(text(1, 20))
      .max(12)
      .default(DEFAULT_LOW_RATING_REASONS)
      .refine((list) => new Set(list).size === list.length, { message: 'duplicate reason' }),
  })
  .strict();

/** 电子监察 thresholds: when a wait, a service or a pause raises an alert (and counts as over in statistics). */
const supervision = z
  .object({
    waitYellowMinutes: z.number().int().min(1).max(600).default(30),
    waitRedMinutes: z.number().int().min(1).max(1200).default(60),
    serviceLimitMinutes: z.number().int().min(1).max(600).default(30),
    /** Per category letter, overriding serviceLimitMinutes. */
    serviceLimitByCategory: z.record(z.string(), z.number().int().min(1).max(600)).default({}),
    pauseLimitMinutes: z.number().int().min(1).max(600).default(20),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.waitRedMinutes <= s.waitYellowMinutes) ctx.addIssue({ code: 'custom', path: ['waitRedMinutes'], message: `must be more than waitYellowMinutes (${s.waitYellowMinutes})` });
  });

export const DEFAULT_SUPERVISION_CONFIG = { waitYellowMinutes: 30, waitRedMinutes: 60, serviceLimitMinutes: 30, serviceLimitByCategory: {}, pauseLimitMinutes: 20 };

/** Personal data: keyed ID hashes are kept this many days for matching, then purged by a daily job. */
const privacy = z.object({ retentionDays: z.number().int().min(1).max(3650).default(180) }).strict();

/** 预约 and 网上取号: slots, quotas, check-in, strikes for no-shows, the remote share of each day's cap. */
const booking = z
  .object({
    slotMinutes: z.number().int().min(5).max(240).default(30),
    quotaPerSlot: z.number().int().min(0).max(500).default(4),
    quotaByCategory: z.record(z.string(), z.number().int().min(0).max(500)).default({}),
    daysAhead: z.number().int().min(0).max(60).default(7),
    checkInEarlyMinutes: z.number().int().min(0).max(240).default(30),
    lateCheckIn: z.enum(['normal-ticket', 'refuse']).default('normal-ticket'),
    strikes: z
      .object({
        limit: z.number().int().min(0).max(20).default(3),
        windowDays: z.number().int().min(1).max(365).default(90),
        banDays: z.number().int().min(1).max(365).default(30),
      })
      .strict()
      .default({ limit: 3, windowDays: 90, banDays: 30 }),
    remoteShare: z.number().min(0).max(1).default(0.3),
    remoteNeedsCheckIn: z.boolean().default(false),
    reminderMinutes: z.number().int().min(0).max(24 * 60).default(60),
    specialDays: z.record(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD'), dayHours).default({}),
  })
  .strict();

export const DEFAULT_BOOKING_CONFIG = booking.parse({});

/** Notices to citizens (WeChat template messages, SMS) go to a webhook; without one they are logged. */
const notifications = z
  .object({
    webhook: z.object({ url: z.url(), secret: z.string().min(16, 'at least 16 characters') }).strict().optional(),
    /** A phone is told its turn is near when this many people or fewer are ahead. */
    turnNearAhead: z.number().int().min(1).max(50).default(3),
  })
  .strict();

/**
 * What clients the hall cannot trust may do. An "address" is the client's IP address (an IPv6 one by its
 * /64): a family or a hall's guest Wi-Fi shares one, so the per-address limits are many phones' worth.
 * Bookings and remote tickets: per address (each clock hour) and per ID number (each 24 h). Phone events:
 * token buckets per connection and per address, checked before any other work. Logins: failed (or still
 * running) attempts per address, checked before the password hash is computed; a login that succeeds
 * gives its attempt back.
 */
const limits = z
  .object({
    perAddressPerHour: z.number().int().min(1).max(10_000).default(30),
    perIdPerDay: z.number().int().min(1).max(100).default(5),
    /** Events per second one phone connection may send, sustained, and at once. */
    eventsPerSecond: z.number().positive().max(1000).default(20),
    eventBurst: z.number().int().min(1).max(10_000).default(40),
    /** Events per second all phone connections from one address may send together, and at once. */
    addressEventsPerSecond: z.number().positive().max(100_000).default(200),
    addressEventBurst: z.number().int().min(1).max(100_000).default(2000),
    /** Phone connections open at once from one address. */
    connectionsPerAddress: z.number().int().min(1).max(100_000).default(2000),
    /** Login attempts per address per minute that failed or are still being checked, and at once. */
    loginAttemptsPerMinute: z.number().positive().max(600).default(10),
    loginBurst: z.number().int().min(1).max(1000).default(30),
    /** Booking-code check-ins that failed (or are still running) per kiosk per clock minute, and per clock hour. */
    checkInCodeFailuresPerMinute: z.number().int().min(1).max(1000).default(5),
    checkInCodeFailuresPerHour: z.number().int().min(1).max(10_000).default(30),
    /** Failed check-ins with one code value per clock hour, from any kiosk. */
    checkInFailuresPerCode: z.number().int().min(1).max(1000).default(5),
  })
  .strict();

export const DEFAULT_LIMITS = {
  perAddressPerHour: 30,
  perIdPerDay: 5,
  eventsPerSecond: 20,
  eventBurst: 40,
  addressEventsPerSecond: 200,
  addressEventBurst: 2000,
  connectionsPerAddress: 2000,
  loginAttemptsPerMinute: 10,
  loginBurst: 30,
  checkInCodeFailuresPerMinute: 5,
  checkInCodeFailuresPerHour: 30,
  checkInFailuresPerCode: 5,
} as const satisfies z.output<typeof limits>;

/**
 * Where the key of the ID-number hashes is: a file (relative paths are beside the database file) or an
 * environment variable; by default the file `<hall id>.id-hash.key` beside the database. The key itself
 * never goes in a config, because configs are stored in the database (docs/SECURITY.md, "ID numbers").
 */
const secrets = z
  .object({
    idHashKeyFile: z.string().min(1).max(500).optional(),
    idHashKeyEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name (letters, digits, _)').max(100).optional(),
    idHashKey: z
      .never({
        error: 'the key no longer goes in the config (it would be stored in the database): put it in a file named by secrets.idHashKeyFile, or in an environment variable named by secrets.idHashKeyEnv (docs/SECURITY.md)',
      })
      .optional(),
  })
  .strict()
  .refine((s) => !(s.idHashKeyFile && s.idHashKeyEnv), { message: 'give idHashKeyFile or idHashKeyEnv, not both' });

const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export const hallConfigSchema = z
  .object({
    id,
    name: text(1, 40),
    nameEn: text(1, 100),
    timeZone: z.string().default('Asia/Shanghai'),
    production: z.boolean().default(false),
    publicUrl: z.url().optional(),
    notice: noteText(300).default(''),
    noticeEn: noteText(600).default(''),
    openingHours: z.object(Object.fromEntries(weekdays.map((d) => [d, dayHours])) as Record<(typeof weekdays)[number], typeof dayHours>).strict(),
    closedDates: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')).default([]),
    queue: queue.default({ maxPriorityInRow: 3, reactivationGraceMinutes: 30, reactivationBehind: 3, serviceSamples: 20 }),
    announcement: announcement.default({ repeat: 2, prefer: 'clips', chime: true, template: DEFAULT_ANNOUNCEMENT_TEMPLATE, volume: 1 }),
    categories: z.array(category).min(1).max(26),
    windows: z.array(window).min(1).max(999),
    priorityClasses: z.array(priorityClass).default([]),
    pauseReasons: z.array(text(1, 20)).default(['休息', '业务咨询', '会议', '系统故障']),
    evaluation: evaluation.default({ timeoutSeconds: 600, acceptHours: 72, cases: DEFAULT_CASES_CONFIG, lowReasons: DEFAULT_LOW_RATING_REASONS }),
    supervision: supervision.default(DEFAULT_SUPERVISION_CONFIG),
    privacy: privacy.default({ retentionDays: 180 }),
    booking: booking.default(DEFAULT_BOOKING_CONFIG),
    notifications: notifications.default({ turnNearAhead: 3 }),
    limits: limits.default({ ...DEFAULT_LIMITS }),
    accounts: z.array(account).default([]),
    devices: z.array(device).default([]),
    secrets: secrets.default({}),
  })
  .strict()
  .superRefine((hall, ctx) => {
    const unique = <T>(items: T[], key: (t: T) => string | number, path: string, what: string) => {
      const seen = new Set<string | number>();
      items.forEach((item, i) => {
        const k = key(item);
        if (seen.has(k)) ctx.addIssue({ code: 'custom', path: [path, i], message: `duplicate ${what} ${k}` });
        seen.add(k);
      });
    };
    unique(hall.categories, (c) => c.id, 'categories', 'category');
    unique(hall.windows, (w) => w.id, 'windows', 'window');
    unique(hall.priorityClasses, (p) => p.id, 'priorityClasses', 'priority class');
    unique(hall.accounts, (a) => a.username, 'accounts', 'username');
    unique(hall.devices, (d) => d.id, 'devices', 'device id');
    unique(hall.devices, (d) => d.key ?? d.keyHash ?? '', 'devices', 'device key');
    const matterIds = new Set<string>();
    hall.categories.forEach((c, ci) =>
      c.matters.forEach((m, mi) => {
        if (matterIds.has(m.id)) ctx.addIssue({ code: 'custom', path: ['categories', ci, 'matters', mi, 'id'], message: `duplicate matter ${m.id}` });
        matterIds.add(m.id);
      }),
    );
    const categoryIds = new Set(hall.categories.map((c) => c.id));
    hall.windows.forEach((w, wi) =>
      w.categories.forEach((c, ci) => {
        if (!categoryIds.has(c)) ctx.addIssue({ code: 'custom', path: ['windows', wi, 'categories', ci], message: `unknown category "${c}"` });
      }),
    );
    for (const c of Object.keys(hall.booking.quotaByCategory)) {
      if (!categoryIds.has(c)) ctx.addIssue({ code: 'custom', path: ['booking', 'quotaByCategory', c], message: `unknown category "${c}"` });
    }
    for (const c of Object.keys(hall.supervision.serviceLimitByCategory)) {
      if (!categoryIds.has(c)) ctx.addIssue({ code: 'custom', path: ['supervision', 'serviceLimitByCategory', c], message: `unknown category "${c}"` });
    }
    const windowIds = new Set(hall.windows.map((w) => w.id));
    hall.devices.forEach((d, di) => {
      if (d.kind === 'window-display' && d.windowId === undefined) ctx.addIssue({ code: 'custom', path: ['devices', di, 'windowId'], message: 'a window display needs its windowId' });
      if (d.windowId !== undefined && !windowIds.has(d.windowId)) ctx.addIssue({ code: 'custom', path: ['devices', di, 'windowId'], message: `unknown window ${d.windowId}` });
    });
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: hall.timeZone });
    } catch {
      ctx.addIssue({ code: 'custom', path: ['timeZone'], message: `unknown time zone "${hall.timeZone}"` });
    }
  });

export type HallConfig = z.output<typeof hallConfigSchema>;
export type HallConfigInput = z.input<typeof hallConfigSchema>;
export type AccountConfig = HallConfig['accounts'][number];
export type DeviceConfig = HallConfig['devices'][number];
export type AnnouncementConfig = HallConfig['announcement'];
export type SupervisionConfig = HallConfig['supervision'];
export type EvaluationConfig = HallConfig['evaluation'];
export type LimitsConfig = HallConfig['limits'];

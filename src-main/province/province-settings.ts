import type { RatingChannel } from '../domain';
import type { ProvinceSettingsFile } from '../contracts/province';
import { DEFAULT_CASE_RESULT_MAPPING, DEFAULT_CHANNEL_CODES, DEFAULT_RATING_MAPPING, provinceSettingsSchema } from '../contracts/province';
import type { SettingsProblem } from '../edge/uplink-settings';
import { besideSettings, firstSettingsIssue, readSettingsData, readSettingsKey, readSettingsSecret } from '../edge/uplink-settings';
import type { FieldMapping } from './field-mapping';

// The --province settings file (YAML or JSON; HALL_PROVINCE): where the province's 好差评 platform takes
// records, the key pushes are signed with, the platform codes, batch size and field mapping. A server
// setting like --uplink, never part of a hall's config (configs are stored in the database; keys must not be).
//
//   url: https://hcp.example.gov.cn/api/evaluation/push
//   keyFile: province.key             # 0600, ≥ 32 characters; or keyEnv: PROVINCE_KEY
//   regionCode: "330106"              # 行政区划代码
//   organisationCode: 11330106MB1234567X   # 实施机构编码
//   batchSize: 100                    # ≤ 500
//   mapping: { rating: { pjjg: level.code, … }, caseResult: { … } }   # each replaces its default

export interface ProvinceHallCodes {
  id: string;
  regionCode: string;
  organisationCode: string;
}

export interface ProvinceSettings {
  url: string;
  ca?: string | undefined;
  key: string;
  regionCode: string;
  organisationCode: string;
  /** The halls uploaded with their codes; null: every hall of the server, with the codes above. */
  halls: ProvinceHallCodes[] | null;
  batchSize: number;
  mapping: { rating: FieldMapping; caseResult: FieldMapping };
  channelCodes: Readonly<Record<RatingChannel, string>>;
}

/** The settings file cannot be used: one line naming the file, the field and the problem. */
export class ProvinceSettingsError extends Error {
  override readonly name = 'ProvinceSettingsError';
  constructor(
    readonly file: string,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${file}: province settings: ${field}: ${problem}`);
  }
}

const problemIn =
  (file: string): SettingsProblem =>
  (field, problem) => {
    throw new ProvinceSettingsError(file, field, problem);
  };

/** Checks parsed settings (the file's data) and reads the key and CA they name; throws ProvinceSettingsError. */
export function provinceSettingsFrom(file: string, data: unknown, env: NodeJS.ProcessEnv): ProvinceSettings {
  const fail = problemIn(file);
  const parsed = provinceSettingsSchema.safeParse(data);
  if (!parsed.success) {
    const { field, problem } = firstSettingsIssue(parsed.error);
    return fail(field, problem);
  }
  const s: ProvinceSettingsFile = parsed.data;
  let ca: string | undefined;
  if (s.caFile !== undefined) {
    const target = besideSettings(file, s.caFile);
    ca = readSettingsSecret(target, 'caFile', 'CA certificate file', fail);
    if (!ca.includes('-----BEGIN CERTIFICATE-----')) fail('caFile', `${target} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  }
  const key = readSettingsKey(
    file,
    s,
    { keyFile: 'keyFile', keyEnv: 'keyEnv' },
    { key: 'the province signing key', fileWhat: 'province key file', fileAt: (target) => `the province key file ${target}` },
    env,
    fail,
  );
  return {
    url: s.url,
    ...(ca !== undefined ? { ca } : {}),
    key,
    regionCode: s.regionCode,
    organisationCode: s.organisationCode,
    halls: s.halls ? s.halls.map((h) => ({ id: h.id, regionCode: h.regionCode ?? s.regionCode, organisationCode: h.organisationCode ?? s.organisationCode })) : null,
    batchSize: s.batchSize,
    mapping: { rating: s.mapping.rating ?? DEFAULT_RATING_MAPPING, caseResult: s.mapping.caseResult ?? DEFAULT_CASE_RESULT_MAPPING },
    channelCodes: { ...DEFAULT_CHANNEL_CODES, ...stripUndefined(s.channelCodes) },
  };
}

/** Reads and checks the settings file, its key and CA; throws ProvinceSettingsError. */
export function readProvinceSettings(file: string, env: NodeJS.ProcessEnv): ProvinceSettings {
  return provinceSettingsFrom(file, readSettingsData(file, problemIn(file)), env);
}

function stripUndefined<T extends object>(o: T): Partial<Record<keyof T, string>> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<Record<keyof T, string>>;
}

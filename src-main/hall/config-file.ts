import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { FieldIssue, HallConfig } from '../contracts';
import { fieldIssues, hallConfigSchema } from '../contracts';
import { productionProblems } from '../app/config-rules';

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly issues: FieldIssue[],
  ) {
    super(`${file}: invalid hall configuration\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`);
  }
}

/** Parses YAML or JSON text into a validated hall config; `production` also holds for NODE_ENV=production. */
export function parseHallConfig(text: string, file: string, env: NodeJS.ProcessEnv = process.env): HallConfig {
  let raw: unknown;
  try {
    raw = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text, { prettyErrors: true });
  } catch (err) {
    throw new ConfigError(file, [{ path: '(file)', message: `not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(err as Error).message}` }]);
  }
  const parsed = hallConfigSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(file, fieldIssues(parsed.error));
  const config = parsed.data;
  if (config.production || env.NODE_ENV === 'production') {
    const problems = productionProblems(config);
    if (problems.length > 0) throw new ConfigError(file, problems);
  }
  return config;
}

export function readHallConfig(file: string, env: NodeJS.ProcessEnv = process.env): HallConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(file, [{ path: '(file)', message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` }]);
  }
  return parseHallConfig(text, file, env);
}

import type { HallRules } from '../domain';
import type { FieldIssue, HallConfig } from '../contracts';

export function rulesFromConfig(config: HallConfig): HallRules {
  return {
    hallId: config.id,
    timeZone: config.timeZone,
    openingHours: config.openingHours,
    closedDates: config.closedDates,
    categories: config.categories,
    windows: config.windows,
    priorityClasses: config.priorityClasses,
    queue: config.queue,
    evaluation: config.evaluation,
    booking: config.booking,
  };
}

export const WEAK_MARKERS = /demo|test|example|changeme|password|secret|123456/i;

/**
 * Why a config may not run in production: plaintext passwords, short or demo-looking keys. Demo values are
 * public (README), so a production hall must bring its own.
 */
export function productionProblems(config: HallConfig): FieldIssue[] {
  const problems: FieldIssue[] = [];
  config.accounts.forEach((a, i) => {
    if (a.password !== undefined) {
      problems.push({ path: `accounts[${i}].password`, message: `plaintext password for "${a.username}": use passwordHash (npm run hash-password)` });
    }
  });
  config.devices.forEach((d, i) => {
    if (d.key !== undefined && (d.key.length < 24 || WEAK_MARKERS.test(d.key))) {
      problems.push({ path: `devices[${i}].key`, message: `device key of "${d.id}" must be at least 24 random characters (npm run make-key)` });
    }
  });
  // The ID hash key is not in the config: it is checked where it is read (src-main/hall/id-hash-key.ts).
  if (!config.accounts.some((a) => a.role === 'admin')) {
    problems.push({ path: 'accounts', message: 'a production hall needs at least one admin account' });
  }
  return problems;
}

import type { FieldIssue } from '../../src-main/contracts';

// Small translations between config values and form fields. Nothing is validated here: the server checks
// every change with the config file's schema and names the field that is wrong.

/** "08:30-12:00, 14:00-17:30" ↔ [["08:30","12:00"],["14:00","17:30"]]; a malformed piece is kept for the server to name. */
export function parsePeriods(text: string): Array<[string, string]> {
  return text
    .split(/[,，;；\s]+/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const [from = '', to = ''] = p.split(/[-–~至]/).map((x) => x.trim());
      return [from, to] as [string, string];
    });
}

export function formatPeriods(periods: ReadonlyArray<readonly [string, string]>): string {
  return periods.map(([a, b]) => `${a}-${b}`).join(', ');
}

/** One entry per line (or separated by commas), blanks dropped. */
export function parseList(text: string): string[] {
  return text
    .split(/[\n,，、]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function formatList(list: readonly string[], separator = '\n'): string {
  return list.join(separator);
}

/** "A, E" → ["A","E"]: the order is the window's order of categories (its main one first). */
export function parseLetters(text: string): string[] {
  return text
    .toUpperCase()
    .split(/[\s,，、]+/)
    .filter(Boolean);
}

/** The message for a field, or for anything inside it (e.g. windows[2] covers windows[2].name). */
export function issueAt(issues: readonly FieldIssue[] | null | undefined, path: string): string | null {
  if (!issues) return null;
  const hit = issues.find((i) => i.path === path || i.path.startsWith(`${path}.`) || i.path.startsWith(`${path}[`));
  return hit ? hit.message : null;
}

/** Issues that no field on the form shows, so they are listed above the save button. */
export function unplacedIssues(issues: readonly FieldIssue[] | null | undefined, shownPaths: readonly string[]): FieldIssue[] {
  if (!issues) return [];
  return issues.filter((i) => !shownPaths.some((p) => i.path === p || i.path.startsWith(`${p}.`) || i.path.startsWith(`${p}[`)));
}

/** "categoryId: minutes" lines ↔ a record; used for per-category limits and quotas. */
export function parseNumberRecord(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of text.split(/[\n,，]+/)) {
    const m = /^\s*([^:：=\s]+)\s*[:：=]\s*(-?\d+(?:\.\d+)?)\s*$/.exec(line);
    if (m) out[m[1]!.toUpperCase()] = Number(m[2]);
  }
  return out;
}

export function formatNumberRecord(record: Readonly<Record<string, number>>): string {
  return Object.entries(record)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

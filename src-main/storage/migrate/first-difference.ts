// Where two values first differ, as a path ("tickets[3].state: "waiting" ≠ "called""), or null when they are
// deeply equal. Keys are compared as sets (an own key that is undefined counts as absent, as in JSON).

const MAX_SHOWN = 120;

function show(v: unknown): string {
  const text = v === undefined ? 'undefined' : typeof v === 'bigint' ? `${v}n` : JSON.stringify(v);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
}

function kind(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

export function firstDifference(a: unknown, b: unknown, path = ''): string | null {
  const at = path || '(whole value)';
  if (Object.is(a, b)) return null;
  if (kind(a) !== kind(b)) return `${at}: ${show(a)} (${kind(a)}) in SQLite, ${show(b)} (${kind(b)}) in PostgreSQL`;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return a.length === b.length ? null : `${at}: ${a.length} items in SQLite, ${b.length} in PostgreSQL`;
  }
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) {
    const ra = a as Record<string, unknown>;
    const rb = b as Record<string, unknown>;
    const keys = new Set([...Object.keys(ra), ...Object.keys(rb)].filter((k) => ra[k] !== undefined || rb[k] !== undefined));
    for (const k of [...keys].sort()) {
      const d = firstDifference(ra[k], rb[k], path ? `${path}.${k}` : k);
      if (d) return d;
    }
    return null;
  }
  return `${at}: ${show(a)} in SQLite, ${show(b)} in PostgreSQL`;
}

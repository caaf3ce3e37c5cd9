// The configurable field mapping: target field name → dot path into a source record (sources.ts). The
// paths are checked against the known ones when the settings are read, so a path here always exists;
// a part under a null (a case without callback) gives null.

export type FieldMapping = Readonly<Record<string, string>>;

export function readPath(source: unknown, path: string): unknown {
  let v: unknown = source;
  for (const part of path.split('.')) {
    if (v === null || v === undefined || typeof v !== 'object') return null;
    v = (v as Record<string, unknown>)[part];
  }
  return v === undefined ? null : v;
}

/** The platform's record: each target field with its source's value (arrays copied). */
export function applyMapping(source: object, mapping: FieldMapping): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [target, path] of Object.entries(mapping)) {
    const v = readPath(source, path);
    out[target] = Array.isArray(v) ? [...(v as unknown[])] : v;
  }
  return out;
}

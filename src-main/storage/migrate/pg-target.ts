import type pg from 'pg';
import { MigrationInputError } from './sqlite-snapshot';
import type { HallTable } from './tables';

// Writing rows into PostgreSQL without a COPY dependency: one INSERT … SELECT FROM unnest($1::type[], …)
// per batch, one array parameter per column whatever the number of rows (no 65,535-parameter limit, one
// plan, little parsing). Column types come from the target's catalog, so the copy follows its schema.

export type Queryable = Pick<pg.ClientBase, 'query'>;

export interface TargetColumn {
  name: string;
  /** As format_type gives it: "bigint", "text", "double precision", "jsonb", … */
  type: string;
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The target's columns of `table`; a clear error when the table is missing (target not migrated). */
export async function targetColumns(q: Queryable, table: string): Promise<Map<string, TargetColumn>> {
  const { rows } = await q.query<{ name: string; type: string }>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
       FROM pg_attribute a WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
    [table],
  );
  if (rows.length === 0) throw new MigrationInputError(`the PostgreSQL database has no table ${table}: not a hall database of this program's version`);
  return new Map(rows.map((r) => [r.name, r]));
}

/** A prepared multi-row insert for the columns the SQLite rows have (minus those the target numbers itself). */
export class BatchInsert {
  readonly sql: string;
  private readonly convert: Array<(v: unknown) => unknown>;

  constructor(
    readonly table: HallTable,
    readonly sourceColumns: readonly string[],
    target: Map<string, TargetColumn>,
  ) {
    const omit = new Set(table.omit ?? []);
    const kept: Array<[number, TargetColumn]> = [];
    sourceColumns.forEach((name, i) => {
      if (omit.has(name)) return;
      const col = target.get(name);
      if (!col) throw new MigrationInputError(`the PostgreSQL table ${table.name} has no column ${name} (the SQLite file has one): schemas differ`);
      kept.push([i, col]);
    });
    this.indexes = kept.map(([i]) => i);
    this.convert = kept.map(([, c]) => converter(c.type));
    const names = kept.map(([, c]) => ident(c.name)).join(', ');
    const arrays = kept.map(([, c], k) => `$${k + 1}::${c.type}[]`).join(', ');
    this.sql = `INSERT INTO ${ident(table.name)} (${names}) SELECT * FROM unnest(${arrays})`;
  }

  private readonly indexes: number[];

  /** Column arrays of `rows` (raw SQLite rows, in source column order). */
  params(rows: readonly unknown[][]): unknown[][] {
    return this.indexes.map((i, k) => {
      const convert = this.convert[k]!;
      return rows.map((r) => convert(r[i]));
    });
  }

  async insert(q: Queryable, rows: readonly unknown[][]): Promise<void> {
    if (rows.length > 0) await q.query(this.sql, this.params(rows));
  }
}

function converter(type: string): (v: unknown) => unknown {
  if (type === 'boolean') return (v) => (v === null || v === undefined ? null : Boolean(v));
  if (type === 'bigint' || type === 'integer' || type === 'smallint') return (v) => (typeof v === 'bigint' ? v.toString() : v);
  return (v) => v;
}

/** How many rows of the hall the target holds in `table`. */
export async function targetCount(q: Queryable, table: HallTable, hallId: string): Promise<number> {
  const { rows } = await q.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${ident(table.name)} WHERE ${ident(table.hallColumn)} = $1`, [hallId]);
  return Number(rows[0]!.n);
}

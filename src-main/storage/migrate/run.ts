import type { PgDb } from '../postgres/pg-database';
import type { CheckReport, PgHallReader } from './check-hall';
import { checkHall } from './check-hall';
import type { CopyResult } from './copy-hall';
import { copyHall, MigrationRefused } from './copy-hall';
import type { SqliteSnapshot } from './sqlite-snapshot';
import { MigrationInputError } from './sqlite-snapshot';

// The two commands of `npm run hall` that move halls (scripts/hall-cli.ts): what they do hall by hall,
// what they print, and their exit codes. Kept apart from the script so tests can run them in-process too.

export const EXIT = { ok: 0, failed: 1, refused: 2, usage: 64 } as const;

export interface RunIo {
  /** The result tables (stdout). */
  out(line: string): void;
  /** Progress and warnings (stderr). */
  err(line: string): void;
}

export interface RunOptions {
  snapshot: SqliteSnapshot;
  pg: PgDb;
  /** The PostgreSQL store of a hall, as a server would open it (the check compares its loadHall). */
  pgStore(hallId: string): PgHallReader;
  /** Empty: every hall of the file. */
  halls: string[];
  io: RunIo;
  /** Milliseconds between progress lines of one table (0: every batch). */
  progressEveryMs?: number;
}

const n = (x: number) => x.toLocaleString('en-US');
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function hallsOf(o: RunOptions): string[] {
  const wanted = o.halls.length > 0 ? o.halls : o.snapshot.halls;
  const unknown = wanted.filter((h) => !o.snapshot.halls.includes(h));
  if (unknown.length > 0) {
    throw new MigrationInputError(`unknown hall id${unknown.length > 1 ? 's' : ''} ${unknown.map((h) => `"${h}"`).join(', ')}: ${o.snapshot.file} has ${o.snapshot.halls.map((h) => `"${h}"`).join(', ') || 'no hall'}`);
  }
  if (wanted.length === 0) throw new MigrationInputError(`${o.snapshot.file} holds no hall`);
  return wanted;
}

function throttled(io: RunIo, everyMs: number): (key: string, line: string, final: boolean) => void {
  const last = new Map<string, number>();
  return (key, line, final) => {
    const now = performance.now();
    if (!final && now - (last.get(key) ?? -Infinity) < everyMs) return;
    last.set(key, now);
    io.err(line);
  };
}

export function printCheck(io: RunIo, r: CheckReport): void {
  const w = Math.max(...r.counts.map((c) => c.table.length), 'table'.length);
  io.out(`hall ${r.hallId}: ${n(r.events)} events, ${n(r.tickets)} tickets${r.range ? `, service days ${r.range[0]}..${r.range[1]}` : ''}`);
  io.out(`  ${'table'.padEnd(w)}  ${'SQLite'.padStart(12)}  ${'PostgreSQL'.padStart(12)}`);
  for (const c of r.counts) io.out(`  ${c.table.padEnd(w)}  ${n(c.sqlite).padStart(12)}  ${n(c.pg).padStart(12)}${c.sqlite === c.pg ? '' : '  ≠'}`);
  if (r.differences.length === 0) io.out(`  identical: event log, open queue, request results, statistics (checked in ${secs(r.ms)})`);
  else for (const d of r.differences) io.out(`  DIFFERENT ${d}`);
}

async function check(o: RunOptions, hallId: string, started: number): Promise<CheckReport> {
  const say = throttled(o.io, o.progressEveryMs ?? 1000);
  const report = await checkHall(o.snapshot, o.pg.pool, o.pgStore(hallId), hallId, (stage, done) => {
    say(`check ${stage}`, `${hallId}: checking ${stage}${done !== undefined ? ` (${n(done)} events)` : ''}, ${secs(performance.now() - started)}`, done === undefined);
  });
  printCheck(o.io, report);
  return report;
}

/** `hall migrate`: copies each hall (or finds it copied), then checks it. */
export async function runMigrate(o: RunOptions): Promise<number> {
  const halls = hallsOf(o);
  let code: number = EXIT.ok;
  for (const hallId of halls) {
    const started = performance.now();
    const say = throttled(o.io, o.progressEveryMs ?? 1000);
    let result: CopyResult;
    try {
      result = await copyHall(o.snapshot, o.pg.pool, hallId, (p) => {
        const final = p.done === p.total;
        if (p.total === 0) return;
        const pct = p.total > 0 ? ` (${Math.floor((p.done / p.total) * 100)} %)` : '';
        say(p.table, `${hallId}: ${p.table} ${n(p.done)} / ${n(p.total)} rows${pct}, ${secs(performance.now() - started)}`, final);
      });
    } catch (err) {
      if (!(err instanceof MigrationRefused)) throw err;
      o.io.err(`${hallId}: refused: ${err.message}`);
      o.io.out(`hall ${hallId}: refused (exit code 2)`);
      code = Math.max(code, EXIT.refused);
      continue;
    }
    if (result.outcome === 'already-migrated') {
      o.io.err(`${hallId}: already migrated (the target's event log of the hall is identical); nothing copied`);
      o.io.out(`hall ${hallId}: already migrated`);
    } else {
      const total = Object.values(result.rows).reduce((a, b) => a + b, 0);
      o.io.err(`${hallId}: committed ${n(total)} rows in one transaction, ${secs(result.ms)}`);
    }
    const report = await check(o, hallId, started);
    if (report.differences.length > 0) code = Math.max(code, EXIT.failed);
  }
  return code;
}

/** `hall check`: compares each hall of the file with its copy. */
export async function runCheck(o: RunOptions): Promise<number> {
  let code: number = EXIT.ok;
  for (const hallId of hallsOf(o)) {
    const report = await check(o, hallId, performance.now());
    if (report.differences.length > 0) code = EXIT.failed;
  }
  return code;
}

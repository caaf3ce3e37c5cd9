import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';

// The files a city bench run writes: the city's own hall (a member by id), the --city config with its
// linked members and accounts, and the city admin's login.

const ROOT = join(import.meta.dirname, '../..');
const DEMO = join(ROOT, 'resources/halls/demo.yaml');
export const CITY_ADMIN = { username: 'city-admin', password: 'city-bench-pass' };

/** The demo hall as the city's own hall `city-hall`; returns the file. */
export function cityHallConfig(dir: string, idHashKeyFile: string): string {
  const c = parseYaml(readFileSync(DEMO, 'utf8')) as Record<string, unknown>;
  const file = join(dir, 'city-hall.json');
  writeFileSync(file, JSON.stringify({ ...c, id: 'city-hall', name: '市政务服务中心', nameEn: 'City hall', secrets: { idHashKeyFile } }));
  return file;
}

export function writeCityConfig(dir: string, members: Array<{ id: string; name?: string; keyFile: string }>, offlineAlertMinutes = 10): string {
  const file = join(dir, 'city.json');
  writeFileSync(
    file,
    JSON.stringify({
      id: 'bench-city',
      name: '示范市',
      nameEn: 'Bench city',
      timeZone: 'Asia/Shanghai',
      offlineAlertMinutes,
      members: [{ id: 'city-hall', level: 'city' }, ...members.map((m) => ({ ...m, level: 'township' }))],
      accounts: [{ username: CITY_ADMIN.username, displayName: '市管理员', role: 'admin', password: CITY_ADMIN.password }],
    }),
  );
  return file;
}

export interface CityLogin {
  token: string;
  body: unknown;
}

export async function cityLogin(url: string): Promise<CityLogin> {
  const res = await fetch(`${url}/api/city/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(CITY_ADMIN) });
  const body = (await res.json()) as { data?: { token?: string }; token?: string };
  const token = body.data?.token ?? body.token;
  if (!res.ok || !token) throw new Error(`city login: ${res.status} ${JSON.stringify(body)}`);
  return { token, body: body.data ?? body };
}

export async function login(url: string): Promise<string> {
  return (await cityLogin(url)).token;
}

/** SIGTERM, then SIGKILL if it has not ended within 10 s. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Runs a TypeScript entry in a child Node process (`node --import tsx`, so a signal reaches it) and resolves
 * with the URL its ready line names. Like bench/child.ts, but the guard that kills it when the bench exits
 * goes away with the child, so many children in a row leave no listeners behind.
 */
export function startServer(args: string[], ready: RegExp, env: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string }> {
  const extra = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...extra, '--import', 'tsx', ...args], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const reap = () => child.kill('SIGKILL');
  process.once('exit', reap);
  child.once('exit', () => process.off('exit', reap));
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (c: Buffer) => {
      out += c.toString();
      const m = ready.exec(out);
      if (m) {
        child.stdout!.off('data', onData);
        resolve({ child, url: m[1]! });
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`child exited ${code}: ${out}`)));
  });
}

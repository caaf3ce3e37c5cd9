import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { parse as parseYaml } from 'yaml';
import type { Clock } from '../../src-main/app/ports';
import type { Ack, AllClientEvents, HallConfig, HallConfigInput, ServerEvents } from '../../src-main/contracts';
import { hallConfigSchema } from '../../src-main/contracts';
import type { RunningHallServer } from '../../src-main/hall/server';
import { startHallServer } from '../../src-main/hall/server';
import { idHashKeyPlace, writeKeyFile } from '../../src-main/hall/id-hash-key';

export const DEMO_CONFIG_FILE = join(import.meta.dirname, '../../resources/halls/demo.yaml');

/** The demo hall with a few edits; fewer accounts keep scrypt out of the way of fast tests. */
export function demoConfig(edit: (c: HallConfigInput) => void = () => {}): HallConfig {
  const raw = parseYaml(readFileSync(DEMO_CONFIG_FILE, 'utf8')) as HallConfigInput;
  edit(raw);
  return hallConfigSchema.parse(raw);
}

export function tempDir(prefix = 'hall-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export type TestSocket = Socket<ServerEvents, AllClientEvents>;

export interface TestHallServer extends RunningHallServer {
  hallId: string;
  dbFile: string;
  stop(): Promise<void>;
}

/**
 * The ID hash key test halls are given (the kiosk rig hashes with it too): public, like the demo's device
 * keys. A hall started by `npm start` makes a random one instead (src-main/hall/id-hash-key.ts).
 */
export const TEST_ID_HASH_KEY = 'demo-only-id-hash-key-never-use-in-production';

/** Puts TEST_ID_HASH_KEY where the hall will look for its key, unless a key is there already. */
export function giveTestKey(config: HallConfig, dbFile: string): void {
  const place = idHashKeyPlace(config, dbFile);
  if (place.kind === 'file' && !existsSync(place.path)) writeKeyFile(place.path, TEST_ID_HASH_KEY);
}

export async function startTestServer(opts: { config?: HallConfig; clock?: Clock; dbFile?: string } = {}): Promise<TestHallServer> {
  const tmp = opts.dbFile ? null : tempDir();
  const dbFile = opts.dbFile ?? join(tmp!.dir, 'hall.sqlite');
  const config = opts.config ?? demoConfig();
  giveTestKey(config, dbFile);
  const server = await startHallServer({ configs: [config], dbFile, port: 0, host: '127.0.0.1', clock: opts.clock });
  return {
    ...server,
    hallId: config.id,
    dbFile,
    async stop() {
      await server.close();
      tmp?.cleanup();
    },
  };
}

const sockets = new Set<TestSocket>();

export function closeAllSockets(): void {
  for (const s of sockets) s.disconnect();
  sockets.clear();
}

export function connectSocket(url: string, auth: object, extra: { forceNew?: boolean; reconnection?: boolean } = {}): Promise<TestSocket> {
  const socket: TestSocket = connect(url, { auth, transports: ['websocket'], forceNew: true, reconnection: extra.reconnection ?? false, extraHeaders: { origin: new URL(url).origin } });
  sockets.add(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => reject(err));
  });
}

export async function login(url: string, hallId: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/halls/${hallId}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = (await res.json()) as { ok: boolean; data?: { token: string }; message?: string };
  if (!body.ok || !body.data) throw new Error(`login failed: ${body.message}`);
  return body.data.token;
}

export async function connectStaff(server: TestHallServer, username: string, password = 'demo1234'): Promise<TestSocket> {
  const token = await login(server.url, server.hallId, username, password);
  return connectSocket(server.url, { hallId: server.hallId, token });
}

export function connectDevice(server: TestHallServer, deviceId: string, deviceKey: string): Promise<TestSocket> {
  return connectSocket(server.url, { hallId: server.hallId, deviceId, deviceKey });
}

let requestCounter = 0;
export function rid(): string {
  return `req-${process.pid}-${Date.now().toString(36)}-${(++requestCounter).toString(36)}`;
}

/** Emits and waits for the acknowledgement. */
export function ask<T = unknown>(socket: TestSocket, event: string, payload?: unknown, timeoutMs = 5000): Promise<Ack<T>> {
  const s = socket as unknown as { timeout(ms: number): { emitWithAck(e: string, ...a: unknown[]): Promise<Ack<T>> } };
  return payload === undefined ? s.timeout(timeoutMs).emitWithAck(event) : s.timeout(timeoutMs).emitWithAck(event, payload);
}

/** Like ask, but fails the test on an error ack. */
export async function must<T = unknown>(socket: TestSocket, event: string, payload?: unknown): Promise<T> {
  const ack = await ask<T>(socket, event, payload);
  if (!ack.ok) throw new Error(`${event} refused: ${ack.code} ${ack.messageEn}`);
  return ack.data;
}

export function nextEvent<T>(socket: TestSocket, event: keyof ServerEvents, predicate: (payload: T) => boolean = () => true, timeoutMs = 3000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: T) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(payload);
    };
    socket.on(event, listener as never);
  });
}

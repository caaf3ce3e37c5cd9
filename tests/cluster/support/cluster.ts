import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { io } from 'socket.io-client';
import { parse, stringify } from 'yaml';
import type { Ack } from '../../../src-main/contracts';
import { writeKeyFile } from '../../../src-main/hall/id-hash-key';
import { DEMO_CONFIG_FILE, TEST_ID_HASH_KEY, tempDir } from '../../support/hall-fixture';
import type { TestSocket } from '../../support/hall-fixture';
import type { ServerProcess } from '../../support/server-process';
import { startServerProcess } from '../../support/server-process';

// Several real hall server processes (src-main/hall/main.ts, as `npm start` runs it) sharing one
// PostgreSQL database: what the cluster tests and the failover benchmark drive.

export interface ClusterNode {
  id: string;
  url: string;
  proc: ServerProcess;
}

export interface ClusterOptions {
  database: string;
  size: number;
  /** Edits the demo hall's config (all nodes get the same); a config per hall with `halls`. */
  edit?: (config: Record<string, unknown>) => void;
  /** Several halls: ids of copies of the demo hall. */
  halls?: string[];
  env?: Record<string, string>;
  /** More command line arguments for every node (e.g. `--city <file>`). */
  args?: string[];
}

export class TestCluster {
  readonly nodes: Array<ClusterNode | null> = [];
  private readonly dir = tempDir('hall-cluster-');
  readonly configFiles: string[] = [];

  constructor(private readonly o: ClusterOptions) {
    // Every server of a cluster must hash ID numbers with the same key: one file they all read.
    const keyFile = join(this.dir.dir, 'shared.id-hash.key');
    writeKeyFile(keyFile, TEST_ID_HASH_KEY);
    const base = parse(readFileSync(DEMO_CONFIG_FILE, 'utf8')) as Record<string, unknown>;
    for (const id of o.halls ?? ['demo-county']) {
      const config = structuredClone(base);
      config.id = id;
      config.secrets = { idHashKeyFile: keyFile };
      o.edit?.(config);
      const file = join(this.dir.dir, `${id}.yaml`);
      writeFileSync(file, stringify(config));
      this.configFiles.push(file);
    }
  }

  get hallIds(): string[] {
    return this.o.halls ?? ['demo-county'];
  }

  async start(): Promise<this> {
    await Promise.all(Array.from({ length: this.o.size }, (_, i) => this.startNode(i)));
    return this;
  }

  async startNode(i: number): Promise<ClusterNode> {
    const id = `node${i}`;
    const data = join(this.dir.dir, id);
    mkdirSync(data, { recursive: true });
    const proc = await startServerProcess(
      ['--database', this.o.database, '--instance-id', id, '--data', join(data, 'hall.sqlite'), ...this.configFiles.flatMap((f) => ['--config', f]), ...(this.o.args ?? [])],
      { ...this.o.env },
    );
    const node = { id, url: proc.url, proc };
    this.nodes[i] = node;
    return node;
  }

  node(i: number): ClusterNode {
    const n = this.nodes[i];
    if (!n) throw new Error(`node ${i} is not running`);
    return n;
  }

  /** kill -9: the process ends at once, its leases run out by themselves. */
  async kill(i: number): Promise<void> {
    const n = this.node(i);
    n.proc.child.kill('SIGKILL');
    await n.proc.exited;
    this.nodes[i] = null;
  }

  indexOf(instanceId: string): number {
    return this.nodes.findIndex((n) => n?.id === instanceId);
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.nodes.map(async (n) => {
        if (!n) return;
        n.proc.child.kill('SIGCONT');
        n.proc.child.kill('SIGTERM');
        const timer = setTimeout(() => n.proc.child.kill('SIGKILL'), 10_000);
        await n.proc.exited;
        clearTimeout(timer);
      }),
    );
    this.dir.cleanup();
  }
}

export interface LeaseState {
  owner: string | null;
  fence: number;
  live: boolean;
}

/** The lease of a hall as PostgreSQL has it now. */
export async function leaseOf(database: string, hallId: string): Promise<LeaseState | null> {
  const client = new pg.Client({ connectionString: database });
  await client.connect();
  try {
    const r = await client.query<{ owner: string | null; fence: string; live: boolean }>(`SELECT owner, fence, expires_at > now() AS live FROM hall_leases WHERE hall_id = $1`, [hallId]);
    const row = r.rows[0];
    return row ? { owner: row.owner, fence: Number(row.fence), live: row.live } : null;
  } finally {
    await client.end();
  }
}

/** Polls until the hall has a live owner that satisfies `ok`; returns it. */
export async function waitForOwner(database: string, hallId: string, ok: (l: LeaseState) => boolean = () => true, timeoutMs = 15_000): Promise<LeaseState> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const l = await leaseOf(database, hallId);
    if (l && l.live && l.owner && ok(l)) return l;
    if (Date.now() > until) throw new Error(`no owner for ${hallId} within ${timeoutMs} ms (last: ${JSON.stringify(l)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function sql<T extends pg.QueryResultRow>(database: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: database });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

const opened = new Set<TestSocket>();

/** A client as the pages and kiosks make them: reconnects by itself, sends the page's Origin. */
export function connectTo(url: string, auth: object): Promise<TestSocket> {
  const socket = io(url, { auth, transports: ['websocket'], forceNew: true, reconnectionDelay: 100, reconnectionDelayMax: 500, extraHeaders: { origin: url } }) as unknown as TestSocket;
  opened.add(socket);
  return new Promise((resolve, reject) => {
    let first = true;
    socket.once('connect', () => {
      first = false;
      resolve(socket);
    });
    socket.on('connect_error', (err: Error & { data?: { code?: string } }) => {
      if (first) {
        first = false;
        reject(err);
        return;
      }
      // As the pages and kiosks do: a hall between two servers is asked again (socket.io would not).
      const s = socket as unknown as { active: boolean; connect(): void };
      if (err.data?.code === 'HALL_UNAVAILABLE' && !s.active && opened.has(socket)) setTimeout(() => s.connect(), 500);
    });
  });
}

/** Resolves once the socket is connected (at once if it is), false after `timeoutMs`. */
export function connected(socket: TestSocket, timeoutMs = 15_000): Promise<boolean> {
  if ((socket as unknown as { connected: boolean }).connected) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export function closeClusterSockets(): void {
  for (const s of opened) s.disconnect();
  opened.clear();
}

export async function staffOn(url: string, hallId: string, username: string, password = 'demo1234'): Promise<TestSocket> {
  const res = await fetch(`${url}/api/halls/${hallId}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  const body = (await res.json()) as Ack<{ token: string }>;
  if (!body.ok) throw new Error(`login ${username} at ${url}: ${body.code}`);
  return connectTo(url, { hallId, token: body.data.token });
}

/** Asks and waits for the answer; null when none came in time (the server died, the link was cut). */
export function askWithin<T>(socket: TestSocket, event: string, payload: unknown, timeoutMs: number): Promise<Ack<T> | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), timeoutMs);
    (socket as unknown as { emit(e: string, p: unknown, cb: (a: Ack<T>) => void): void }).emit(event, payload, (ack) => {
      clearTimeout(timer);
      resolve(ack);
    });
  });
}

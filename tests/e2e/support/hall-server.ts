import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../../..');
export const DEMO_CONFIG = join(ROOT, 'resources/halls/demo.yaml');

export interface E2eHall {
  url: string;
  hallId: string;
  dataFile: string;
  /** Stops the server (SIGTERM, or SIGKILL with `kill`). */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the server again on the same port and database. */
  restart(): Promise<void>;
  output(): string;
}

/** The real hall server as `npm start` runs it, on its own database in a temp dir. */
export async function startE2eHall(opts: { config?: string; configText?: string; port?: number; env?: NodeJS.ProcessEnv } = {}): Promise<E2eHall> {
  const dir = mkdtempSync(join(tmpdir(), 'hall-e2e-'));
  let config = opts.config ?? DEMO_CONFIG;
  if (opts.configText) {
    config = join(dir, 'hall.yaml');
    writeFileSync(config, opts.configText);
  }
  const dataFile = join(dir, 'hall.sqlite');
  // The demo hall's key file, with the public key the e2e kiosk hashes with (else the hall makes a random one).
  writeFileSync(join(dir, 'demo-county.id-hash.key'), 'demo-only-id-hash-key-never-use-in-production\n', { mode: 0o600 });
  let child: ChildProcess | null = null;
  let out = '';
  let port = opts.port ?? 0;

  const launch = () =>
    new Promise<string>((resolve, reject) => {
      const c = spawn(process.execPath, ['--import', 'tsx', 'src-main/hall/main.ts', '--config', config, '--data', dataFile, '--port', String(port), '--host', '127.0.0.1'], {
        cwd: ROOT,
        env: { ...process.env, LOG_LEVEL: 'warn', ...opts.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = c;
      const onData = (chunk: Buffer) => {
        out += chunk.toString();
        const m = /Hall server ready at (http:\/\/\S+)/.exec(out);
        if (m) {
          c.stdout!.off('data', onData);
          resolve(m[1]!);
        }
      };
      c.stdout!.on('data', onData);
      c.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
      c.once('exit', (code) => reject(new Error(`hall server exited (${code}):\n${out}`)));
    });

  const url = await launch();
  port = Number(new URL(url).port);
  const hall: E2eHall = {
    url,
    hallId: 'demo-county',
    dataFile,
    output: () => out,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      const c = child;
      if (!c || c.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        c.once('exit', () => resolve());
        c.kill(signal);
      });
    },
    async restart() {
      out = '';
      await launch();
    },
  };
  process.once('exit', () => {
    (child as ChildProcess | null)?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  return hall;
}

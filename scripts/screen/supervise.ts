import { spawn } from 'node:child_process';
import { nextRestartDelay } from './options';

export interface SuperviseOptions {
  command: string;
  args: string[];
  restart: boolean;
  restartMinMs: number;
  restartMaxMs: number;
  log: (line: string) => void;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Tests stop the loop after so many starts; a wall screen never does. */
  maxStarts?: number;
  signal?: AbortSignal;
}

function runOnce(command: string, args: string[], signal?: AbortSignal): Promise<{ code: number | null; signal: string | null; error?: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    const stop = () => child.kill('SIGTERM');
    signal?.addEventListener('abort', stop, { once: true });
    child.once('error', (e) => {
      signal?.removeEventListener('abort', stop);
      resolve({ code: null, signal: null, error: e.message });
    });
    child.once('exit', (code, sig) => {
      signal?.removeEventListener('abort', stop);
      resolve({ code, signal: sig });
    });
  });
}

/** Starts the browser and starts it again whenever it exits, with backoff; returns the number of starts. */
export async function superviseBrowser(o: SuperviseOptions): Promise<number> {
  const now = o.now ?? Date.now;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let delay: number | null = null;
  let starts = 0;
  for (;;) {
    starts++;
    const startedAt = now();
    o.log(`starting ${o.command}`);
    const result = await runOnce(o.command, o.args, o.signal);
    const ranFor = now() - startedAt;
    const how = result.error ? `could not start: ${result.error}` : result.signal ? `killed by ${result.signal}` : `exited with code ${result.code}`;
    o.log(`browser ${how} after ${Math.round(ranFor / 1000)} s`);
    if (!o.restart || o.signal?.aborted || (o.maxStarts !== undefined && starts >= o.maxStarts)) return starts;
    delay = nextRestartDelay(delay, ranFor, o.restartMinMs, o.restartMaxMs);
    o.log(`restarting in ${Math.round(delay / 1000)} s`);
    await sleep(delay);
  }
}

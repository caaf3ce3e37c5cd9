import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PtyPair {
  /** The end the driver (kiosk) opens. */
  readonly driverPath: string;
  /** The end the simulated device opens. */
  readonly devicePath: string;
  /** socat's process id, so a test can check that it is gone after stop(). */
  readonly pid: number | undefined;
  /** Kills socat, waits for it to exit and removes the temporary directory. Safe to call twice. */
  stop(): Promise<void>;
}

export interface PtyPairOptions {
  /** Name used for the link files, e.g. 'idcard' gives idcard-driver and idcard-device. */
  name?: string;
  socatPath?: string;
  startTimeoutMs?: number;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** socat must not outlive the process that started it, even when a test run is cut short. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

/**
 * Two connected pseudo-terminals via `socat pty,raw,echo=0,link=A pty,raw,echo=0,link=B`, so a driver
 * and a simulator talk through a real tty as they would through a USB serial adapter.
 */
export async function createPtyPair(options: PtyPairOptions = {}): Promise<PtyPair> {
  const name = options.name ?? 'serial';
  const dir = await mkdtemp(join(tmpdir(), `hall-${name}-`));
  const driverPath = join(dir, `${name}-driver`);
  const devicePath = join(dir, `${name}-device`);
  const child = spawn(
    options.socatPath ?? 'socat',
    ['-d', '-d', `pty,raw,echo=0,link=${driverPath}`, `pty,raw,echo=0,link=${devicePath}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  live.add(child);
  installExitHook();
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });

  let spawnError: Error | undefined;
  // A socat that never started emits 'error' and no 'exit'; both mean there is nothing left to wait for.
  const exited = new Promise<void>((resolve) => {
    const done = () => {
      live.delete(child);
      resolve();
    };
    child.once('exit', done);
    child.once('error', (error) => {
      spawnError = error;
      done();
    });
  });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null && child.signalCode === null && !spawnError) child.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  };

  try {
    await waitForLinks(child, [driverPath, devicePath], options.startTimeoutMs ?? 5000, () => stderr, () => spawnError);
  } catch (error) {
    await stop();
    throw error;
  }
  return { driverPath, devicePath, pid: child.pid, stop };
}

async function waitForLinks(
  child: ChildProcess,
  paths: string[],
  timeoutMs: number,
  stderr: () => string,
  spawnError: () => Error | undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const error = spawnError();
    if (error) throw new Error(`could not start socat: ${error.message} (is socat installed?)`);
    if (child.exitCode !== null) throw new Error(`socat exited with code ${child.exitCode}: ${stderr().trim()}`);
    // socat logs "starting data transfer loop" once both ptys are ready; the links exist just before.
    if (paths.every((p) => existsSync(p)) && stderr().includes('starting data transfer loop')) return;
    if (Date.now() > deadline) throw new Error(`socat did not create ${paths.join(' and ')} within ${timeoutMs} ms: ${stderr().trim()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

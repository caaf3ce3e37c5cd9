/**
 * npm run test:repeat — the unit and integration suites (vitest, e2e excluded by vitest.config.ts) several
 * times in a row, stopping at the first failing run: a flaky test shows itself here before it shows in CI.
 * TEST_REPEAT sets the number of runs (default 5); arguments after `--` go to every vitest run, e.g.
 * `npm run test:repeat -- tests/hall` or `-- -t "check-in"`.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

const runs = Number(process.env.TEST_REPEAT ?? 5);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`TEST_REPEAT must be a whole number of runs (1 or more), not "${process.env.TEST_REPEAT}"`);
  process.exit(2);
}
// vitest's own command (its package.json exports no bin path, so it is found beside its manifest).
const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
const args = process.argv.slice(2);

for (let run = 1; run <= runs; run++) {
  console.log(`\n── test:repeat: run ${run} of ${runs} ──`);
  const started = Date.now();
  const result = spawnSync(process.execPath, [vitest, 'run', ...args], { stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`\n── test:repeat: run ${run} of ${runs} failed after ${seconds} s (exit ${result.status ?? result.signal}); stopping ──`);
    process.exit(result.status ?? 1);
  }
  console.log(`── test:repeat: run ${run} of ${runs} passed in ${seconds} s ──`);
}
console.log(`\n── test:repeat: all ${runs} runs passed ──`);

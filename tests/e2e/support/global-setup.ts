import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** The pages are tested as the hall serves them: built once before the run. */
export default function globalSetup(): void {
  if (process.env.E2E_SKIP_BUILD) return;
  const root = join(import.meta.dirname, '../../..');
  execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
}

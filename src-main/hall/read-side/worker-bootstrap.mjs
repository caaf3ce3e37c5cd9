// Starts a worker thread from its TypeScript source when the server itself runs from source (tsx, vitest),
// or from built JavaScript as it is.
import { workerData } from 'node:worker_threads';

if (workerData.entry.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(workerData.entry);

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HallCycles } from './durable-throughput';
const dir = mkdtempSync(join(tmpdir(), 'tp-'));
const h = await HallCycles.open(dir, 231);
console.log(await h.run(4));

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HallCycles, RawInserts } from './durable-throughput';
const dir = mkdtempSync(join(tmpdir(), 'tp-'));
const raw = new RawInserts(dir); const h12 = await HallCycles.open(dir, 12); const h231 = await HallCycles.open(dir, 231);
for (let i = 0; i < 5; i++) { const r = raw.run(1); const a = await h12.run(1); const b = await h231.run(1); console.log(r.toFixed(0), a.toFixed(0), (a / r).toFixed(2), b.toFixed(0), (b / r).toFixed(2)); }

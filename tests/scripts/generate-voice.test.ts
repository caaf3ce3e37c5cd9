import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateVoice, readManifest } from '../../scripts/generate-voice';
import { tempDir } from '../support/hall-fixture';

const ROOT = join(import.meta.dirname, '../..');
const COMMITTED = join(ROOT, 'resources/voice');
const hasTools = ['espeak-ng', 'sox', 'soxi'].every((t) => spawnSync('which', [t]).status === 0);

describe.skipIf(!hasTools)('scripts/generate-voice.ts', () => {
  const tmp = tempDir('voice-test-');
  afterAll(() => tmp.cleanup());

  it('records the same bytes as the committed clips, and a second run records nothing', () => {
    const only = ['qing', 'A', '7', 'chime'] as const;
    expect(generateVoice({ outDir: tmp.dir, only: [...only] })).toEqual([...only]);
    for (const id of only) {
      const file = readManifest(tmp.dir)!.clips[id]!.file;
      expect(readFileSync(join(tmp.dir, file)).equals(readFileSync(join(COMMITTED, file))), file).toBe(true);
    }
    const before = readFileSync(join(tmp.dir, 'manifest.json'), 'utf8');
    expect(generateVoice({ outDir: tmp.dir, only: [...only] })).toEqual([]);
    expect(readFileSync(join(tmp.dir, 'manifest.json'), 'utf8')).toBe(before);
    expect(generateVoice({ outDir: tmp.dir, only: ['qing'], force: true })).toEqual(['qing']);
  });

  it('the command line names an unknown clip', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/generate-voice.ts', '--out', tmp.dir, '--only', 'qing,xyz'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/--only: unknown clip "xyz"/);
  });
});

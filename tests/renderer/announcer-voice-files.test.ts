import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANNOUNCEMENT_WORDS } from '../../src-main/contracts';
import { ALL_CLIP_IDS, WORD_CLIPS, clipFileName, type VoiceManifest } from '../../src-renderer/shared/announcer/vocabulary';
import { recipeOf } from '../../scripts/generate-voice';

const VOICE_DIR = join(import.meta.dirname, '../../resources/voice');
const manifest = JSON.parse(readFileSync(join(VOICE_DIR, 'manifest.json'), 'utf8')) as VoiceManifest;

/** The fields of a canonical 44-byte PCM WAV header that matter to decodeAudioData. */
function wavFormat(file: string) {
  const b = readFileSync(file);
  return { riff: b.toString('ascii', 0, 4), wave: b.toString('ascii', 8, 12), format: b.readUInt16LE(20), channels: b.readUInt16LE(22), sampleRate: b.readUInt32LE(24), bits: b.readUInt16LE(34) };
}

describe('the recorded clips in resources/voice', () => {
  it('cover every clip the announcer can ask for, recorded from the current recipe (npm run voice)', () => {
    expect(Object.keys(manifest.clips).sort()).toEqual([...ALL_CLIP_IDS].sort());
    for (const id of ALL_CLIP_IDS) {
      expect(manifest.clips[id], id).toMatchObject({ file: clipFileName(id), source: recipeOf(id) });
      expect(manifest.clips[id]!.durationMs, id).toBeGreaterThan(150);
      expect(manifest.clips[id]!.durationMs, id).toBeLessThan(id === 'chime' ? 2500 : 1200);
    }
  });

  it('are small 16 kHz mono 16-bit WAVs, under 2 MB together', () => {
    let total = 0;
    for (const id of ALL_CLIP_IDS) {
      const file = join(VOICE_DIR, clipFileName(id));
      expect(wavFormat(file), id).toEqual({ riff: 'RIFF', wave: 'WAVE', format: 1, channels: 1, sampleRate: 16000, bits: 16 });
      total += statSync(file).size;
    }
    expect(total).toBeLessThan(2 * 1024 * 1024);
  });

  it('every word a config template may use has a clip', () => {
    expect(Object.keys(WORD_CLIPS).sort()).toEqual([...ANNOUNCEMENT_WORDS].sort());
    for (const clip of Object.values(WORD_CLIPS)) expect(manifest.clips[clip]).toBeDefined();
  });
});

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ALL_CLIP_IDS, SPOKEN_CLIPS, clipFileName, type ClipId, type VoiceManifest } from '../src-renderer/shared/announcer/vocabulary';

// Records the announcer's clips into resources/voice: espeak-ng's cmn-latn-pinyin voice reads tone-numbered
// pinyin (it reads Chinese characters badly), sox trims the silence around each word, resamples to 16 kHz
// mono and normalises, so clips join without gaps or jumps in loudness. The chime is synthesised by sox.
//
//   npm run voice                 # (re)creates only clips that are missing or whose recipe changed
//   npm run voice -- --force      # re-records everything
//   npm run voice -- --out DIR --only qing,A
//
// Idempotent: the manifest keeps each clip's recipe, and an unchanged recipe with its file present is skipped;
// sox runs with -R (repeatable dither), so re-recording gives the same bytes.

export const SAMPLE_RATE = 16000;
const VOICE = 'cmn-latn-pinyin';
const SPEED_WPM = 150;
/** Trim leading/trailing silence below 0.5% for 10 ms, resample, normalise to -3 dBFS, 10 ms of air each side. */
const SOX_CLEANUP = ['silence', '1', '0.01', '0.5%', 'reverse', 'silence', '1', '0.01', '0.5%', 'reverse', 'rate', String(SAMPLE_RATE), 'norm', '-3', 'pad', '0.01', '0.01'];
/** 叮咚: a high then a lower bell-like tone (sine plus its octave, logarithmic decay). */
const CHIME_NOTES: Array<{ hz: number; seconds: number }> = [
  { hz: 784, seconds: 0.7 },
  { hz: 659, seconds: 1.1 },
];

export function recipeOf(id: ClipId): string {
  if (id === 'chime') return `sox chime ${CHIME_NOTES.map((n) => `${n.hz}Hz/${n.seconds}s`).join(' ')} @${SAMPLE_RATE}`;
  return `espeak-ng -v ${VOICE} -s ${SPEED_WPM} "${SPOKEN_CLIPS[id].pinyin}" | sox ${SOX_CLEANUP.join(' ')}`;
}

function run(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as { code?: string; stderr?: string };
    if (e.code === 'ENOENT') throw new Error(`${cmd} is not installed (apt-get install espeak-ng sox)`);
    throw new Error(`${cmd} ${args.join(' ')} failed: ${e.stderr ?? String(err)}`);
  }
}

function record(id: ClipId, outFile: string, work: string): void {
  if (id === 'chime') {
    const parts = CHIME_NOTES.map((n, i) => {
      const f = join(work, `chime-${i}.wav`);
      const s = String(n.seconds);
      run('sox', ['-R', '-n', '-r', String(SAMPLE_RATE), '-c', '1', '-b', '16', f, 'synth', s, 'sine', String(n.hz), 'synth', s, 'sine', 'mix', String(n.hz * 2), 'vol', '0.5', 'fade', 'l', '0.005', s, String(n.seconds - 0.05)]);
      return f;
    });
    run('sox', ['-R', ...parts, outFile, 'norm', '-3']);
    return;
  }
  const raw = join(work, `${id}.raw.wav`);
  // -w writes the WAV instead of playing it, so no sound card is needed (-q would suppress the file too).
  run('espeak-ng', ['-v', VOICE, '-s', String(SPEED_WPM), '-w', raw, SPOKEN_CLIPS[id].pinyin]);
  run('sox', ['-R', raw, '-c', '1', '-b', '16', outFile, ...SOX_CLEANUP]);
}

function durationMs(file: string): number {
  return Math.round(Number(run('soxi', ['-D', file]).trim()) * 1000);
}

export function readManifest(dir: string): VoiceManifest | null {
  const file = join(dir, 'manifest.json');
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8')) as VoiceManifest;
}

export interface GenerateOptions {
  outDir: string;
  only?: ClipId[] | undefined;
  force?: boolean | undefined;
  log?: (line: string) => void;
}

/** Records what is missing or changed and rewrites the manifest; returns the ids it recorded. */
export function generateVoice(opts: GenerateOptions): ClipId[] {
  const log = opts.log ?? (() => {});
  mkdirSync(opts.outDir, { recursive: true });
  const old = readManifest(opts.outDir);
  const clips: VoiceManifest['clips'] = old?.sampleRate === SAMPLE_RATE ? { ...old.clips } : {};
  const ids = opts.only ?? ALL_CLIP_IDS;
  const work = mkdtempSync(join(tmpdir(), 'voice-'));
  const recorded: ClipId[] = [];
  try {
    for (const id of ids) {
      const file = clipFileName(id);
      const outFile = join(opts.outDir, file);
      const recipe = recipeOf(id);
      if (!opts.force && clips[id]?.source === recipe && existsSync(outFile)) continue;
      record(id, outFile, work);
      clips[id] = {
        file,
        pinyin: id === 'chime' ? null : SPOKEN_CLIPS[id].pinyin,
        text: id === 'chime' ? '提示音 chime' : SPOKEN_CLIPS[id].text,
        durationMs: durationMs(outFile),
        source: recipe,
      };
      recorded.push(id);
      log(`recorded ${id.padEnd(10)} ${file.padEnd(16)} ${clips[id].durationMs} ms`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  // Sorted the same way every time, so an unchanged run leaves the file byte for byte as it was.
  const sorted = Object.fromEntries(ALL_CLIP_IDS.filter((id) => clips[id]).map((id) => [id, clips[id]!]));
  const manifest: VoiceManifest = { version: 1, sampleRate: SAMPLE_RATE, clips: sorted };
  writeFileSync(join(opts.outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return recorded;
}

function parseOnly(list: string | undefined): ClipId[] | undefined {
  if (!list) return undefined;
  return list.split(',').map((s) => {
    const id = s.trim();
    if (!ALL_CLIP_IDS.includes(id as ClipId)) throw new Error(`--only: unknown clip "${id}" (known: ${ALL_CLIP_IDS.join(' ')})`);
    return id as ClipId;
  });
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const { values } = parseArgs({ options: { out: { type: 'string' }, only: { type: 'string' }, force: { type: 'boolean' } } });
  const outDir = resolve(values.out ?? join(import.meta.dirname, '../resources/voice'));
  const recorded = generateVoice({ outDir, only: parseOnly(values.only), force: values.force, log: (l) => console.log(l) });
  console.log(recorded.length ? `${recorded.length} clip(s) recorded into ${outDir}` : `all clips up to date in ${outDir}`);
}

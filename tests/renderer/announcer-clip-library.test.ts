import { describe, expect, it } from 'vitest';
import { ClipLibrary } from '../../src-renderer/shared/announcer/web-audio-player';

// The loading half of the Web Audio player, with a fake fetch and decoder: what is fetched, what is cached,
// and what the error says when a clip is missing. (Playback itself runs in Chromium: tests/e2e/hall-display.)

function fakeServer(missing: string[] = []) {
  const requests: string[] = [];
  const manifest = { version: 1, sampleRate: 16000, clips: { qing: { file: 'qing.wav' }, A: { file: 'letter-a.wav' } } };
  const fetchFn = async (url: string) => {
    requests.push(url);
    if (missing.some((m) => url.endsWith(m))) return new Response('not found', { status: 404 });
    if (url.endsWith('manifest.json')) return new Response(JSON.stringify(manifest));
    return new Response(new Uint8Array([1, 2, 3]));
  };
  const decoded: number[] = [];
  const ctx = { decodeAudioData: async (b: ArrayBuffer) => (decoded.push(b.byteLength), { duration: b.byteLength }) } as unknown as BaseAudioContext;
  return { requests, fetchFn, ctx, decoded };
}

describe('the clip library', () => {
  it('preloads the manifest and every clip once, then serves them from memory', async () => {
    const s = fakeServer();
    const lib = new ClipLibrary(s.ctx, '/voice/', s.fetchFn);
    await lib.preload();
    await lib.buffer('qing');
    await lib.buffer('A');
    expect(s.requests).toEqual(['/voice/manifest.json', '/voice/qing.wav', '/voice/letter-a.wav']);
    expect(s.decoded).toEqual([3, 3]);
  });

  it('names the URL and status of a missing clip, and tries again next time', async () => {
    const s = fakeServer(['qing.wav']);
    const lib = new ClipLibrary(s.ctx, '/voice/', s.fetchFn);
    await expect(lib.buffer('qing')).rejects.toThrow('GET /voice/qing.wav → 404');
    await expect(lib.buffer('qing')).rejects.toThrow(/404/);
    expect(s.requests.filter((r) => r.endsWith('qing.wav'))).toHaveLength(2);
  });

  it('a clip missing from the manifest says how to fix it', async () => {
    const s = fakeServer();
    const lib = new ClipLibrary(s.ctx, '/voice/', s.fetchFn);
    await expect(lib.buffer('Z')).rejects.toThrow(/"Z" is not in \/voice\/manifest.json \(run npm run voice\)/);
  });

  it('an unreachable manifest is fetched again on the next try (the server may be restarting)', async () => {
    const s = fakeServer(['manifest.json']);
    const lib = new ClipLibrary(s.ctx, '/voice/', s.fetchFn);
    await expect(lib.manifest()).rejects.toThrow(/manifest.json → 404/);
    await expect(lib.manifest()).rejects.toThrow(/404/);
    expect(s.requests).toEqual(['/voice/manifest.json', '/voice/manifest.json']);
  });
});

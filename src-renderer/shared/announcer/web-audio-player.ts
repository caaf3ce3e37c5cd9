import type { AnnouncePlayer } from './announcement-queue';
import { scheduleClips } from './schedule';
import type { Announcement } from './sentence';
import { type ClipId, type VoiceManifest } from './vocabulary';

// The offline voice: the recorded clips (resources/voice, served at /voice/) fetched once, decoded once, and
// strung together with scheduled AudioBufferSourceNodes.

type Fetch = (url: string) => Promise<Response>;

export class ClipLibrary {
  private manifestP: Promise<VoiceManifest> | null = null;
  private readonly buffers = new Map<ClipId, Promise<AudioBuffer>>();

  constructor(
    private readonly ctx: BaseAudioContext,
    private readonly baseUrl = '/voice/',
    private readonly fetchFn: Fetch = (url) => fetch(url),
  ) {}

  manifest(): Promise<VoiceManifest> {
    this.manifestP ??= this.fetchOk(`${this.baseUrl}manifest.json`)
      .then((r) => r.json() as Promise<VoiceManifest>)
      .catch((err: unknown) => {
        this.manifestP = null; // try again next time: the server may just be restarting
        throw err;
      });
    return this.manifestP;
  }

  buffer(id: ClipId): Promise<AudioBuffer> {
    let p = this.buffers.get(id);
    if (!p) {
      p = this.load(id);
      this.buffers.set(id, p);
      p.catch(() => this.buffers.delete(id));
    }
    return p;
  }

  /** Loads every clip of the manifest ahead of the first call, so the first announcement is not late. */
  async preload(): Promise<void> {
    const m = await this.manifest();
    await Promise.all(Object.keys(m.clips).map((id) => this.buffer(id as ClipId)));
  }

  private async load(id: ClipId): Promise<AudioBuffer> {
    const m = await this.manifest();
    const entry = m.clips[id];
    if (!entry) throw new Error(`voice clip "${id}" is not in ${this.baseUrl}manifest.json (run npm run voice)`);
    const bytes = await (await this.fetchOk(`${this.baseUrl}${entry.file}`)).arrayBuffer();
    return this.ctx.decodeAudioData(bytes);
  }

  private async fetchOk(url: string): Promise<Response> {
    const r = await this.fetchFn(url);
    if (!r.ok) throw new Error(`GET ${url} → ${r.status}`);
    return r;
  }
}

/** Resolves once the context runs: a kiosk browser starts it at once, a normal one after a click. */
export function whenRunning(ctx: AudioContext): Promise<void> {
  if (ctx.state === 'running') return Promise.resolve();
  void ctx.resume().catch(() => {});
  return new Promise((resolve) => {
    const check = () => {
      if (ctx.state !== 'running') return;
      ctx.removeEventListener('statechange', check);
      resolve();
    };
    ctx.addEventListener('statechange', check);
  });
}

const START_LEAD_S = 0.05;
/** onended may never fire if the context is suspended mid-sentence; the queue must still move on. */
const END_GRACE_MS = 1500;

export class WebAudioPlayer implements AnnouncePlayer {
  constructor(
    private readonly ctx: AudioContext,
    private readonly library: ClipLibrary,
  ) {}

  async play(a: Announcement): Promise<'clips'> {
    const ids = [...new Set<ClipId>([...(a.chime ? (['chime'] as const) : []), ...a.sentence])];
    const buffers = new Map(await Promise.all(ids.map(async (id) => [id, await this.library.buffer(id)] as const)));
    await whenRunning(this.ctx);
    const { clips, total } = scheduleClips(a, (id) => buffers.get(id)!.duration);
    if (!clips.length) return 'clips';
    const gain = this.ctx.createGain();
    gain.gain.value = a.volume;
    gain.connect(this.ctx.destination);
    const t0 = this.ctx.currentTime + START_LEAD_S;
    let last: AudioBufferSourceNode | null = null;
    for (const c of clips) {
      const src = this.ctx.createBufferSource();
      src.buffer = buffers.get(c.id)!;
      src.connect(gain);
      src.start(t0 + c.at);
      last = src;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, (START_LEAD_S + total) * 1000 + END_GRACE_MS);
      last!.onended = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    gain.disconnect();
    return 'clips';
  }
}

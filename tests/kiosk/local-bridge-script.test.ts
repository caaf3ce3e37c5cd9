import { describe, expect, it } from 'vitest';
import { KIOSK_VERBS } from '../../src-main/contracts';
import { BRIDGE_SCRIPT } from '../../src-main/kiosk/local-bridge-script';

// The script the kiosk service serves to a page without Electron: window.kioskApi with the preload's verbs,
// each a POST to the service, and events from its event stream.

function load(fetchImpl: (url: string, init: RequestInit) => Promise<{ json(): Promise<unknown> }>) {
  const win: { kioskApi?: Record<string, (arg?: unknown) => unknown> } = {};
  const sources: Array<{ url: string; onmessage: ((m: { data: string }) => void) | null }> = [];
  class FakeEventSource {
    onmessage: ((m: { data: string }) => void) | null = null;
    constructor(readonly url: string) {
      sources.push(this);
    }
  }
  new Function('window', 'fetch', 'EventSource', BRIDGE_SCRIPT)(win, fetchImpl, FakeEventSource);
  return { api: win.kioskApi!, sources };
}

describe('the kiosk bridge script', () => {
  it('offers exactly the preload verbs, each a POST of its payload', async () => {
    const posts: Array<{ url: string; body: unknown }> = [];
    const { api } = load(async (url, init) => {
      posts.push({ url, body: init.body });
      return { json: async () => ({ ok: true, data: url }) };
    });
    expect(Object.keys(api).sort()).toEqual([...KIOSK_VERBS, 'onEvent'].sort());
    expect(Object.isFrozen(api)).toBe(true);
    for (const verb of KIOSK_VERBS) expect(await api[verb]!({ n: 1 })).toEqual({ ok: true, data: `/kiosk-api/${verb}` });
    expect(posts.map((p) => p.body)).toEqual(KIOSK_VERBS.map(() => '{"n":1}'));
  });

  it('answers "service unreachable" when the service does not answer, and passes its events on', async () => {
    const { api, sources } = load(() => Promise.reject(new Error('connection refused')));
    expect(await api.listCategories!()).toMatchObject({ ok: false, code: 'KIOSK_SERVICE_UNREACHABLE' });
    const seen: unknown[] = [];
    const off = api.onEvent!((e: unknown) => seen.push(e)) as () => void;
    expect(sources.map((s) => s.url)).toEqual(['/kiosk-api/events']);
    sources[0]!.onmessage!({ data: '{"type":"card-in"}' });
    off();
    sources[0]!.onmessage!({ data: '{"type":"card-out"}' });
    expect(seen).toEqual([{ type: 'card-in' }]);
  });
});

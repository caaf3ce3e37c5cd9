import { KIOSK_VERBS } from '../contracts';

// window.kioskApi for the kiosk page served by the kiosk service itself (no Electron): each verb is a
// POST to /kiosk-api/<verb>, events arrive as server-sent events. The same verbs as the preload.

export const BRIDGE_SCRIPT = `(() => {
  'use strict';
  const unreachable = { ok: false, code: 'KIOSK_SERVICE_UNREACHABLE', message: '无法连接取号机服务，请稍候', messageEn: 'The kiosk service cannot be reached; please wait' };
  const call = (verb) => (payload) =>
    fetch('/kiosk-api/' + verb, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload === undefined ? '' : JSON.stringify(payload) })
      .then((r) => r.json())
      .catch(() => unreachable);
  const listeners = new Set();
  let source = null;
  const listen = () => {
    source = new EventSource('/kiosk-api/events');
    source.onmessage = (message) => {
      const event = JSON.parse(message.data);
      for (const listener of listeners) listener(event);
    };
  };
  window.kioskApi = Object.freeze({
${KIOSK_VERBS.map((verb) => `    ${verb}: call('${verb}'),\n`).join('')}    onEvent(listener) {
      listeners.add(listener);
      if (!source) listen();
      return () => listeners.delete(listener);
    },
  });
})();
`;

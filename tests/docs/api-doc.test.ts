import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REFUSALS } from '../../src-main/domain';
import { ALL_EVENTS } from '../../src-main/hall/handlers/role-events';
import { SERVER_EVENT_NAMES } from '../../src-main/hall/server-events';

const api = readFileSync(join(import.meta.dirname, '../../docs/API.md'), 'utf8');
const routesSource = readFileSync(join(import.meta.dirname, '../../src-main/hall/http-routes.ts'), 'utf8');

describe('docs/API.md stays true', () => {
  it.each([...ALL_EVENTS])('documents the client event %s', (event) => {
    expect(api).toContain(`\`${event}\``);
  });

  it.each([...SERVER_EVENT_NAMES])('documents the server event %s', (event) => {
    expect(api).toContain(`\`${event}\``);
  });

  it.each(Object.keys(REFUSALS))('documents the refusal code %s', (code) => {
    expect(api).toContain(`\`${code}\``);
  });

  it('documents every error code the server sends', () => {
    const codes = new Set<string>();
    for (const file of ['event-handler.ts', 'server.ts', 'socket-auth.ts', 'http-routes.ts', 'handlers/counter.ts', 'handlers/mobile.ts']) {
      const text = readFileSync(join(import.meta.dirname, '../../src-main/hall', file), 'utf8');
      for (const m of text.matchAll(/'([A-Z][A-Z_]{3,})'/g)) codes.add(m[1]!);
    }
    const missing = [...codes].filter((c) => !api.includes(c));
    expect(missing).toEqual([]);
  });

  it('documents every HTTP route', () => {
    for (const route of ['/health', '/api/halls', 'snapshot', 'login', 'logout']) {
      expect(routesSource).toContain(route);
      expect(api).toContain(route);
    }
  });
});

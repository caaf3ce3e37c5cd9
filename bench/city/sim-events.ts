import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { HallService } from '../../src-main/app/hall-service';
import type { Actor, Clock, StoredEvent } from '../../src-main/app/ports';
import type { HallConfig, HallConfigInput, HallProfile, WireEvent } from '../../src-main/contracts';
import { hallConfigSchema } from '../../src-main/contracts';
import { hallProfile, wireEvent } from '../../src-main/edge/profile';
import { openDatabase, SqliteHallStore } from '../../src-main/storage/sqlite';

// Simulated township halls for the city bench: instead of 300 hall servers, one real HallService (on an
// in-memory SQLite store) makes a template day once, and every simulated hall uploads that template as its
// own log (the hall id put into its tickets). The events are then exactly what a hall writes, so the city
// checks, folds and stores them as it would a real hall's.

const DEMO = join(import.meta.dirname, '../../resources/halls/demo.yaml');

/** The demo hall as a township hall `id` (its accounts and devices stay home: the profile leaves them out). */
export function townshipConfig(id: string, name: string): HallConfig {
  const raw = parseYaml(readFileSync(DEMO, 'utf8')) as HallConfigInput;
  return hallConfigSchema.parse({ ...raw, id, name, nameEn: `Township ${id}`, secrets: { idHashKeyEnv: 'UNUSED_BENCH_KEY' } });
}

export function profileOf(id: string, name: string): HallProfile {
  const config = townshipConfig(id, name);
  return hallProfile(config, new Map(config.accounts.map((a) => [a.username, a.displayName])));
}

/**
 * `busy`: three windows open, then numbers issued, called, served, finished and every second one rated (a
 * few visible changes per cycle). `issues`: numbers issued only, so each event raises the waiting count
 * by one (what the latency probes watch on the page).
 */
export type TemplateKind = 'busy' | 'issues';

/** The template's events in the form they travel (seq from 1, the first is the day's opening). */
export async function makeTemplate(kind: TemplateKind, count: number, startAt: number): Promise<WireEvent[]> {
  const config = townshipConfig('bench-template', 'template');
  const db = openDatabase(':memory:');
  const store = new SqliteHallStore(db);
  let t = startAt;
  const clock: Clock = { now: () => t };
  const service = await HallService.open(config, store, clock);
  const present = () => null;
  let request = 0;
  const run = async (cmd: Parameters<HallService['execute']>[0], actor: Actor) => {
    t += 2000;
    const o = await service.execute(cmd, actor, { requestId: `t${++request}`, present });
    if (!o.ok) throw new Error(`template: ${cmd.type} refused: ${o.failure.code}`);
  };
  const kiosk: Actor = { kind: 'device', id: 'kiosk-1' };
  const categories = ['C', 'E', 'A', 'D', 'B'];
  if (kind === 'issues') {
    for (let i = 0; service.seq < count; i++) await run({ type: 'IssueTicket', categoryId: categories[i % categories.length]!, source: 'kiosk', token: `tok-${i}-xxxxxxxxxxxxxxxx` }, kiosk);
  } else {
    const windows = [
      { id: 6, staff: 'staff06', category: 'C' },
      { id: 11, staff: 'staff11', category: 'E' },
      { id: 1, staff: 'staff01', category: 'A' },
    ];
    for (const w of windows) await run({ type: 'OpenWindow', windowId: w.id, staffId: w.staff }, { kind: 'staff', id: w.staff });
    for (let i = 0; service.seq < count; i++) {
      const w = windows[i % windows.length]!;
      const staff: Actor = { kind: 'staff', id: w.staff };
      await run({ type: 'IssueTicket', categoryId: w.category, source: 'kiosk', token: `tok-${i}-xxxxxxxxxxxxxxxx` }, kiosk);
      await run({ type: 'IssueTicket', categoryId: w.category, source: 'kiosk', token: `tok-${i}-yyyyyyyyyyyyyyyy` }, kiosk);
      await run({ type: 'CallNext', windowId: w.id }, staff);
      await run({ type: 'StartService', windowId: w.id }, staff);
      await run({ type: 'FinishService', windowId: w.id, matterId: `${w.category}01` }, staff);
      if (i % 2 === 0) {
        const ticketId = [...service.state.tickets.values()].filter((x) => x.state === 'finished' && x.windowId === w.id).at(-1)!.id;
        await run({ type: 'RateService', windowId: w.id, ticketId, level: 'satisfied', reasons: [], comment: null }, { kind: 'device', id: `window-screen-${w.id}` });
      }
    }
  }
  await service.drain();
  const events: StoredEvent[] = await store.readEvents('bench-template', 0, count);
  db.close();
  return events.map(wireEvent);
}

/** The template as hall `id`'s own log: its tickets carry its id. */
export function eventsOf(template: readonly WireEvent[], id: string): WireEvent[] {
  return template.map((e) => {
    const event = e.event as { type: string; ticket?: { hallId: string } };
    if (event.type !== 'TicketIssued') return e;
    return { ...e, event: { ...e.event, ticket: { ...event.ticket!, hallId: id } } as WireEvent['event'] };
  });
}

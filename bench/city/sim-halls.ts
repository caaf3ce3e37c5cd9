import { readFileSync } from 'node:fs';
import type { Clock } from '../../src-main/app/ports';
import type { StatusBody, WireEvent } from '../../src-main/contracts';
import { HttpTransport, LinkClient, LinkFailure } from '../../src-main/edge/link-client';
import type { TemplateKind } from './sim-events';
import { eventsOf, makeTemplate, profileOf } from './sim-events';

// A child process carrying many simulated township halls' uplinks to one city: each hall says hello with
// its profile, then sends its log one event at a time, a few a minute (randomly spaced), and its status as
// often as the city asks, all signed with its own key by the edge's LinkClient. Started by city-view.ts
// with a JSON plan file; prints "sim ready <n>" once every hall said hello, then "sent <n>" every 5 s.

export interface SimPlan {
  cityUrl: string;
  halls: Array<{ id: string; name: string; key: string }>;
  kind: TemplateKind;
  /** Mean time between two events of one hall (ms). */
  everyMs: number;
  startAt: number;
  templateEvents: number;
}

const clock: Clock = { now: () => Date.now() };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A signal of its own per request: many halls' requests at once would pile listeners onto a shared one. */
const never = () => new AbortController().signal;

export class SimHall {
  /** Next seq to send. */
  next = 1;
  statusEveryMs = 60_000;
  private nextStatusAt = 0;

  constructor(
    readonly id: string,
    private readonly name: string,
    private readonly client: LinkClient,
    private readonly events: WireEvent[],
  ) {}

  static create(transport: HttpTransport, hall: { id: string; name: string; key: string }, template: readonly WireEvent[]): SimHall {
    return new SimHall(hall.id, hall.name, new LinkClient(transport, hall.id, hall.key, clock), eventsOf(template, hall.id));
  }

  private path(what: string): string {
    return `/api/halls/${this.id}/uplink/${what}`;
  }

  async hello(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        const a = (await this.client.call('POST', this.path('hello'), { profile: profileOf(this.id, this.name), software: 'city-bench' }, never())).body as { lastSeq: number; statusEveryMs: number };
        this.next = a.lastSeq + 1;
        this.statusEveryMs = a.statusEveryMs;
        return;
      } catch (err) {
        if (attempt >= 20) throw err;
        await sleep(250 + Math.random() * 500);
      }
    }
  }

  get done(): boolean {
    return this.next > this.events.length;
  }

  /** Sends the next event of the log; resolves when the city stored it. */
  async sendNext(): Promise<void> {
    const e = this.events[this.next - 1];
    if (!e) return;
    try {
      const a = (await this.client.call('POST', this.path('events'), { fromSeq: this.next, events: [e] }, never())).body as { lastSeq: number };
      this.next = a.lastSeq + 1;
    } catch (err) {
      const gap = err instanceof LinkFailure && err.code === 'GAP' ? (err.body as { error: { expected: number } }).error.expected : null;
      if (gap === null) throw err;
      this.next = gap;
    }
  }

  async statusIfDue(): Promise<void> {
    if (Date.now() < this.nextStatusAt) return;
    this.nextStatusAt = Date.now() + this.statusEveryMs;
    const body: StatusBody = { at: Date.now(), lastSeq: this.next - 1, backlog: 0, alerts: [], catalogue: { version: null, refused: null } };
    await this.client.call('POST', this.path('status'), body, never());
  }
}

async function main(): Promise<void> {
  const plan = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as SimPlan;
  const template = await makeTemplate(plan.kind, plan.templateEvents, plan.startAt);
  const transport = new HttpTransport(plan.cityUrl);
  const halls = plan.halls.map((h) => SimHall.create(transport, h, template));
  // Hellos a few at a time, as halls coming up over a morning would (but quicker).
  for (let i = 0; i < halls.length; i += 10) await Promise.all(halls.slice(i, i + 10).map((h) => h.hello()));
  console.log(`sim ready ${halls.length}`);
  let sent = 0;
  let failures = 0;
  setInterval(() => console.log(`sent ${sent} failures ${failures}`), 5000).unref();
  await Promise.all(
    halls.map(async (h) => {
      await sleep(Math.random() * plan.everyMs);
      while (!h.done) {
        try {
          await h.statusIfDue();
          await h.sendNext();
          sent++;
        } catch (err) {
          failures++;
          if (failures < 5) console.error(`${h.id}: ${(err as Error).message}`);
          await sleep(1000);
          await h.hello().catch(() => undefined);
        }
        await sleep(plan.everyMs * (0.5 + Math.random()));
      }
    }),
  );
  console.log(`sim done ${sent}`);
}

if (process.argv[1]?.endsWith('sim-halls.ts')) void main();

import { io as connect, type Socket } from 'socket.io-client';

// A separate process that loads the year's server the way a busy afternoon would: a supervisor running
// the year's report and a month's XLSX export over and over, and a phone flooding booking:slots (500 at
// once without waiting; when the server cuts it off it connects again). Kept out of the measuring process
// so that its work does not delay the receipts being timed there. Started with fork(); 'stop' ends it and
// it answers with its counts.

const [url, hallId, token] = process.argv.slice(2) as [string, string, string];
const auth = { authorization: `Bearer ${token}` };
let stop = false;
const counts = { reports: 0, exports: 0, answered: 0, refused: 0, cutOff: 0 };

type Ack = { ok: boolean };

function open(): Promise<Socket> {
  const s = connect(url, { auth: { hallId, role: 'mobile' }, transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { origin: new URL(url).origin } });
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

async function reports(): Promise<void> {
  while (!stop) {
    await (await fetch(`${url}/api/halls/${hallId}/statistics?from=2025-12-01&to=2026-11-30`, { headers: auth })).arrayBuffer();
    counts.reports++;
  }
}

async function exports(): Promise<void> {
  while (!stop) {
    await (await fetch(`${url}/api/halls/${hallId}/statistics.xlsx?from=2026-06-01&to=2026-06-30`, { headers: auth })).arrayBuffer();
    counts.exports++;
  }
}

async function flood(): Promise<void> {
  while (!stop) {
    const phone = await open();
    const acks = await Promise.allSettled(Array.from({ length: 500 }, () => phone.timeout(30_000).emitWithAck('booking:slots', { categoryId: 'C' }) as Promise<Ack>));
    for (const a of acks) {
      if (a.status === 'rejected') continue;
      if (a.value.ok) counts.answered++;
      else counts.refused++;
    }
    if (phone.disconnected) counts.cutOff++;
    phone.disconnect();
    await new Promise((r) => setTimeout(r, 200));
  }
}

// BENCH_LOAD=reports,exports,flood (the default: all three) picks the kinds of load, to tell their costs apart.
const kinds = (process.env.BENCH_LOAD ?? 'reports,exports,flood').split(',');
const running = Promise.all([kinds.includes('reports') && reports(), kinds.includes('exports') && exports(), kinds.includes('flood') && flood()]);
process.on('message', (m) => {
  if (m !== 'stop') return;
  stop = true;
  void running.then(() => {
    process.send!(counts);
    process.exit(0);
  });
});
process.send!('started');

import { readFileSync } from 'node:fs';
import { io as connect, type Socket } from 'socket.io-client';

// Phones are other devices: they run in their own process so that receiving their updates does not
// slow down the process that times the hall displays.
const [url, countArg, tokensFile, hallId] = process.argv.slice(2);
const count = Number(countArg);
const tokens: string[] = tokensFile ? (JSON.parse(readFileSync(tokensFile, 'utf8')) as string[]) : [];
const sockets: Socket[] = [];
let received = 0;

async function main(): Promise<void> {
  for (let i = 0; i < count; i += 100) {
    await Promise.all(
      Array.from({ length: Math.min(100, count - i) }, async (_, k) => {
        const s = connect(url!, { auth: hallId ? { hallId, role: 'mobile' } : { role: 'mobile' }, transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { origin: new URL(url!).origin } });
        sockets.push(s);
        s.onAny(() => received++);
        await new Promise<void>((resolve, reject) => {
          s.once('connect', () => resolve());
          s.once('connect_error', reject);
        });
        const token = tokens[i + k];
        if (token) {
          const ack = (await s.timeout(30_000).emitWithAck('ticket:watch', { token })) as { ok: boolean; code?: string };
          if (!ack.ok) throw new Error(`watch failed: ${ack.code}`);
        }
      }),
    );
  }
  console.log(`phones ready ${sockets.length}`);
}

process.on('SIGTERM', () => {
  console.log(`phones received ${received}`);
  for (const s of sockets) s.disconnect();
  process.exit(0);
});
process.on('disconnect', () => process.exit(0));
main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

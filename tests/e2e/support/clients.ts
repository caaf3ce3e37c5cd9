import { io, type Socket } from 'socket.io-client';
import type { Ack } from '../../../src-main/contracts';

/**
 * Socket.io clients the specs drive beside the pages (a kiosk issuing, staff calling): one place for the
 * connection, the acknowledged request and signing staff in at a window.
 */
export class HallClients {
  private readonly sockets: Socket[] = [];
  private n = 0;

  constructor(
    private readonly url: () => string,
    private readonly hallId: string,
    private readonly prefix: string,
  ) {}

  rid = (): string => `${this.prefix}-${Date.now().toString(36)}-${++this.n}`;

  connect(auth: object): Promise<Socket> {
    const s = io(this.url(), { auth, transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { origin: new URL(this.url()).origin } });
    this.sockets.push(s);
    return new Promise((resolve, reject) => {
      s.once('connect', () => resolve(s));
      s.once('connect_error', reject);
    });
  }

  kiosk(deviceId = 'kiosk-1', deviceKey = 'demo-kiosk-1'): Promise<Socket> {
    return this.connect({ hallId: this.hallId, deviceId, deviceKey });
  }

  async must<T>(s: Socket, event: string, payload: object): Promise<T> {
    const ack = (await s.timeout(5000).emitWithAck(event, payload)) as Ack<T>;
    if (!ack.ok) throw new Error(`${event} refused: ${ack.code} ${ack.messageEn}`);
    return ack.data;
  }

  /** A staff member logged in (demo password) and signed in at a window. */
  async staffAt(username: string, windowId: number): Promise<Socket> {
    const res = await fetch(`${this.url()}/api/halls/${this.hallId}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'demo1234' }),
    });
    const s = await this.connect({ hallId: this.hallId, token: ((await res.json()) as { data: { token: string } }).data.token });
    await this.must(s, 'window:open', { requestId: this.rid(), windowId });
    return s;
  }

  closeAll(): void {
    for (const s of this.sockets.splice(0)) s.close();
  }
}

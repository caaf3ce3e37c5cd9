import { createConnection, createServer, type Server, type Socket } from 'node:net';

// A TCP proxy the test controls, between a township hall and its city: `cut()` destroys every live
// connection and refuses new ones (the hall's requests fail at once, as when the township's line drops),
// `restore()` lets them through again. It counts the bytes each way, so a test can see the link carried
// traffic. The target can move (a city restarted on another port) without the hall knowing.

export class TcpProxy {
  bytesUp = 0;
  bytesDown = 0;
  /** Connections accepted and passed on since the start. */
  connections = 0;
  /** Connections refused while cut. */
  refused = 0;
  private isCut = false;
  /** Bytes per second towards the city (null: as fast as it goes). */
  private rate: number | null = null;
  private readonly live = new Set<Socket>();
  /** Called with each connection passed on (a benchmark notes when the hall first reaches the city). */
  onAccept: (() => void) | null = null;

  private constructor(
    private readonly server: Server,
    private target: { host: string; port: number },
  ) {}

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const server = createServer();
    const proxy = new TcpProxy(server, target);
    server.on('connection', (client) => proxy.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return proxy;
  }

  get port(): number {
    return (this.server.address() as { port: number }).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get cutNow(): boolean {
    return this.isCut;
  }

  /** Points the proxy at another port (e.g. the city restarted); connections already open stay where they are. */
  retarget(target: { host: string; port: number }): void {
    this.target = target;
  }

  /** The link drops: every open connection is destroyed and new ones are closed as soon as they arrive. */
  cut(): void {
    this.isCut = true;
    for (const s of this.live) s.destroy();
    this.live.clear();
  }

  restore(): void {
    this.isCut = false;
  }

  /** A slow line towards the city (bytes per second), so an upload takes long enough to be interrupted; null: full speed. */
  throttle(bytesPerSecond: number | null): void {
    this.rate = bytesPerSecond;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    if (this.isCut) {
      this.refused++;
      client.destroy();
      return;
    }
    this.connections++;
    this.onAccept?.();
    const upstream = createConnection(this.target);
    this.live.add(client);
    this.live.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      this.live.delete(client);
      this.live.delete(upstream);
    };
    let held = false;
    client.on('data', (chunk: Buffer) => {
      this.bytesUp += chunk.length;
      const full = !upstream.write(chunk);
      if (this.rate !== null) {
        // Hold the next chunk back for as long as this one takes on a line of that speed.
        held = true;
        client.pause();
        setTimeout(() => {
          held = false;
          if (!upstream.writableNeedDrain && !client.destroyed) client.resume();
        }, (chunk.length / this.rate) * 1000);
      } else if (full) client.pause();
    });
    upstream.on('drain', () => {
      if (!held) client.resume();
    });
    upstream.on('data', (chunk: Buffer) => {
      this.bytesDown += chunk.length;
      if (!client.write(chunk)) upstream.pause();
    });
    client.on('drain', () => upstream.resume());
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
    client.on('error', drop);
    upstream.on('error', drop);
    client.on('close', drop);
    upstream.on('close', drop);
  }
}

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

// The raw substrate for the latency comparison: socket.io with nothing behind it. A "counter" emits a
// call, the server acknowledges it and broadcasts it to the displays room, like the hall does.
const http = createServer();
const io = new Server(http, { serveClient: false });
io.on('connection', (socket) => {
  const role = (socket.handshake.auth as { role?: string }).role ?? 'mobile';
  void socket.join(role);
  socket.on('call', (payload: unknown, ack: (a: unknown) => void) => {
    io.to('display').emit('called', payload);
    ack({ ok: true });
  });
});
http.listen(0, '127.0.0.1', () => {
  console.log(`Bare socket.io ready at http://127.0.0.1:${(http.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => io.close(() => process.exit(0)));

import type { AppliedConfig } from '../app/admin/config-service';
import { joinWindowRooms } from './handlers/counter';
import { snapshotFor } from './handlers/snapshot';
import { windowOfStaff } from './handlers/staff-window';
import type { HallRuntime } from './hall-runtime';
import type { Logger } from './logger';
import type { HallIo, HallSocket } from './socket-types';
import { backstage } from './throttle';

/** Fresh snapshots, this many sockets per turn of the event loop: a hall's change must not stall every hall's calls. */
const SNAPSHOT_SLICE = 10;

/**
 * After a live config change: connections that lost their right end (a disabled account, a rotated or
 * removed device key — the client's reconnect is then refused), consoles re-join the rooms of their
 * window's categories, and every other client of the hall gets a fresh snapshot, so screens and consoles
 * show the new names, notice and windows without a reload.
 */
export async function broadcastConfig(io: HallIo, hall: HallRuntime, applied: AppliedConfig, log: Logger): Promise<void> {
  hall.config = applied.config;
  hall.devices.setNames(new Map(applied.config.devices.map((d) => [d.id, d.name ?? null])));
  const ended = new Set(applied.endedAccounts);
  const revoked = new Set(applied.revokedDevices);
  const fresh: HallSocket[] = [];
  for (const s of io.of('/').sockets.values() as Iterable<HallSocket>) {
    if (s.data.hallId !== applied.config.id) continue;
    // Told why and closed by LiveSessions (its session ended with the change): nothing more for it.
    if (s.data.session?.ended) continue;
    if ((s.data.username && ended.has(s.data.username)) || (s.data.actor.kind === 'device' && revoked.has(s.data.actor.id))) {
      log.info({ socket: s.id, actor: s.data.actor.id }, 'connection ended by a config change');
      s.disconnect(true);
      continue;
    }
    fresh.push(s);
  }
  for (let i = 0; i < fresh.length; i++) {
    if (i > 0 && i % SNAPSHOT_SLICE === 0) await new Promise<void>((resolve) => backstage.push(resolve));
    const s = fresh[i]!;
    if (!s.connected) continue;
    if (s.data.role === 'counter') await joinWindowRooms(s, hall, windowOfStaff(hall.service.state, s.data.username!));
    s.emit('hall:snapshot', snapshotFor(hall, s));
  }
  await hall.alerts.check();
}

import type { Server, Socket } from 'socket.io';
import type { Actor } from '../app/ports';
import type { AllClientEvents, Role, ServerEvents } from '../contracts';
import type { LiveSession } from './live-sessions';

export interface SocketData {
  hallId: string;
  role: Role;
  actor: Actor;
  /** Staff and admin accounts. */
  username?: string | undefined;
  displayName?: string | undefined;
  accountRole?: string | undefined;
  /** Staff and admin accounts: the session this connection lives on (live-sessions.ts). */
  session?: LiveSession | undefined;
  /** Window displays are bound to one window. */
  windowId?: number | undefined;
  /** Set on a server that does not run the hall: the connection is relayed to the one that does. */
  relay?: { ownerId: string } | undefined;
  /** Tickets a phone watches (a few at most). */
  watching?: Set<string> | undefined;
}

export type HallIo = Server<AllClientEvents, ServerEvents, Record<string, never>, SocketData>;
export type HallSocket = Socket<AllClientEvents, ServerEvents, Record<string, never>, SocketData>;

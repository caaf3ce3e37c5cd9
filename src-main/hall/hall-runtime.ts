import { randomBytes } from 'node:crypto';
import type { AuditStore } from '../app/admin-ports';
import type { HallConfigService } from '../app/admin/config-service';
import type { AuthService } from '../app/auth-service';
import type { AlertTracker } from '../app/supervision/alert-tracker';
import type { HallService } from '../app/hall-service';
import type { TokenSource } from '../app/ports';
import type { HallConfig, ServerLoadView } from '../contracts';
import type { DeviceBoard } from './device-board';
import type { ReadSide } from './read-side/read-side';

/** One hall as the server carries it: its queue service, its accounts, and where its pages live. */
export interface HallRuntime {
  config: HallConfig;
  service: HallService;
  auth: AuthService;
  /** Base URL for links printed on tickets (config publicUrl, else the server's own URL). */
  baseUrl: () => string;
  /** Kiosks' printers and readers as last reported. */
  devices: DeviceBoard;
  /** The live config: admins change it, every change validated, versioned and audited. */
  settings: HallConfigService;
  /** 电子监察 alerts. */
  alerts: AlertTracker;
  /** Where admin actions are recorded (config changes, acknowledgements, purges). */
  audit: AuditStore;
  /** Reports, exports and audit searches, answered by worker threads (shared by every hall of the server). */
  reads: ReadSide;
  /** The key of the ID-number hashes, read at start from outside the database (id-hash-key.ts). */
  idHashKey: string;
  /** How hard the server works (shared by its halls). */
  serverLoad: () => ServerLoadView;
}

export type HallRegistry = ReadonlyMap<string, HallRuntime>;

export const randomTokens: TokenSource = { token: () => randomBytes(18).toString('base64url') };

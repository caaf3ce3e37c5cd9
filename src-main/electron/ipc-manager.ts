import type { KioskApi, KioskEvent } from '../contracts';
import { KIOSK_EVENT_CHANNEL, KIOSK_VERBS, kioskChannel } from '../contracts';
import { dispatchKioskCall } from '../kiosk/kiosk-dispatch';
import { originOf } from './kiosk-window';

/** The parts of ipcMain used here (Electron's ipcMain has them; tests pass a fake). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface IpcInvokeEventLike {
  /** Null once the frame navigated away or was destroyed. */
  readonly senderFrame: { readonly url: string; readonly parent?: unknown } | null;
}

/** A page the events are pushed to (a WebContents). */
export interface EventTarget {
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  getURL(): string;
}

export type KioskSource = KioskApi & { onEvent(listener: (event: KioskEvent) => void): () => void };

export interface IpcManagerOptions {
  /** Origins (protocol://host) whose pages may call the kiosk, e.g. app://kiosk. */
  allowedOrigins: readonly string[];
  log: { warn(data: object, msg: string): void };
}

/**
 * The one place IPC enters the main process. Each verb has its own channel; a message is answered only
 * when it comes from the top frame of an allowed origin (anything else is dropped and logged), and its
 * payload is validated with the verb's zod schema before the kiosk service sees it.
 */
export class KioskIpcManager {
  private readonly targets = new Set<EventTarget>();
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly ipcMain: IpcMainLike,
    private readonly kiosk: KioskSource,
    private readonly options: IpcManagerOptions,
  ) {}

  register(): void {
    for (const verb of KIOSK_VERBS) {
      this.ipcMain.handle(kioskChannel(verb), (event, payload) => {
        if (!this.isKnownSender(event.senderFrame)) {
          this.options.log.warn({ channel: kioskChannel(verb), url: event.senderFrame?.url.slice(0, 200) ?? null }, 'IPC from an unknown sender dropped');
          return undefined;
        }
        return dispatchKioskCall(this.kiosk, verb, payload);
      });
    }
    this.unsubscribe = this.kiosk.onEvent((event) => this.broadcast(event));
  }

  /** Card and status events go to this page while it shows the kiosk; returns the detach. */
  attach(target: EventTarget): () => void {
    this.targets.add(target);
    return () => this.targets.delete(target);
  }

  dispose(): void {
    for (const verb of KIOSK_VERBS) this.ipcMain.removeHandler(kioskChannel(verb));
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.targets.clear();
  }

  isKnownSender(frame: IpcInvokeEventLike['senderFrame']): boolean {
    if (!frame) return false;
    // Only the page itself, never a frame inside it.
    if (frame.parent !== null && frame.parent !== undefined) return false;
    const origin = originOf(frame.url);
    return origin !== null && this.options.allowedOrigins.includes(origin);
  }

  private broadcast(event: KioskEvent): void {
    for (const target of this.targets) {
      if (target.isDestroyed()) {
        this.targets.delete(target);
        continue;
      }
      // A page that is not the kiosk page (navigation is blocked, but be sure) hears nothing.
      const origin = originOf(target.getURL());
      if (origin === null || !this.options.allowedOrigins.includes(origin)) continue;
      target.send(KIOSK_EVENT_CHANNEL, event);
    }
  }
}

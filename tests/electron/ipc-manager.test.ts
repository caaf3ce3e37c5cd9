import { describe, expect, it, vi } from 'vitest';
import type { Ack, KioskEvent } from '../../src-main/contracts';
import { KIOSK_EVENT_CHANNEL, KIOSK_VERBS } from '../../src-main/contracts';
import type { IpcInvokeEventLike, IpcMainLike, KioskSource } from '../../src-main/electron/ipc-manager';
import { KioskIpcManager } from '../../src-main/electron/ipc-manager';

type Listener = (event: IpcInvokeEventLike, ...args: unknown[]) => unknown;

/** Stands in for Electron's ipcMain: keeps the handlers so the test can invoke them as a renderer would. */
class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Listener>();
  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  invoke(channel: string, frame: IpcInvokeEventLike['senderFrame'], payload?: unknown): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return Promise.resolve(handler({ senderFrame: frame }, payload));
  }
}

function fakeKiosk() {
  const listeners = new Set<(e: KioskEvent) => void>();
  const answer = <T>(data: T): Promise<Ack<T>> => Promise.resolve({ ok: true, data });
  const kiosk = {
    listCategories: vi.fn(() => answer({ hall: { name: '示范县', nameEn: 'Demo', notice: '', noticeEn: '', timeZone: 'Asia/Shanghai' }, categories: [] })),
    takeTicket: vi.fn(() => Promise.resolve({ ok: false as const, code: 'HALL_UNREACHABLE', message: '无法连接', messageEn: 'unreachable' })),
    reactivate: vi.fn(() => Promise.resolve({ ok: false as const, code: 'NO_SUCH_TICKET', message: '没有', messageEn: 'none' })),
    reprint: vi.fn(() => Promise.resolve({ ok: false as const, code: 'NOTHING_TO_REPRINT', message: '无', messageEn: 'none' })),
    deviceStatus: vi.fn(() => Promise.resolve({ ok: false as const, code: 'X', message: 'x', messageEn: 'x' })),
    checkIn: vi.fn(() => Promise.resolve({ ok: false as const, code: 'NO_SUCH_BOOKING', message: '没有找到该预约', messageEn: 'No such booking' })),
    onEvent(listener: (e: KioskEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(e: KioskEvent) {
      for (const l of listeners) l(e);
    },
    listeners,
  } satisfies KioskSource & Record<string, unknown>;
  return kiosk;
}

const page = { url: 'app://kiosk/kiosk/index.html', parent: null };

function setup() {
  const ipcMain = new FakeIpcMain();
  const kiosk = fakeKiosk();
  const warn = vi.fn();
  const manager = new KioskIpcManager(ipcMain, kiosk, { allowedOrigins: ['app://kiosk'], log: { warn } });
  manager.register();
  return { ipcMain, kiosk, warn, manager };
}

describe('KioskIpcManager', () => {
  it('registers one channel per verb', () => {
    const { ipcMain } = setup();
    expect([...ipcMain.handlers.keys()]).toEqual(KIOSK_VERBS.map((v) => `kiosk:${v}`));
  });

  it('answers the kiosk page with the service result, the payload validated', async () => {
    const { ipcMain, kiosk } = setup();
    expect(await ipcMain.invoke('kiosk:listCategories', page)).toMatchObject({ ok: true, data: { hall: { name: '示范县' } } });
    expect(await ipcMain.invoke('kiosk:takeTicket', page, { categoryId: 'A', matterId: 'A01', useCard: true })).toMatchObject({ ok: false, code: 'HALL_UNREACHABLE' });
    expect(kiosk.takeTicket).toHaveBeenCalledWith({ categoryId: 'A', matterId: 'A01', useCard: true });
    expect(await ipcMain.invoke('kiosk:checkIn', page, { code: '123456' })).toMatchObject({ ok: false, code: 'NO_SUCH_BOOKING' });
    expect(kiosk.checkIn).toHaveBeenCalledWith({ code: '123456' });
  });

  it('refuses a malformed payload naming the field, without calling the service', async () => {
    const { ipcMain, kiosk } = setup();
    const ack = await ipcMain.invoke('kiosk:takeTicket', page, { categoryId: 'A', useCard: 'yes', admin: true });
    expect(ack).toMatchObject({ ok: false, code: 'INVALID_KIOSK_CALL' });
    expect((ack as { messageEn: string }).messageEn).toMatch(/useCard|admin/);
    expect(await ipcMain.invoke('kiosk:reactivate', page, { number: 'DROP TABLE' })).toMatchObject({ ok: false, code: 'INVALID_KIOSK_CALL' });
    expect(kiosk.takeTicket).not.toHaveBeenCalled();
    expect(kiosk.reactivate).not.toHaveBeenCalled();
  });

  it.each([
    ['a web page that got loaded somehow', { url: 'https://evil.example/', parent: null }],
    ['a file URL', { url: 'file:///etc/passwd', parent: null }],
    ['a frame inside the kiosk page', { url: 'app://kiosk/kiosk/index.html', parent: {} }],
    ['another app:// host', { url: 'app://other/kiosk/index.html', parent: null }],
    ['a destroyed frame', null],
  ])('drops messages from %s', async (_what, frame) => {
    const { ipcMain, kiosk, warn } = setup();
    expect(await ipcMain.invoke('kiosk:takeTicket', frame, { categoryId: 'A' })).toBeUndefined();
    expect(kiosk.takeTicket).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ channel: 'kiosk:takeTicket' }), 'IPC from an unknown sender dropped');
  });

  it('pushes card and status events to attached kiosk pages only', () => {
    const { kiosk, manager } = setup();
    const good = { send: vi.fn(), isDestroyed: () => false, getURL: () => 'app://kiosk/kiosk/index.html' };
    const wandered = { send: vi.fn(), isDestroyed: () => false, getURL: () => 'https://evil.example/' };
    const gone = { send: vi.fn(), isDestroyed: () => true, getURL: () => 'app://kiosk/kiosk/index.html' };
    manager.attach(good);
    manager.attach(wandered);
    manager.attach(gone);
    const event: KioskEvent = { type: 'card-out' };
    kiosk.emit(event);
    expect(good.send).toHaveBeenCalledWith(KIOSK_EVENT_CHANNEL, event);
    expect(wandered.send).not.toHaveBeenCalled();
    expect(gone.send).not.toHaveBeenCalled();
  });

  it('removes its handlers and its subscription when disposed', () => {
    const { ipcMain, kiosk, manager } = setup();
    manager.dispose();
    expect(ipcMain.handlers.size).toBe(0);
    expect(kiosk.listeners.size).toBe(0);
  });
});

import type { DeviceStatusView, DisplayStatusInput, KioskStatusInput, PrintFailedInput } from '../contracts';
import type { DeviceReport } from '../storage/sqlite';

/** Where reports are kept for later reading; the board works without one (tests, a read-only hall). */
export interface DeviceReportSink {
  append(report: DeviceReport): void;
}

/** Print-failure request ids remembered for retries: a kiosk resends within seconds. */
const REMEMBERED_REQUESTS = 500;

/**
 * Kiosks' printers and readers as last reported, in memory (a restart learns them again: every kiosk
 * reports on connecting). Each change is also appended to the report log. Answers what to tell staff.
 */
export class DeviceBoard {
  private readonly devices = new Map<string, DeviceStatusView>();
  private readonly connections = new Map<string, number>();
  private readonly seenRequests = new Set<string>();

  constructor(
    private readonly hallId: string,
    private names: ReadonlyMap<string, string | null>,
    private readonly sink: DeviceReportSink | null,
    private readonly now: () => number,
    private readonly onSinkError: (error: unknown) => void = () => {},
  ) {}

  /** Device names after a config change (admins name and rename kiosks live). */
  setNames(names: ReadonlyMap<string, string | null>): void {
    this.names = names;
  }

  views(): DeviceStatusView[] {
    return [...this.devices.values()].sort((a, b) => a.deviceId.localeCompare(b.deviceId));
  }

  get(deviceId: string): DeviceStatusView | undefined {
    return this.devices.get(deviceId);
  }

  /** A device connected; its last known status (if any) is online again. */
  connected(deviceId: string): DeviceStatusView | undefined {
    this.connections.set(deviceId, (this.connections.get(deviceId) ?? 0) + 1);
    const current = this.devices.get(deviceId);
    if (!current || current.online) return undefined;
    return this.put({ ...current, online: true, updatedAt: this.now() });
  }

  /** A kiosk's connection closed; when it was its last one, staff should know it is off line. */
  disconnected(deviceId: string): DeviceStatusView | undefined {
    const left = Math.max((this.connections.get(deviceId) ?? 1) - 1, 0);
    this.connections.set(deviceId, left);
    const current = this.devices.get(deviceId);
    if (left > 0 || !current || !current.online) return undefined;
    const view = this.put({ ...current, online: false, updatedAt: this.now() });
    this.log(deviceId, 'offline', {});
    return view;
  }

  /** Returns the new view and whether anything staff care about changed. */
  report(deviceId: string, input: KioskStatusInput): { view: DeviceStatusView; changed: boolean } {
    const current = this.devices.get(deviceId);
    const detail = input.detail?.trim() || null;
    const changed = !current || !current.online || current.printer !== input.printer || current.reader !== input.reader || current.detail !== detail;
    if (!changed) return { view: current, changed: false };
    const view = this.put({
      ...(current ?? this.blank(deviceId)),
      online: true,
      printer: input.printer,
      reader: input.reader,
      detail,
      updatedAt: this.now(),
    });
    this.log(deviceId, 'status', { printer: input.printer, reader: input.reader, detail });
    return { view, changed: true };
  }

  /** A screen's sound; as for kiosks, only a change is news. */
  reportDisplay(deviceId: string, input: DisplayStatusInput): { view: DeviceStatusView; changed: boolean } {
    const current = this.devices.get(deviceId);
    const detail = input.detail?.trim() || null;
    const changed = !current || !current.online || current.audio !== input.audio || current.detail !== detail;
    if (!changed) return { view: current, changed: false };
    const view = this.put({ ...(current ?? this.blank(deviceId, 'display')), online: true, audio: input.audio, detail, updatedAt: this.now() });
    this.log(deviceId, 'status', { audio: input.audio, detail });
    return { view, changed: true };
  }

  /** Records a ticket that did not print; a retried request (same id) changes nothing. */
  printFailed(deviceId: string, input: PrintFailedInput): { view: DeviceStatusView; changed: boolean } {
    const key = `${deviceId} ${input.requestId}`;
    const current = this.devices.get(deviceId) ?? this.blank(deviceId);
    if (this.seenRequests.has(key)) return { view: current, changed: false };
    this.remember(key);
    const at = this.now();
    const detail = input.detail?.trim() || null;
    const view = this.put({ ...current, online: true, lastPrintFailure: { number: input.number, reason: input.reason, detail, at }, updatedAt: at });
    this.log(deviceId, 'print-failed', { number: input.number, reason: input.reason, detail });
    return { view, changed: true };
  }

  private blank(deviceId: string, kind: DeviceStatusView['kind'] = 'kiosk'): DeviceStatusView {
    return {
      deviceId,
      name: this.names.get(deviceId) ?? null,
      kind,
      online: true,
      // A screen has neither; 'absent' keeps the kiosk-shaped fields honest for readers that ignore kind.
      printer: kind === 'kiosk' ? 'ok' : 'absent',
      reader: kind === 'kiosk' ? 'ok' : 'absent',
      audio: null,
      detail: null,
      lastPrintFailure: null,
      updatedAt: this.now(),
    };
  }

  private put(view: DeviceStatusView): DeviceStatusView {
    this.devices.set(view.deviceId, view);
    return view;
  }

  private remember(key: string): void {
    this.seenRequests.add(key);
    if (this.seenRequests.size > REMEMBERED_REQUESTS) {
      const oldest = this.seenRequests.values().next().value;
      if (oldest !== undefined) this.seenRequests.delete(oldest);
    }
  }

  private log(deviceId: string, kind: DeviceReport['kind'], data: Record<string, unknown>): void {
    // A failing audit write must not stop staff from hearing about the fault.
    try {
      this.sink?.append({ hallId: this.hallId, at: this.now(), deviceId, kind, data });
    } catch (error) {
      this.onSinkError(error);
    }
  }
}

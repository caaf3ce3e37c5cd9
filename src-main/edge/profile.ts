import type { StoredEvent } from '../app/ports';
import type { HallConfig, HallProfile, WireEvent } from '../contracts';

// What of a hall leaves it for the city: its config without credentials, device keys, secrets or the
// webhook (with its secret), the staff members' display names, and its events without the request
// answers (tokens and answers stay at home).

export function hallProfile(config: HallConfig, staffNames: ReadonlyMap<string, string>): HallProfile {
  const { accounts: _accounts, devices: _devices, secrets: _secrets, notifications, ...rest } = config;
  const { webhook: _webhook, ...notices } = notifications;
  return {
    config: { ...structuredClone(rest), notifications: { ...notices } },
    staffNames: Object.fromEntries(staffNames),
  };
}

export function wireEvent(e: StoredEvent): WireEvent {
  return { seq: e.seq, at: e.at, actor: { kind: e.actor.kind, id: e.actor.id }, event: e.event as WireEvent['event'] };
}

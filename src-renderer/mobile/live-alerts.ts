import type { AlertMemory } from './live-ticket';
import { FRESH_MEMORY } from './live-ticket';

// The outward side of the live page's alerts: vibration, a system notification where the browser allows
// one (asked for from a button, never on load), and the memory of what was already alerted per ticket.

const MEMORY_KEY = 'hall.mobile.alerts';
const MEMORIES_KEPT = 20;

type Memories = Record<string, AlertMemory & { at: number }>;

function readAll(): Memories {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(MEMORY_KEY) ?? '{}');
    return raw && typeof raw === 'object' ? (raw as Memories) : {};
  } catch {
    return {};
  }
}

export function loadAlertMemory(token: string): AlertMemory {
  const m = readAll()[token];
  return m ? { near: !!m.near, calls: Number(m.calls) || 0, missed: !!m.missed } : FRESH_MEMORY;
}

export function saveAlertMemory(token: string, memory: AlertMemory): void {
  const all = readAll();
  all[token] = { ...memory, at: Date.now() };
  const newest = Object.entries(all)
    .sort((a, b) => b[1].at - a[1].at)
    .slice(0, MEMORIES_KEPT);
  localStorage.setItem(MEMORY_KEY, JSON.stringify(Object.fromEntries(newest)));
}

export type NotifyState = 'unsupported' | 'default' | 'granted' | 'denied';

export function notifyState(): NotifyState {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

export async function askNotifyPermission(): Promise<NotifyState> {
  if (typeof Notification === 'undefined') return 'unsupported';
  try {
    return await Notification.requestPermission();
  } catch {
    return notifyState();
  }
}

/** Buzz, and show a notification if allowed (some phone browsers only allow them from a service worker). */
export function deliverAlert(kind: 'near' | 'called' | 'missed', text: { title: string; body: string }, tag: string): void {
  const pattern = kind === 'called' ? [400, 200, 400, 200, 400] : [300, 150, 300];
  try {
    navigator.vibrate?.(pattern);
  } catch {
    // Vibration is a courtesy; the page shows the same thing.
  }
  if (notifyState() !== 'granted') return;
  try {
    new Notification(text.title, { body: text.body, tag, requireInteraction: kind === 'called' });
  } catch {
    // e.g. Android Chrome without a service worker: the in-page banner and vibration remain.
  }
}

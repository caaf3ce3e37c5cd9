// Messages to citizens outside the hall (WeChat template messages, SMS): the hall only says what happened;
// an adapter decides how it travels. Nothing personal beyond what the channel needs (the mobile number).

export type NoticeKind = 'booked' | 'reminder' | 'turn-near' | 'called' | 'missed';

export interface Notice {
  /** Unique and stable: a receiver can drop duplicates after a retry. */
  id: string;
  kind: NoticeKind;
  hallId: string;
  hallName: string;
  at: number;
  /** Where to reach the citizen, when known. */
  mobile: string | null;
  number?: string | undefined;
  windowId?: number | undefined;
  windowName?: string | undefined;
  ahead?: number | undefined;
  bookingCode?: string | undefined;
  slotStart?: number | undefined;
  categoryName?: string | undefined;
  liveUrl?: string | undefined;
}

export interface Notifier {
  /** Queues the notice; delivery is in order and retried by the adapter. */
  send(notice: Notice): void;
  /** Waits until everything queued so far was delivered or given up. */
  flush(): Promise<void>;
}

import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { RatingLevel } from '../../src-main/contracts';
import type { HallConnection } from '../shared/connection';
import { newRequestId } from '../shared/connection';
import { deviceCredentials } from '../shared/device-auth';
import { useHallStore } from '../shared/hall-store';
import type { EvaluatorEvent, EvaluatorState, MobileKey } from './evaluator-logic';
import { IDLE, evaluator, isLow, ratePayload, secondsLeft } from './evaluator-logic';
import { boundWindow, callWhileRating, screenLine } from './screen-logic';

const TICK_MS = 250;

/**
 * One window's screen: the window as the hall sees it, and the evaluator after each 办结 there. The
 * device key in the URL decides which window; the server never takes it from the page.
 */
export const useWindowScreenStore = defineStore('windowScreen', () => {
  const hall = useHallStore();
  const creds = deviceCredentials();
  /** Server time minus this screen's clock, from the last snapshot. */
  const offsetMs = ref(0);
  const now = ref(Date.now());
  const ev = shallowRef<EvaluatorState>(IDLE);
  let conn: HallConnection<'display'> | null = null;
  let timer: ReturnType<typeof setInterval> | undefined;

  const serverNow = () => Date.now() + offsetMs.value;
  const dispatch = (e: EvaluatorEvent) => {
    if ('now' in e) now.value = e.now;
    ev.value = evaluator(ev.value, e);
  };

  const window = computed(() => boundWindow(hall.snapshot));
  const line = computed(() => screenLine(window.value));
  const lowReasons = computed(() => hall.snapshot?.evaluation?.lowReasons ?? []);
  const countdown = computed(() => secondsLeft(ev.value, now.value));
  const nowCalling = computed(() => (ev.value.kind === 'rating' ? callWhileRating(window.value, ev.value.invite.number) : null));

  function start(): void {
    if (!creds || conn) return;
    conn = hall.connect('display', { hallId: creds.hallId, deviceId: creds.deviceId, deviceKey: creds.deviceKey });
    conn.socket.on('hall:snapshot', (s) => {
      offsetMs.value = s.serverTime - Date.now();
      dispatch({ type: 'snapshot', pending: s.pendingEvaluation ?? null, now: serverNow() });
    });
    conn.socket.on('evaluation:invite', (invite) => dispatch({ type: 'invite', invite, now: serverNow() }));
    conn.socket.on('evaluation:closed', (c) => dispatch({ type: 'closed', ticketId: c.ticketId, level: c.level, now: serverNow() }));
    timer = setInterval(() => {
      now.value = serverNow();
      dispatch({ type: 'tick', now: now.value });
    }, TICK_MS);
  }

  function stop(): void {
    clearInterval(timer);
    conn?.close();
    conn = null;
  }

  /** A good level is the whole rating (one touch); a low one opens the reasons first. */
  async function choose(level: RatingLevel): Promise<void> {
    dispatch({ type: 'choose', level });
    if (!isLow(level)) await submit();
  }

  async function submit(): Promise<void> {
    const before = ev.value;
    dispatch({ type: 'submit', requestId: newRequestId() });
    const payload = ratePayload(ev.value);
    if (ev.value === before || !payload || !conn) return;
    const ack = await conn.request('ticket:rate', payload);
    dispatch({ type: 'answered', ack, now: serverNow() });
  }

  return {
    creds,
    window,
    line,
    ev,
    lowReasons,
    countdown,
    nowCalling,
    start,
    stop,
    choose,
    submit,
    toggleReason: (reason: string) => dispatch({ type: 'toggleReason', reason }),
    back: () => dispatch({ type: 'back' }),
    askMobile: () => dispatch({ type: 'askMobile' }),
    closeMobile: () => dispatch({ type: 'closeMobile' }),
    mobileKey: (key: MobileKey) => dispatch({ type: 'mobileKey', key }),
    /** 跳过: the rating goes without a number (anonymous). */
    skipMobile: async () => {
      dispatch({ type: 'mobileKey', key: 'clear' });
      await submit();
    },
  };
});

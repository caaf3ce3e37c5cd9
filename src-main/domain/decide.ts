import type { HallCommand } from './commands';
import { decideCallNext, decideCallNumber, decideFinish, decideNoShow, decideRecall, decideStart, decideTransfer } from './decide-call';
import { decideBooking } from './booking/decide-booking';
import { decideCheckInBooking, decideCheckInTicket } from './decide-check-in';
import { decideIssue } from './decide-issue';
import { decideCase } from './decide-case';
import { decideRate } from './decide-rating';
import { decideCancel, decideCloseDay, decideReactivate } from './decide-ticket';
import { decideCloseWindow, decideOpenWindow, decidePause, decideResume } from './decide-window';
import type { DecideContext, Decision } from './decision';
import { assertNever } from './events';
import type { HallState } from './state';

/** Pure: the same command, state and context always give the same decision; the state is not touched. */
export function decide(cmd: HallCommand, state: HallState, ctx: DecideContext): Decision {
  switch (cmd.type) {
    case 'IssueTicket':
      return decideIssue(cmd, state, ctx);
    case 'OpenWindow':
      return decideOpenWindow(cmd, state, ctx);
    case 'CloseWindow':
      return decideCloseWindow(cmd, state, ctx);
    case 'PauseWindow':
      return decidePause(cmd, state, ctx);
    case 'ResumeWindow':
      return decideResume(cmd, state, ctx);
    case 'CallNext':
      return decideCallNext(cmd, state, ctx);
    case 'CallNumber':
      return decideCallNumber(cmd, state, ctx);
    case 'Recall':
      return decideRecall(cmd, state, ctx);
    case 'MarkNoShow':
      return decideNoShow(cmd, state, ctx);
    case 'StartService':
      return decideStart(cmd, state, ctx);
    case 'FinishService':
      return decideFinish(cmd, state, ctx);
    case 'Transfer':
      return decideTransfer(cmd, state, ctx);
    case 'Reactivate':
      return decideReactivate(cmd, state, ctx);
    case 'CancelTicket':
      return decideCancel(cmd, state, ctx);
    case 'RateService':
      return decideRate(cmd, state, ctx);
    case 'MakeBooking':
    case 'CancelBooking':
    case 'RescheduleBooking':
    case 'SweepBookings':
      return decideBooking(cmd, state.book, { now: ctx.now, rules: ctx.rules, booking: ctx.rules.booking });
    case 'CheckInBooking':
      return decideCheckInBooking(cmd, state, ctx);
    case 'CheckInTicket':
      return decideCheckInTicket(cmd, state, ctx);
    case 'CloseDay':
      return decideCloseDay(state, ctx);
    case 'VerifyCase':
    case 'AppealCase':
    case 'DecideAppeal':
    case 'AnswerCase':
    case 'ReviewCase':
    case 'CloseCase':
      return decideCase(cmd, state, ctx);
    default:
      return assertNever(cmd);
  }
}

import type { Notice, Notifier } from '../../app/notifier';
import { maskMobile } from '../../domain';
import type { Logger } from '../logger';

/** For the demo hall: notices go to the log (mobile number masked, booking code and live link left out). */
export class LogNotifier implements Notifier {
  readonly sent: Notice[] = [];

  constructor(private readonly log: Logger) {}

  send(notice: Notice): void {
    this.sent.push(notice);
    if (this.sent.length > 1000) this.sent.splice(0, this.sent.length - 1000);
    // Without its capabilities: the booking code checks a booking in, the live page's link is its key.
    const { bookingCode: _code, liveUrl: _url, ...shown } = notice;
    this.log.info({ notice: { ...shown, mobile: notice.mobile ? maskMobile(notice.mobile) : null, hasBookingCode: Boolean(_code), hasLiveUrl: Boolean(_url) } }, 'notice');
  }

  async flush(): Promise<void> {}
}

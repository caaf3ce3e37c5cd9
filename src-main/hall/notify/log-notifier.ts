import type { Notice, Notifier } from '../../app/notifier';
import { maskMobile } from '../../domain';
import type { Logger } from '../logger';

/** For the demo hall: notices go to the log (mobile number masked). */
export class LogNotifier implements Notifier {
  readonly sent: Notice[] = [];

  constructor(private readonly log: Logger) {}

  send(notice: Notice): void {
    this.sent.push(notice);
    if (this.sent.length > 1000) this.sent.splice(0, this.sent.length - 1000);
    this.log.info({ notice: { ...notice, mobile: notice.mobile ? maskMobile(notice.mobile) : null } }, 'notice');
  }

  async flush(): Promise<void> {}
}

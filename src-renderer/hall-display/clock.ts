// The hall clock: the hall's time zone (a screen may be set to UTC), corrected by the server's clock (a screen's
// own clock may be minutes off, and citizens compare it with their phones).

/** How far the server's clock is ahead of this device's, from a snapshot's serverTime. */
export function clockOffset(serverTime: number, receivedAt: number): number {
  return serverTime - receivedAt;
}

export interface ClockFace {
  time: string;
  date: string;
  dateEn: string;
}

const formats = new Map<string, { time: Intl.DateTimeFormat; date: Intl.DateTimeFormat; dateEn: Intl.DateTimeFormat }>();

function formatsFor(timeZone: string) {
  let f = formats.get(timeZone);
  if (!f) {
    f = {
      time: new Intl.DateTimeFormat('zh-CN', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }),
      date: new Intl.DateTimeFormat('zh-CN', { timeZone, year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' }),
      dateEn: new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }),
    };
    formats.set(timeZone, f);
  }
  return f;
}

export function clockFace(now: number, timeZone: string): ClockFace {
  let f;
  try {
    f = formatsFor(timeZone);
  } catch {
    f = formatsFor('Asia/Shanghai'); // the server checks the zone; this guards a browser without it
  }
  const d = new Date(now);
  return { time: f.time.format(d), date: f.date.format(d).replace(/日(?=星期)/, '日 '), dateEn: f.dateEn.format(d) };
}

const shortTimes = new Map<string, Intl.DateTimeFormat>();

/** 14:03 in the hall's zone, for the call history. */
export function shortTime(at: number, timeZone: string): string {
  let f = shortTimes.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('zh-CN', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    } catch {
      f = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    }
    shortTimes.set(timeZone, f);
  }
  return f.format(new Date(at));
}

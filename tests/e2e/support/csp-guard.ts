import { test as base, expect, type BrowserContext } from '@playwright/test';

// Every page of the e2e run is watched for Content-Security-Policy violations (Chromium reports each one in
// the console): a test that produced one fails, naming it. Contexts a spec opens itself are watched too.

const CSP_MESSAGE = /Content Security Policy|Refused to (load|execute|apply|connect|frame|evaluate|create)/i;

interface Watch {
  violations: string[];
}

const watched = new WeakSet<BrowserContext>();

function watch(context: BrowserContext, into: Watch): void {
  if (watched.has(context)) return;
  watched.add(context);
  context.on('console', (msg) => {
    if (CSP_MESSAGE.test(msg.text())) into.violations.push(`${msg.location().url}: ${msg.text()}`);
  });
}

export const test = base.extend<{ cspCheck: void }, { cspWatch: Watch }>({
  cspWatch: [
    async ({ browser }, use) => {
      const seen: Watch = { violations: [] };
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (...args: Parameters<typeof newContext>) => {
        const context = await newContext(...args);
        watch(context, seen);
        return context;
      };
      await use(seen);
      browser.newContext = newContext;
    },
    { scope: 'worker', auto: true },
  ],
  cspCheck: [
    async ({ context, cspWatch }, use) => {
      watch(context, cspWatch);
      const before = cspWatch.violations.length;
      await use();
      expect(cspWatch.violations.slice(before), 'Content-Security-Policy violations in the browser console').toEqual([]);
    },
    { auto: true },
  ],
});

import { expect } from '@playwright/test';
import { test } from './support/csp-guard';

// The guard itself: a page whose inline script the policy refuses fails its test (so test.fail passes).
test('a CSP violation in the console fails the test', async ({ page }) => {
  test.fail();
  await page.route('http://csp-probe.test/', (route) =>
    route.fulfill({ contentType: 'text/html', headers: { 'content-security-policy': "script-src 'self'" }, body: '<!doctype html><p>probe</p><script>document.title = "ran"</script>' }),
  );
  await page.goto('http://csp-probe.test/');
  await expect(page.locator('p')).toHaveText('probe');
  expect(await page.title()).not.toBe('ran');
});

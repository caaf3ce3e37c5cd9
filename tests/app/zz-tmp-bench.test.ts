import { it } from 'vitest';
import { compileRules } from '../../src-main/domain';
import { rulesFromConfig } from '../../src-main/app/config-rules';
import { daySlots } from '../../src-main/app/booking-views';
import { restoreState } from '../../src-main/domain';
import { demoConfig } from '../../tests/support/hall-fixture';
it('times', () => {
  const rules = compileRules(rulesFromConfig(demoConfig()));
  const state = restoreState(rules, { tickets: [], windows: [], bookings: [], recentServiceMs: {}, serviceDay: '2026-11-23' });
  const now = Date.UTC(2026, 10, 23, 1, 0, 0);
  for (let k = 0; k < 3; k++) {
    const t = performance.now();
    for (let i = 0; i < 20; i++) daySlots(state, rules, 'A', now + i);
    console.log('daySlots ms', (performance.now() - t) / 20, daySlots(state, rules, 'A', now).reduce((n, d) => n + d.slots.length, 0));
  }
});

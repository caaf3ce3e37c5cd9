import { describe, expect, it } from 'vitest';
import { catalogueConflicts, mergeCatalogue } from '../../../src-main/app/admin/catalogue-merge';
import { validateConfig } from '../../../src-main/app/admin/config-editor';
import type { Catalogue, CatalogueInput, HallConfig } from '../../../src-main/contracts';
import { catalogueSchema } from '../../../src-main/contracts';
import { demoConfig } from '../../support/hall-fixture';

// The city's catalogue over a hall's config: what the city decides comes from the catalogue, what is local
// stays the hall's, and a catalogue that would leave a window serving a category it drops is refused.

/** A small township hall: three categories, three windows, its own hours and caps. */
function townHall(): HallConfig {
  return demoConfig((c) => {
    c.id = 'town-a';
    c.categories = c.categories.filter((k) => ['A', 'C', 'E'].includes(k.id)).map((k) => ({ ...k, dailyCap: k.id === 'A' ? 55 : 77 }));
    c.windows = [
      { id: 1, name: '综合一窗', categories: ['A', 'E'] },
      { id: 2, name: '社保窗', categories: ['C'] },
      { id: 3, name: '综合二窗', categories: ['E'] },
    ];
    c.devices = c.devices!.filter((d) => d.windowId === undefined || d.windowId <= 3);
    c.openingHours = { ...c.openingHours, sat: { periods: [] }, sun: { periods: [] } };
    c.closedDates = ['2026-03-03'];
    c.booking = { ...c.booking, quotaByCategory: { C: 3 } };
  });
}

function catalogue(edit: (c: CatalogueInput) => void = () => {}): Catalogue {
  const input: CatalogueInput = {
    categories: [
      { id: 'A', name: '企业开办', nameEn: 'Starting a business', defaultServiceMinutes: 12, dailyCap: 300, matters: [{ id: 'A01', name: '企业设立登记' }] },
      { id: 'C', name: '社保医保', nameEn: 'Social insurance', defaultServiceMinutes: 9, matters: [{ id: 'C01', name: '参保登记' }] },
      { id: 'E', name: '综合服务', nameEn: 'General services', defaultServiceMinutes: 10, matters: [] },
      { id: 'F', name: '民政服务', nameEn: 'Civil affairs', defaultServiceMinutes: 15, dailyCap: 40, matters: [{ id: 'F01', name: '低保申请' }] },
    ],
    closedDates: ['2026-01-01', '2026-02-17'],
    specialDays: { '2026-02-15': { periods: [['09:00', '17:00']] } },
    lowRatingReasons: ['等候时间长', '服务态度差'],
    supervision: { waitYellowMinutes: 20, waitRedMinutes: 40, serviceLimitMinutes: 25, serviceLimitByCategory: { F: 45 }, pauseLimitMinutes: 15 },
  };
  edit(input);
  return catalogueSchema.parse(input);
}

const merged = (config: HallConfig, cat: Catalogue): HallConfig => {
  const checked = validateConfig(mergeCatalogue(config, cat));
  if (!checked.ok) throw new Error(checked.failure.messageEn);
  return checked.config;
};

describe('mergeCatalogue', () => {
  it('takes the categories, holidays, special days, low-rating reasons and supervision from the catalogue', () => {
    const after = merged(townHall(), catalogue());
    expect(after.categories.map((c) => c.id)).toEqual(['A', 'C', 'E', 'F']);
    expect(after.categories[0]).toMatchObject({ name: '企业开办', nameEn: 'Starting a business', defaultServiceMinutes: 12, matters: [{ id: 'A01', name: '企业设立登记' }] });
    expect(after.closedDates).toEqual(['2026-01-01', '2026-02-17']);
    expect(after.booking.specialDays).toEqual({ '2026-02-15': { periods: [['09:00', '17:00']] } });
    expect(after.evaluation.lowReasons).toEqual(['等候时间长', '服务态度差']);
    expect(after.supervision).toEqual({ waitYellowMinutes: 20, waitRedMinutes: 40, serviceLimitMinutes: 25, serviceLimitByCategory: { F: 45 }, pauseLimitMinutes: 15 });
  });

  it('keeps the hall\'s windows, accounts, devices, hours, other settings and its own daily caps', () => {
    const before = townHall();
    const after = merged(before, catalogue());
    expect(after.windows).toEqual(before.windows);
    expect(after.accounts).toEqual(before.accounts);
    expect(after.devices).toEqual(before.devices);
    expect(after.openingHours).toEqual(before.openingHours);
    expect(after.id).toBe('town-a');
    expect(after.name).toBe(before.name);
    expect(after.queue).toEqual(before.queue);
    expect(after.booking).toEqual({ ...before.booking, specialDays: { '2026-02-15': { periods: [['09:00', '17:00']] } } });
    expect(after.evaluation.timeoutSeconds).toBe(before.evaluation.timeoutSeconds);
    expect(after.secrets).toEqual(before.secrets);
    // The hall's own caps for categories it had; the catalogue's for a new one (its default when it gives none).
    expect(after.categories.map((c) => [c.id, c.dailyCap])).toEqual([
      ['A', 55],
      ['C', 77],
      ['E', 77],
      ['F', 40],
    ]);
  });

  it('is pure: neither the config nor the catalogue is changed, and nothing is shared with the catalogue', () => {
    const config = townHall();
    const cat = catalogue();
    const configCopy = structuredClone(config);
    const catCopy = structuredClone(cat);
    const raw = mergeCatalogue(config, cat) as HallConfig;
    expect(config).toEqual(configCopy);
    expect(cat).toEqual(catCopy);
    raw.supervision.serviceLimitByCategory.F = 1;
    raw.categories[0]!.matters.push({ id: 'X', name: 'x' });
    expect(cat).toEqual(catCopy);
  });

  it('drops a category no window serves, with its booking quota', () => {
    const config = townHall();
    const cat = catalogue((c) => {
      c.categories = c.categories.filter((k) => k.id !== 'C');
    });
    config.windows = config.windows.filter((w) => w.id !== 2);
    config.devices = config.devices.filter((d) => d.windowId !== 2);
    expect(catalogueConflicts(config, cat)).toBeNull();
    const after = merged(config, cat);
    expect(after.categories.map((c) => c.id)).toEqual(['A', 'E', 'F']);
    expect(after.booking.quotaByCategory).toEqual({});
  });

  it('refuses a catalogue that drops a category a window still serves, naming the category and the window', () => {
    const config = townHall();
    const cat = catalogue((c) => {
      c.categories = c.categories.filter((k) => k.id !== 'E');
    });
    const conflict = catalogueConflicts(config, cat);
    expect(conflict).toMatchObject({ code: 'CATALOGUE_CONFLICT', details: { categories: 'E' } });
    expect(conflict!.message).toContain('业务类别 E');
    expect(conflict!.message).toContain('窗口 1（综合一窗）、3（综合二窗）');
    expect(conflict!.messageEn).toContain('category E is still served by windows 1, 3');
    // The hall's own validation says the same of the merged config.
    const checked = validateConfig(mergeCatalogue(config, cat));
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.failure.issues!.map((i) => i.path)).toEqual(['windows[0].categories[1]', 'windows[2].categories[0]']);
  });

  it('a catalogue that keeps every category a window serves has no conflict', () => {
    expect(catalogueConflicts(townHall(), catalogue())).toBeNull();
  });
});

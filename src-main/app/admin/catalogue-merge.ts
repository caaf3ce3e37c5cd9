import type { Catalogue, HallConfig } from '../../contracts';
import type { Failure } from '../admin-ports';

// The city's catalogue (事项目录) over a hall's own config. The city decides what is offered and how it is
// supervised; the hall keeps what is local to it. Pure: the result is validated and applied by
// HallConfigService.applyCatalogue like any admin change.
//
// From the catalogue: the categories (id, names, matters, default service minutes; in the catalogue's
// order), the public holidays (closedDates), booking.specialDays (调休 and special hours), the reasons of a
// low rating (evaluation.lowReasons) and the 电子监察 thresholds (supervision).
// The hall's own: windows, accounts, devices, opening hours, every other setting, and the daily cap of a
// category it already had (a new category takes the catalogue's cap). Booking quotas of a category the
// catalogue drops are dropped with it; a window serving a dropped category is a refusal
// (catalogueConflicts), never silently changed.

/** The hall config with the catalogue merged in, not yet validated. */
export function mergeCatalogue(config: HallConfig, catalogue: Catalogue): unknown {
  const own = new Map(config.categories.map((c) => [c.id, c]));
  const offered = new Set(catalogue.categories.map((c) => c.id));
  const categories = catalogue.categories.map((c) => ({
    id: c.id,
    name: c.name,
    nameEn: c.nameEn,
    defaultServiceMinutes: c.defaultServiceMinutes,
    dailyCap: own.get(c.id)?.dailyCap ?? c.dailyCap,
    matters: c.matters.map((m) => ({ ...m })),
  }));
  const quotaByCategory = Object.fromEntries(Object.entries(config.booking.quotaByCategory).filter(([id]) => offered.has(id)));
  return {
    ...config,
    categories,
    closedDates: [...catalogue.closedDates],
    booking: { ...config.booking, quotaByCategory, specialDays: structuredClone(catalogue.specialDays) },
    evaluation: { ...config.evaluation, lowReasons: [...catalogue.lowRatingReasons] },
    supervision: structuredClone(catalogue.supervision),
  };
}

/** Categories the hall has and the catalogue drops, with the windows that serve them. */
export function droppedCategories(config: HallConfig, catalogue: Catalogue): Array<{ categoryId: string; windows: Array<{ id: number; name: string }> }> {
  const offered = new Set(catalogue.categories.map((c) => c.id));
  return config.categories
    .filter((c) => !offered.has(c.id))
    .map((c) => ({ categoryId: c.id, windows: config.windows.filter((w) => w.categories.includes(c.id)).map((w) => ({ id: w.id, name: w.name })) }));
}

/**
 * Why the catalogue cannot be applied to this hall as it is, or null: a window serves a category the
 * catalogue drops (the hall's admin reassigns the window first; then the same version applies).
 */
export function catalogueConflicts(config: HallConfig, catalogue: Catalogue): Failure | null {
  const served = droppedCategories(config, catalogue).filter((d) => d.windows.length > 0);
  if (served.length === 0) return null;
  const zh = served.map((d) => `业务类别 ${d.categoryId} 仍由窗口 ${d.windows.map((w) => `${w.id}（${w.name}）`).join('、')} 办理`).join('；');
  const en = served.map((d) => `category ${d.categoryId} is still served by window${d.windows.length > 1 ? 's' : ''} ${d.windows.map((w) => w.id).join(', ')}`).join('; ');
  return {
    code: 'CATALOGUE_CONFLICT',
    message: `城市事项目录不再包含本厅的部分业务类别：${zh}。请先调整这些窗口的业务类别。`,
    messageEn: `The city's catalogue drops categories this hall still serves: ${en}. Reassign those windows first.`,
    details: { categories: served.map((d) => d.categoryId).join(',') },
  };
}

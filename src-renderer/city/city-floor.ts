import type { CityFloorView, CityHallView } from '../../src-main/contracts';

// The drill-down into one hall: which floor the page shows while it watches a hall.

/**
 * A floor (the `city:watch` answer or a `city:floor` push) is shown when it is the watched hall's and not
 * older than the one shown: a push for a hall the page stopped watching, or one overtaken by a fresher
 * answer, is dropped.
 */
export function acceptFloor(watching: string | null, current: CityFloorView | null, incoming: CityFloorView): boolean {
  if (watching === null || incoming.hallId !== watching) return false;
  return current === null || current.hallId !== incoming.hallId || incoming.snapshot.seq >= current.snapshot.seq;
}

/** The watched hall's row of the overview, for the drill-down's header (its link state, its last contact). */
export function watchedHall(halls: readonly CityHallView[], watching: string | null): CityHallView | null {
  return watching === null ? null : (halls.find((h) => h.id === watching) ?? null);
}

import type { CityMemberRecord } from '../../app/link-ports';
import type { Catalogue, HallProfile, PublishedCatalogue } from '../../contracts';

/** A row of `city_catalogues` (migration 8), as both stores read it. */
export interface CityCatalogueRow {
  city_id: string;
  version: number;
  published_at: number;
  published_by: string;
  /** The catalogue as JSON text (checked with catalogueSchema before it was published). */
  catalogue: string;
}

/** A row of `city_members` (migration 8). */
export interface CityMemberRow {
  hall_id: string;
  /** JSON of HallProfile, or null before the hall's first hello. */
  profile: string | null;
  last_contact: number | null;
  /** JSON of CityMemberRecord['status'], or null. */
  status: string | null;
}

export const rowToPublishedCatalogue = (r: CityCatalogueRow): PublishedCatalogue => ({
  version: Number(r.version),
  publishedAt: Number(r.published_at),
  publishedBy: r.published_by,
  catalogue: JSON.parse(r.catalogue) as Catalogue,
});

function parseJson<T>(text: string | null): T | null {
  if (text === null) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    // A damaged value is as good as none: the hall's next hello or status replaces it.
    return null;
  }
}

export const rowToCityMember = (r: CityMemberRow): CityMemberRecord => ({
  hallId: r.hall_id,
  profile: parseJson<HallProfile>(r.profile),
  lastContactAt: r.last_contact === null ? null : Number(r.last_contact),
  status: parseJson<CityMemberRecord['status']>(r.status),
});

export const statusText = (status: CityMemberRecord['status'] | undefined): string | null => (status ? JSON.stringify(status) : null);

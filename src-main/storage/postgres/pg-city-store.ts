import type pg from 'pg';
import type { CityMemberRecord, CityNonceStore, CityStore, CityViewRow, CityViewStore } from '../../app/link-ports';
import type { Catalogue, HallProfile, PublishedCatalogue } from '../../contracts';
import type { CityCatalogueRow, CityMemberRow } from '../rows/city-rows';
import { rowToCityMember, rowToPublishedCatalogue, statusText } from '../rows/city-rows';
import type { PgDb } from './pg-database';

const UNIQUE_VIOLATION = '23505';

/** The city's catalogues and members, as SqliteCityStore keeps them. */
export class PgCityStore implements CityStore {
  private readonly pool: pg.Pool;

  constructor(db: PgDb) {
    this.pool = db.pool;
  }

  async latestCatalogue(cityId: string): Promise<PublishedCatalogue | undefined> {
    const { rows } = await this.pool.query<CityCatalogueRow>({
      name: 'hq_city_latest_catalogue',
      text: `SELECT * FROM city_catalogues WHERE city_id = $1 ORDER BY version DESC LIMIT 1`,
      values: [cityId],
    });
    return rows[0] ? rowToPublishedCatalogue(rows[0]) : undefined;
  }

  async publishCatalogue(cityId: string, catalogue: Catalogue, at: number, by: string): Promise<PublishedCatalogue> {
    // Two publishers at once would both take MAX + 1: the second meets the key and takes the next number.
    for (let attempt = 0; ; attempt++) {
      try {
        const { rows } = await this.pool.query<CityCatalogueRow>({
          name: 'hq_city_publish_catalogue',
          text: `INSERT INTO city_catalogues (city_id, version, published_at, published_by, catalogue)
                 VALUES ($1, (SELECT COALESCE(MAX(version), 0) + 1 FROM city_catalogues WHERE city_id = $1), $2, $3, $4)
                 RETURNING *`,
          values: [cityId, at, by, JSON.stringify(catalogue)],
        });
        return rowToPublishedCatalogue(rows[0]!);
      } catch (err) {
        if (attempt >= 4 || (err as { code?: unknown }).code !== UNIQUE_VIOLATION) throw err;
      }
    }
  }

  async publishFirstCatalogue(cityId: string, catalogue: Catalogue, at: number, by: string): Promise<PublishedCatalogue | undefined> {
    const { rows } = await this.pool.query<CityCatalogueRow>({
      name: 'hq_city_publish_first_catalogue',
      text: `INSERT INTO city_catalogues (city_id, version, published_at, published_by, catalogue)
             SELECT $1, 1, $2, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM city_catalogues WHERE city_id = $1)
             ON CONFLICT DO NOTHING
             RETURNING *`,
      values: [cityId, at, by, JSON.stringify(catalogue)],
    });
    return rows[0] ? rowToPublishedCatalogue(rows[0]) : undefined;
  }

  async loadMembers(): Promise<CityMemberRecord[]> {
    const { rows } = await this.pool.query<CityMemberRow>(`SELECT * FROM city_members ORDER BY hall_id`);
    return rows.map(rowToCityMember);
  }

  async saveProfile(hallId: string, profile: HallProfile, at: number): Promise<void> {
    await this.pool.query({
      name: 'hq_city_save_profile',
      text: `INSERT INTO city_members (hall_id, profile, last_contact, status) VALUES ($1, $2, $3, NULL)
             ON CONFLICT (hall_id) DO UPDATE SET profile = EXCLUDED.profile,
               last_contact = GREATEST(COALESCE(city_members.last_contact, 0), EXCLUDED.last_contact)`,
      values: [hallId, JSON.stringify(profile), at],
    });
  }

  async saveContact(hallId: string, at: number, status: CityMemberRecord['status'] | undefined): Promise<void> {
    await this.pool.query({
      name: 'hq_city_save_contact',
      text: `INSERT INTO city_members (hall_id, profile, last_contact, status) VALUES ($1, NULL, $2, $3)
             ON CONFLICT (hall_id) DO UPDATE SET last_contact = GREATEST(COALESCE(city_members.last_contact, 0), EXCLUDED.last_contact),
               status = COALESCE(EXCLUDED.status, city_members.status)`,
      values: [hallId, at, statusText(status)],
    });
  }
}

/**
 * What the servers of one city share besides the halls' data: city_hall_views (each hall's part of the
 * overview, published by the server running it) and city_link_nonces.
 */
export class PgCityViews implements CityViewStore, CityNonceStore {
  private readonly pool: pg.Pool;

  constructor(db: PgDb) {
    this.pool = db.pool;
  }

  async publish(hallId: string, owner: string, view: string): Promise<void> {
    await this.pool.query({
      name: 'hq_city_view_publish',
      text: `INSERT INTO city_hall_views (hall_id, owner, view) VALUES ($1, $2, $3)
             ON CONFLICT (hall_id) DO UPDATE SET owner = EXCLUDED.owner, view = EXCLUDED.view, version = nextval('city_hall_view_versions')`,
      values: [hallId, owner, view],
    });
  }

  async since(version: number): Promise<CityViewRow[]> {
    const { rows } = await this.pool.query<{ hall_id: string; owner: string; view: string; version: string }>({
      name: 'hq_city_view_since',
      text: `SELECT hall_id, owner, view, version FROM city_hall_views WHERE version > $1 ORDER BY version`,
      values: [version],
    });
    return rows.map((r) => ({ hallId: r.hall_id, owner: r.owner, view: r.view, version: Number(r.version) }));
  }

  async claim(hallId: string, nonce: string, at: number): Promise<boolean> {
    const r = await this.pool.query({
      name: 'hq_city_nonce_claim',
      text: `INSERT INTO city_link_nonces (hall_id, nonce, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      values: [hallId, nonce, at],
    });
    return r.rowCount === 1;
  }

  async forget(before: number): Promise<void> {
    await this.pool.query({ name: 'hq_city_nonce_forget', text: `DELETE FROM city_link_nonces WHERE at < $1`, values: [before] });
  }
}

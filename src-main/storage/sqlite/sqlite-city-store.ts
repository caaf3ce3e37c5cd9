import type { CityMemberRecord, CityStore } from '../../app/link-ports';
import type { Catalogue, HallProfile, PublishedCatalogue } from '../../contracts';
import type { CityCatalogueRow, CityMemberRow } from '../rows/city-rows';
import { rowToCityMember, rowToPublishedCatalogue, statusText } from '../rows/city-rows';
import type { Db } from './open-database';

/** At a city platform: the catalogue versions it published and what it knows of each member hall (migration 8). */
export class SqliteCityStore implements CityStore {
  private readonly latest;
  private readonly insertCatalogue;
  private readonly members;
  private readonly upsertProfile;
  private readonly upsertContact;

  constructor(private readonly db: Db) {
    this.latest = db.prepare(`SELECT * FROM city_catalogues WHERE city_id = ? ORDER BY version DESC LIMIT 1`);
    this.insertCatalogue = db.prepare(
      `INSERT INTO city_catalogues (city_id, version, published_at, published_by, catalogue)
       VALUES (?, (SELECT COALESCE(MAX(version), 0) + 1 FROM city_catalogues WHERE city_id = ?), ?, ?, ?)
       RETURNING *`,
    );
    this.members = db.prepare(`SELECT * FROM city_members ORDER BY hall_id`);
    this.upsertProfile = db.prepare(
      `INSERT INTO city_members (hall_id, profile, last_contact, status) VALUES (?, ?, ?, NULL)
       ON CONFLICT (hall_id) DO UPDATE SET profile = excluded.profile, last_contact = MAX(COALESCE(last_contact, 0), excluded.last_contact)`,
    );
    this.upsertContact = db.prepare(
      `INSERT INTO city_members (hall_id, profile, last_contact, status) VALUES (?, NULL, ?, ?)
       ON CONFLICT (hall_id) DO UPDATE SET last_contact = MAX(COALESCE(last_contact, 0), excluded.last_contact),
         status = COALESCE(excluded.status, status)`,
    );
  }

  latestCatalogue(cityId: string): PublishedCatalogue | undefined {
    const r = this.latest.get(cityId) as CityCatalogueRow | undefined;
    return r ? rowToPublishedCatalogue(r) : undefined;
  }

  publishCatalogue(cityId: string, catalogue: Catalogue, at: number, by: string): PublishedCatalogue {
    // One statement: the next number is taken and written in the same write transaction.
    const r = this.insertCatalogue.get(cityId, cityId, at, by, JSON.stringify(catalogue)) as CityCatalogueRow;
    return rowToPublishedCatalogue(r);
  }

  loadMembers(): CityMemberRecord[] {
    return (this.members.all() as CityMemberRow[]).map(rowToCityMember);
  }

  saveProfile(hallId: string, profile: HallProfile, at: number): void {
    this.upsertProfile.run(hallId, JSON.stringify(profile), at);
  }

  saveContact(hallId: string, at: number, status: CityMemberRecord['status'] | undefined): void {
    this.upsertContact.run(hallId, at, statusText(status));
  }
}

// STUB — the city helper implements this (tables city_catalogues and city_members, migration 8).
import type { CityMemberRecord, CityStore } from '../../app/link-ports';
import type { Catalogue, HallProfile, PublishedCatalogue } from '../../contracts';
import type { Db } from './open-database';

export class SqliteCityStore implements CityStore {
  constructor(private readonly db: Db) {}

  latestCatalogue(_cityId: string): PublishedCatalogue | undefined {
    throw new Error('not implemented yet');
  }

  publishCatalogue(_cityId: string, _catalogue: Catalogue, _at: number, _by: string): PublishedCatalogue {
    throw new Error('not implemented yet');
  }

  loadMembers(): CityMemberRecord[] {
    throw new Error('not implemented yet');
  }

  saveProfile(_hallId: string, _profile: HallProfile, _at: number): void {
    throw new Error('not implemented yet');
  }

  saveContact(_hallId: string, _at: number, _status: CityMemberRecord['status'] | undefined): void {
    throw new Error('not implemented yet');
  }
}

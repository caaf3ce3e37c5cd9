import type { Catalogue, CatalogueState, HallProfile, PublishedCatalogue } from '../contracts';
import type { AlertView } from '../contracts';

// Storage of the edge ↔ city link (migration 8): the township hall's upload position and catalogue, the
// city's published catalogues and what it knows of each member hall. Sync or async (SQLite or PostgreSQL).

type MaybePromise<T> = T | Promise<T>;

/** At the township hall: how far the city has acknowledged, and which catalogue is in force. */
export interface UplinkState {
  hallId: string;
  ackedSeq: number;
  catalogue: CatalogueState;
  updatedAt: number;
}

export interface UplinkStateStore {
  load(hallId: string): MaybePromise<UplinkState | undefined>;
  save(state: UplinkState): MaybePromise<void>;
}

/** What the city keeps of a member hall besides its mirrored events. */
export interface CityMemberRecord {
  hallId: string;
  /** From the hall's last hello; null before the first. */
  profile: HallProfile | null;
  lastContactAt: number | null;
  /** The hall's last status (alerts, backlog, catalogue), as it sent it. */
  status: { at: number; lastSeq: number; backlog: number; alerts: AlertView[]; catalogue: CatalogueState } | null;
}

export interface CityStore {
  latestCatalogue(cityId: string): MaybePromise<PublishedCatalogue | undefined>;
  /** Stores the next version (latest + 1, in one transaction) and returns it. */
  publishCatalogue(cityId: string, catalogue: Catalogue, at: number, by: string): MaybePromise<PublishedCatalogue>;
  loadMembers(): MaybePromise<CityMemberRecord[]>;
  saveProfile(hallId: string, profile: HallProfile, at: number): MaybePromise<void>;
  saveContact(hallId: string, at: number, status: CityMemberRecord['status'] | undefined): MaybePromise<void>;
}

export interface LinkStores {
  uplink: UplinkStateStore;
  city: CityStore;
}

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
  /**
   * Stores `catalogue` as version 1 unless a version is stored already (several servers of one city starting
   * together publish the city file's catalogue once); undefined when one was. Optional: a store without it
   * is used by one server, which checks and publishes in turn.
   */
  publishFirstCatalogue?(cityId: string, catalogue: Catalogue, at: number, by: string): MaybePromise<PublishedCatalogue | undefined>;
  loadMembers(): MaybePromise<CityMemberRecord[]>;
  saveProfile(hallId: string, profile: HallProfile, at: number): MaybePromise<void>;
  saveContact(hallId: string, at: number, status: CityMemberRecord['status'] | undefined): MaybePromise<void>;
}

/** One member hall's part of the city overview as the server running it published it (PostgreSQL cities). */
export interface CityViewRow {
  hallId: string;
  owner: string;
  /** JSON (city/city-share.ts: PublishedHall). */
  view: string;
  version: number;
}

/** The city overview's shared table: each server publishes the halls it runs and reads everyone's. */
export interface CityViewStore {
  publish(hallId: string, owner: string, view: string): Promise<void>;
  /** Rows published after `version` (0: all), oldest first. */
  since(version: number): Promise<CityViewRow[]>;
}

/** The nonces of linked halls' requests, shared by the servers of a city on PostgreSQL. */
export interface CityNonceStore {
  /** Records the nonce; false when the hall used it before. */
  claim(hallId: string, nonce: string, at: number): Promise<boolean>;
  /** Forgets nonces of requests made before `before` (they are refused by their time anyway). */
  forget(before: number): Promise<void>;
}

export interface LinkStores {
  uplink: UplinkStateStore;
  city: CityStore;
}

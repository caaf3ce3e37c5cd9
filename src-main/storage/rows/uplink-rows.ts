import type { UplinkState } from '../../app/link-ports';

/** A row of `uplink_state` (migration 8), as both stores read and write it. */
export interface UplinkStateRow {
  hall_id: string;
  acked_seq: number;
  catalogue_version: number | null;
  /** JSON of CatalogueState['refused'], or null. */
  catalogue_refused: string | null;
  updated_at: number;
}

type Refused = UplinkState['catalogue']['refused'];

function parseRefused(text: string | null): Refused {
  if (!text) return null;
  try {
    const r = JSON.parse(text) as Partial<NonNullable<Refused>> | null;
    if (!r || typeof r.version !== 'number' || typeof r.message !== 'string' || typeof r.messageEn !== 'string') return null;
    return { version: r.version, message: r.message, messageEn: r.messageEn };
  } catch {
    return null;
  }
}

export const rowToUplinkState = (r: UplinkStateRow): UplinkState => ({
  hallId: r.hall_id,
  ackedSeq: Number(r.acked_seq),
  catalogue: { version: r.catalogue_version === null ? null : Number(r.catalogue_version), refused: parseRefused(r.catalogue_refused) },
  updatedAt: Number(r.updated_at),
});

export const uplinkStateToRow = (s: UplinkState): UplinkStateRow => ({
  hall_id: s.hallId,
  acked_seq: s.ackedSeq,
  catalogue_version: s.catalogue.version,
  catalogue_refused: s.catalogue.refused ? JSON.stringify(s.catalogue.refused) : null,
  updated_at: s.updatedAt,
});

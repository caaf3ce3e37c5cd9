import { z } from 'zod';
import { hallConfigSchema } from './hall-config';

// The city's catalogue (事项目录): what every linked hall offers and how it is supervised, published by the
// city with a version number and applied by each hall over its own local fields (windows, accounts,
// devices, opening hours, daily caps stay the hall's). Built from the hall config schema's own pieces, so
// a catalogue can never hold a value a hall config would refuse.

const shape = hallConfigSchema.shape;
const categoryShape = shape.categories.element.shape;

export const catalogueCategorySchema = z
  .object({
    id: categoryShape.id,
    name: categoryShape.name,
    nameEn: categoryShape.nameEn,
    defaultServiceMinutes: categoryShape.defaultServiceMinutes,
    /** Used by a hall that did not carry the category before; a hall keeps its own cap otherwise. */
    dailyCap: categoryShape.dailyCap.default(200),
    matters: categoryShape.matters,
  })
  .strict();

export const catalogueSchema = z
  .object({
    categories: z.array(catalogueCategorySchema).min(1).max(26),
    /** Public holidays (法定节假日): no service, no bookings. */
    closedDates: shape.closedDates,
    /** Make-up working days (调休上班) and days with other hours. */
    specialDays: shape.booking.unwrap().shape.specialDays,
    /** Reasons a citizen may give for 不满意 / 非常不满意. */
    lowRatingReasons: shape.evaluation.unwrap().shape.lowReasons,
    /** 电子监察 thresholds. */
    supervision: shape.supervision.unwrap(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const ids = new Set<string>();
    const matters = new Set<string>();
    c.categories.forEach((cat, i) => {
      if (ids.has(cat.id)) ctx.addIssue({ code: 'custom', path: ['categories', i, 'id'], message: `duplicate category ${cat.id}` });
      ids.add(cat.id);
      cat.matters.forEach((m, j) => {
        if (matters.has(m.id)) ctx.addIssue({ code: 'custom', path: ['categories', i, 'matters', j, 'id'], message: `duplicate matter ${m.id}` });
        matters.add(m.id);
      });
    });
    for (const id of Object.keys(c.supervision.serviceLimitByCategory)) {
      if (!ids.has(id)) ctx.addIssue({ code: 'custom', path: ['supervision', 'serviceLimitByCategory', id], message: `unknown category "${id}"` });
    }
  });

export type Catalogue = z.output<typeof catalogueSchema>;
export type CatalogueInput = z.input<typeof catalogueSchema>;

/** One published version as the city keeps it and a hall receives it. */
export interface PublishedCatalogue {
  version: number;
  publishedAt: number;
  publishedBy: string;
  catalogue: Catalogue;
}

/** Which catalogue a hall runs, as it reports it to the city. */
export interface CatalogueState {
  /** The version in force; null before the first one was applied. */
  version: number | null;
  /** The newest version the hall could not apply, and why (its own validation said so). */
  refused: { version: number; message: string; messageEn: string } | null;
}

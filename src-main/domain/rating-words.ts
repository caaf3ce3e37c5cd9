import type { RatingLevel } from './rating';

/** 好差评 levels as citizens and reports name them (中文, English). */
export const RATING_LEVEL_NAMES: Readonly<Record<RatingLevel, readonly [zh: string, en: string]>> = {
  'very-satisfied': ['非常满意', 'Very satisfied'],
  satisfied: ['满意', 'Satisfied'],
  basic: ['基本满意', 'Basically satisfied'],
  dissatisfied: ['不满意', 'Dissatisfied'],
  'very-dissatisfied': ['非常不满意', 'Very dissatisfied'],
};

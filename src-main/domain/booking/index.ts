export * from './booking';
export * from './booking-book';
export * from './booking-events';
export * from './booking-refusals';
export * from './decide-booking';
export * from './evolve-booking';
export * from './slots';
export * from './zoned-time';

export * from './gb11643';
export * from './masking';

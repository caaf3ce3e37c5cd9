// Masking is the hall's rule as much as the reader's: one definition, in the domain.
export * from '../../src-main/domain/identity/masking';

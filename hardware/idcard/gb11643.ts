// The rule lives with the domain (the hall validates typed-in ID numbers too); the reader uses it from there.
export * from '../../src-main/domain/identity/gb11643';

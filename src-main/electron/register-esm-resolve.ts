import { register } from 'node:module';

// Must run before the first extensionless import is resolved: main.ts imports this first and loads the
// rest with a dynamic import afterwards.
register('./esm-resolve-hook.js', import.meta.url);

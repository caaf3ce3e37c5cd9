// Node module resolution hook for the compiled shell. tsc keeps import specifiers as written, and the
// sources import relative modules without extensions ('./kiosk-service', '../../hardware'), which Node's
// ESM loader refuses. This hook retries a relative specifier that failed with `.js` and `/index.js`.
// Registered by register-esm-resolve.ts before anything else is imported.

export interface ResolveContext {
  parentURL?: string | undefined;
  conditions?: readonly string[];
  importAttributes?: Record<string, string>;
}

export interface ResolveResult {
  url: string;
  format?: string | null | undefined;
  shortCircuit?: boolean | undefined;
}

export type NextResolve = (specifier: string, context?: ResolveContext) => ResolveResult | Promise<ResolveResult>;

const RELATIVE = /^\.{1,2}\//;

/** The candidates tried, in order, for a relative specifier without a file extension. */
export function candidatesFor(specifier: string): string[] {
  if (!RELATIVE.test(specifier) || /\.[cm]?js$|\.json$|\.node$/.test(specifier)) return [];
  return [`${specifier}.js`, `${specifier.replace(/\/$/, '')}/index.js`];
}

export async function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve): Promise<ResolveResult> {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    if (!context.parentURL?.startsWith('file:')) throw error;
    for (const candidate of candidatesFor(specifier)) {
      try {
        return await nextResolve(candidate, context);
      } catch {
        // try the next form
      }
    }
    throw error;
  }
}

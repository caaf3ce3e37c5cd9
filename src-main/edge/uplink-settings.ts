// STUB — the edge helper replaces this file: reads and checks the --uplink settings file.
export interface UplinkSettings {
  cityUrl: string;
  /** PEM of a private CA the city's certificate is signed by. */
  ca?: string | undefined;
  halls: Array<{ id: string; key: string }>;
}

export function readUplinkSettings(_file: string, _env: NodeJS.ProcessEnv): UplinkSettings {
  throw new Error('not implemented yet');
}

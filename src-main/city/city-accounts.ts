import type { IncomingMessage } from 'node:http';
import type { ResolvedSession } from '../app/auth-service';
import { AuthService } from '../app/auth-service';
import type { AccountRecord, AccountStore, Clock } from '../app/ports';
import type { CityAccountView, CityConfig } from '../contracts';
import { bearer } from './city-http';

/** Where the city's accounts and sessions live in the AccountStore: a hall id no hall can have (ids have no '@'). */
export const cityAccountHall = (cityId: string): string => `@city:${cityId}`;

/**
 * The city page's accounts: kept in the AccountStore under the pseudo hall `@city:<id>` and checked by an
 * AuthService of their own, so logins are limited exactly like a hall's (per address before any password
 * is hashed, per account and address after failures) and a hall's token is never a city token.
 */
export class CityAccounts {
  readonly hallId: string;
  readonly auth: AuthService;

  constructor(
    cityId: string,
    private readonly store: AccountStore,
    clock: Clock,
  ) {
    this.hallId = cityAccountHall(cityId);
    this.auth = new AuthService(store, clock);
  }

  /** The config's accounts into the store; plaintext passwords are hashed (a stored hash that still matches is kept). */
  async sync(config: CityConfig): Promise<void> {
    const accounts: AccountRecord[] = await Promise.all(
      config.accounts
        .filter((a) => !a.disabled)
        .map(async (a) => ({
          hallId: this.hallId,
          username: a.username,
          displayName: a.displayName,
          role: a.role,
          passwordHash: a.passwordHash ?? (await this.auth.passwordHashFor(this.hallId, a.username, a.password!)),
        })),
    );
    await this.store.syncAccounts(this.hallId, accounts);
  }

  /** The live session of a request's bearer token, if any. */
  async session(req: IncomingMessage): Promise<ResolvedSession | undefined> {
    const token = bearer(req);
    return token ? this.auth.resolveLiveSession(this.hallId, token) : undefined;
  }
}

export function accountView(a: AccountRecord): CityAccountView {
  return { username: a.username, displayName: a.displayName, role: a.role === 'admin' ? 'admin' : 'supervisor' };
}

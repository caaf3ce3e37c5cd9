import type { AuditStore } from '../app/admin-ports';
import type { CityStore } from '../app/link-ports';
import type { Actor, Clock } from '../app/ports';
import type { Catalogue, PublishedCatalogue } from '../contracts';
import { cityAccountHall } from './city-accounts';

/**
 * The city's catalogue (事项目录): the newest published version, kept in memory (every link answer names
 * its version), and new versions published through the store with an audit entry under `@city:<id>`.
 */
export class CityCatalogue {
  private current: PublishedCatalogue | undefined;

  constructor(
    private readonly cityId: string,
    private readonly store: CityStore,
    private readonly audit: AuditStore,
    private readonly clock: Clock,
  ) {}

  get latest(): PublishedCatalogue | undefined {
    return this.current;
  }

  get version(): number | null {
    return this.current?.version ?? null;
  }

  /** Reads the newest version; publishes the config file's catalogue as version 1 when none is stored. */
  async load(initial: Catalogue | undefined): Promise<void> {
    this.current = await this.store.latestCatalogue(this.cityId);
    if (this.current || !initial) return;
    const actor: Actor = { kind: 'system', id: 'city-config' };
    if (!this.store.publishFirstCatalogue) {
      await this.publish(initial, actor, '市平台配置文件中的初始事项目录', 'the first catalogue, from the city config file');
      return;
    }
    // Several servers of one city may start together: version 1 is written once, by whichever comes first.
    const at = this.clock.now();
    const first = await this.store.publishFirstCatalogue(this.cityId, initial, at, actor.id);
    if (first) {
      this.current = first;
      await this.auditPublished(first, initial, actor, at, '市平台配置文件中的初始事项目录', 'the first catalogue, from the city config file');
    } else {
      this.current = await this.store.latestCatalogue(this.cityId);
    }
  }

  /** Reads the newest version again (another server of the city may have published one); true when it changed. */
  async refresh(): Promise<boolean> {
    const latest = await this.store.latestCatalogue(this.cityId);
    if (!latest || latest.version === this.current?.version) return false;
    if (this.current && latest.version < this.current.version) return false;
    this.current = latest;
    return true;
  }

  async publish(catalogue: Catalogue, actor: Actor, why = '', whyEn = ''): Promise<PublishedCatalogue> {
    const at = this.clock.now();
    const published = await this.store.publishCatalogue(this.cityId, catalogue, at, actor.id);
    if (!this.current || published.version > this.current.version) this.current = published;
    await this.auditPublished(published, catalogue, actor, at, why, whyEn);
    return published;
  }

  private async auditPublished(published: PublishedCatalogue, catalogue: Catalogue, actor: Actor, at: number, why: string, whyEn: string): Promise<void> {
    const categories = catalogue.categories.map((c) => c.id).join('');
    await this.audit.append({
      hallId: cityAccountHall(this.cityId),
      at,
      actor,
      action: 'catalogue.publish',
      summary: `发布事项目录第 ${published.version} 版（${catalogue.categories.length} 个类别 ${categories}，${catalogue.closedDates.length} 个节假日）${why ? `：${why}` : ''}`,
      summaryEn: `Published catalogue version ${published.version} (${catalogue.categories.length} categories ${categories}, ${catalogue.closedDates.length} closed dates)${whyEn ? `: ${whyEn}` : ''}`,
      data: { version: published.version, catalogue },
    });
  }
}

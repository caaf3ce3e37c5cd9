import { describe, expect, it } from 'vitest';
import { ClusterFlagError, clusterOptionsFrom, databaseUrl, redactUrl } from '../../src-main/cluster/cluster-flags';

describe('cluster settings from flags and environment', () => {
  it('takes a PostgreSQL URL or nothing, and says what is wrong with anything else', () => {
    expect(databaseUrl(undefined)).toBeUndefined();
    expect(databaseUrl('')).toBeUndefined();
    expect(databaseUrl('postgres://hall@db:5432/halls')).toBe('postgres://hall@db:5432/halls');
    expect(databaseUrl('postgresql://hall@db/halls')).toBe('postgresql://hall@db/halls');
    expect(() => databaseUrl('mysql://a:b@c/d')).toThrow(/postgres:\/\/ or postgresql:\/\/ URL \(not mysql:\)/);
    expect(() => databaseUrl('db.example:5432')).toThrow(ClusterFlagError);
    // A password never ends up in a message or a banner.
    expect(() => databaseUrl('not a url:secret@x')).toThrow(/^(?!.*secret)/s);
    expect(redactUrl('postgres://hall:s3cret@db/halls')).toBe('postgres://hall:***@db/halls');
  });

  it('reads instance, advertised URL, lease timing and secret, with defaults left to the server', () => {
    expect(clusterOptionsFrom({}, {})).toEqual({ instanceId: undefined, advertiseUrl: undefined, leaseMs: undefined, roundMs: undefined, secret: undefined });
    expect(
      clusterOptionsFrom({ 'instance-id': 'hall-a.1', 'advertise-url': 'http://10.0.0.5:8080' }, { HALL_LEASE_MS: '6000', HALL_LEASE_ROUND_MS: '1000', HALL_CLUSTER_SECRET: 'x' }),
    ).toEqual({ instanceId: 'hall-a.1', advertiseUrl: 'http://10.0.0.5:8080', leaseMs: 6000, roundMs: 1000, secret: 'x' });
    expect(clusterOptionsFrom({}, { HALL_INSTANCE_ID: 'b', HALL_ADVERTISE_URL: 'https://b.internal:8443' })).toMatchObject({ instanceId: 'b', advertiseUrl: 'https://b.internal:8443' });
  });

  it('refuses bad values with the name of the setting', () => {
    expect(() => clusterOptionsFrom({ 'advertise-url': 'ftp://10.0.0.5' }, {})).toThrow(/advertise-url must be http/);
    expect(() => clusterOptionsFrom({ 'advertise-url': 'nonsense' }, {})).toThrow(/--advertise-url "nonsense" is not a URL/);
    expect(() => clusterOptionsFrom({ 'instance-id': 'a b' }, {})).toThrow(/--instance-id "a b"/);
    expect(() => clusterOptionsFrom({}, { HALL_LEASE_MS: '-5' })).toThrow(/HALL_LEASE_MS must be a positive whole number/);
    expect(() => clusterOptionsFrom({}, { HALL_LEASE_ROUND_MS: '1.5' })).toThrow(/HALL_LEASE_ROUND_MS/);
    // A lease shorter than three rounds would run out between two renewals.
    expect(() => clusterOptionsFrom({}, { HALL_LEASE_MS: '1000' })).toThrow(/at least three lease rounds/);
  });
});

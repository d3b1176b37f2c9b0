import { Database } from '@cdktf/provider-snowflake/lib/database';
import { DatabaseRole } from '@cdktf/provider-snowflake/lib/database-role';
import { Schema } from '@cdktf/provider-snowflake/lib/schema';
import { TeamDatabase, type TeamDatabaseProps } from '../../constructs/snowflake/team-database';
import { synth } from './synth';

const build = (props: TeamDatabaseProps) => synth((scope) => new TeamDatabase(scope, 'database', props));

describe('TeamDatabase', () => {
  it('creates the database with Time Travel, without the PUBLIC schema, protected by default', () => {
    const s = build({ name: 'PROD_SALES', schemas: [{ name: 'RAW' }], dataRetentionTimeInDays: 7 });
    expect(s.json).toHaveResourceWithProperties(Database, {
      name: 'PROD_SALES',
      data_retention_time_in_days: 7,
      drop_public_schema_on_creation: true,
      lifecycle: { prevent_destroy: true },
    });
  });

  it('creates each schema with its READ and WRITE roles, passing preventDestroy down', () => {
    const s = build({
      name: 'DB',
      schemas: [{ name: 'RAW' }, { name: 'CURATED', readRoleName: 'CURATED_R' }],
      preventDestroy: false,
    });
    expect(
      s
        .list(Schema.tfResourceType)
        .map((x) => [x.name, x.lifecycle.prevent_destroy])
        .sort(),
    ).toEqual([
      ['CURATED', false],
      ['RAW', false],
    ]);
    expect(
      s
        .list(DatabaseRole.tfResourceType)
        .map((r) => r.name)
        .sort(),
    ).toEqual(['CURATED_R', 'CURATED_WRITE', 'RAW_READ', 'RAW_WRITE']);
    expect(s.json).toHaveResourceWithProperties(Database, { lifecycle: { prevent_destroy: false } });
  });

  it('derives addresses from schema names: reordering the schemas changes nothing', () => {
    const a = build({ name: 'DB', schemas: [{ name: 'RAW' }, { name: 'CURATED' }] });
    const b = build({ name: 'DB', schemas: [{ name: 'CURATED' }, { name: 'RAW' }] });
    const addresses = (s: typeof a) =>
      Object.entries(JSON.parse(s.json).resource)
        .flatMap(([t, r]) => Object.keys(r as object).map((k) => `${t}.${k}`))
        .sort();
    expect(addresses(b)).toEqual(addresses(a));
    expect(
      addresses(a)
        .filter((x) => x.startsWith('snowflake_schema.'))
        .every((x) => /_(RAW|CURATED)_/.test(x)),
    ).toBe(true);
  });

  it('rejects no schemas, duplicate schemas and PUBLIC, naming the problem', () => {
    expect(() => build({ name: 'DB', schemas: [] })).toThrow(/schemas is empty.*Fix: declare at least one schema/);
    expect(() => build({ name: 'DB', schemas: [{ name: 'RAW' }, { name: 'RAW' }] })).toThrow(/declares "RAW" twice/);
    expect(() => build({ name: 'DB', schemas: [{ name: 'PUBLIC' }] })).toThrow(/PUBLIC/);
  });
});

/**
 * Resource addresses are a contract: adding a team, removing one, or reordering teams and config entries changes no
 * address in any other stack; the example org's addresses match test/fixtures/addresses.txt.
 *
 * An intentional rename updates that list in the same change, so reviewers see it:
 *   UPDATE_ADDRESSES=1 npx jest test/safety/address-contract
 */
import * as fs from 'node:fs';
import { syntheticRsaPublicKey } from '../../bench/synthetic-keys';
import { type ConfigSources, type PlatformConfig, readConfigSources, validateConfig } from '../../config';
import { ADDRESS_LIST_FILE, addressesByStack, formatAddressList, synthStacks } from './addresses';

type Sources = { -readonly [K in keyof ConfigSources]: any };
const { sources: example } = readConfigSources();
const clone = (): Sources => structuredClone(example) as Sources;

function configOf(sources: Sources): PlatformConfig {
  const result = validateConfig(sources);
  if (!result.ok) throw new Error(`test config is invalid:\n${JSON.stringify(result.issues, null, 2)}`);
  return result.config;
}

const baseline = addressesByStack(synthStacks(configOf(clone())));

/** Stacks of `before` whose addresses differ in `after` (missing stacks count as differing). */
function changedStacks(
  before: Map<string, string[]>,
  after: Map<string, string[]>,
  ignore: (stack: string) => boolean = () => false,
): string[] {
  return [...before.keys()].filter((s) => !ignore(s) && JSON.stringify(before.get(s)) !== JSON.stringify(after.get(s)));
}

describe('the example org', () => {
  it('has the addresses in test/fixtures/addresses.txt (regenerate with UPDATE_ADDRESSES=1 after an intentional rename)', () => {
    const actual = formatAddressList(baseline);
    if (process.env.UPDATE_ADDRESSES === '1') fs.writeFileSync(ADDRESS_LIST_FILE, actual);
    expect(fs.existsSync(ADDRESS_LIST_FILE)).toBe(true);
    const committed = fs.readFileSync(ADDRESS_LIST_FILE, 'utf8');
    // Compare as line sets first, for a readable diff of what was added and removed.
    const a = new Set(actual.trim().split('\n'));
    const c = new Set(committed.trim().split('\n'));
    expect({ added: [...a].filter((l) => !c.has(l)), removed: [...c].filter((l) => !a.has(l)) }).toEqual({
      added: [],
      removed: [],
    });
    expect(actual).toBe(committed);
  });

  it('derives no address from an array position (no purely numeric construct id)', () => {
    // Logical ids join construct ids with "_"; an id taken from an array index shows up as "_0_".
    for (const [stack, addresses] of baseline) {
      for (const address of addresses) expect(`${stack} ${address}`).not.toMatch(/_\d+_/);
    }
  });
});

describe('address stability', () => {
  it('adding a team changes no address in any existing stack', () => {
    const sources = clone();
    sources.teams.push({
      file: 'config/teams/ml-platform.ts',
      value: {
        name: 'ml-platform',
        description: 'Feature store and model training.',
        owners: ['ml@example.com'],
        costCenter: 'CC-4004',
        snowflake: {
          schemas: [{ name: 'FEATURES', publishToBi: true }, { name: 'TRAINING' }],
          warehouses: [{ name: 'TRAIN', monthlyCreditQuota: { default: 10, prod: 50 } }],
          reads: ['data-integration.CURATED', 'product-analytics.METRICS'],
          serviceUsers: [{ name: 'TRAINER', rsaPublicKey: syntheticRsaPublicKey('ml-platform/TRAINER') }],
        },
        aws: {
          ecrRepositories: [{ name: 'trainer' }],
          dataBucket: {},
          circleciProjectIds: ['0b3f2a1c-8d4e-4f5a-9b6c-7d8e9f0a1b2c'],
        },
      },
    });
    const after = addressesByStack(synthStacks(configOf(sources)));
    expect(changedStacks(baseline, after)).toEqual([]);
    // The new team got its own stacks in every environment.
    expect([...after.keys()].filter((s) => !baseline.has(s)).sort()).toEqual(
      ['dev', 'prod', 'staging'].flatMap((e) => [`${e}-ml-platform-aws`, `${e}-ml-platform-snowflake`]),
    );
  });

  it('removing a team changes no address in any other stack', () => {
    const sources = clone();
    sources.teams = sources.teams.filter((t: any) => t.value.name !== 'telehealth');
    const after = addressesByStack(synthStacks(configOf(sources)));
    expect(changedStacks(baseline, after, (s) => s.includes('-telehealth-'))).toEqual([]);
    expect([...after.keys()].some((s) => s.includes('telehealth'))).toBe(false);
  });

  it('reordering teams, environments and every list in the config changes no address', () => {
    const sources = clone();
    sources.teams.reverse();
    sources.environments.value = Object.fromEntries(Object.entries(sources.environments.value).reverse());
    const p = sources.platform.value;
    p.aws.allowedRegions.reverse();
    p.snowflake.biServiceUsers.reverse();
    for (const { value: t } of sources.teams) {
      t.owners.reverse();
      for (const list of [
        t.snowflake.schemas,
        t.snowflake.warehouses,
        t.snowflake.reads,
        t.snowflake.serviceUsers,
        t.snowflake.members,
      ])
        list?.reverse();
      for (const list of [t.aws?.ecrRepositories, t.aws?.circleciProjectIds]) list?.reverse();
    }
    // Make sure the reorder really reordered something that produces resources.
    expect(sources.teams[0].value.name).toBe('telehealth');
    expect(sources.teams[2].value.snowflake.schemas[0].name).toBe('CURATED');
    const after = addressesByStack(synthStacks(configOf(sources)));
    expect([...after.keys()]).toEqual([...baseline.keys()]);
    expect(changedStacks(baseline, after)).toEqual([]);
  });

  it('removing one schema, warehouse or repository changes no other address of its stack', () => {
    const sources = clone();
    const di = sources.teams.find((t: any) => t.value.name === 'data-integration').value;
    di.snowflake.schemas = di.snowflake.schemas.filter((s: any) => s.name !== 'RAW'); // the first one: no index shift
    di.snowflake.warehouses = di.snowflake.warehouses.filter((w: any) => w.name !== 'TRANSFORM');
    di.aws.ecrRepositories = di.aws.ecrRepositories.filter((r: any) => r.name !== 'ingest-worker');
    const after = addressesByStack(synthStacks(configOf(sources)));
    const removed: string[] = [];
    for (const [stack, before] of baseline) {
      const now = new Set(after.get(stack));
      // Everything that remains keeps its address; only the removed items' resources are gone.
      removed.push(...before.filter((a) => !now.has(a)));
      expect([...now].filter((a) => !before.includes(a))).toEqual([]);
    }
    expect(removed.length).toBeGreaterThan(0);
    expect(removed.filter((a) => !/RAW|TRANSFORM|ingest-worker/.test(a))).toEqual([]);
  });
});

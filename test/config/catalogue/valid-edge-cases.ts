/**
 * Valid inputs close to the catalogue's bad ones: each validates on its own, and all the in-memory ones together
 * synthesize, with the given values in the synthesized stacks.
 */
import { readConfigSources, type PlatformConfig, validateConfig } from '../../../config';
import { CERTIFICATE_BODY, type ConfigCopy, platform, type Sources, TH, team, testKeys, uniqueKey } from './harness';

export interface ValidCase {
  readonly name: string;
  readonly mutate?: (s: Sources) => void;
  readonly edit?: (c: ConfigCopy) => void;
  /** What the resolved config holds. */
  readonly check?: (config: PlatformConfig) => void;
  /** What the synthesized stacks hold (all in-memory cases applied together). */
  readonly synthesized?: (stack: (name: string) => any, config: PlatformConfig) => void;
}

const KEY_4096 = uniqueKey('edge/4096', 4096);
const resources = (json: any, type: string): any[] => Object.values(json.resource?.[type] ?? {});
const exampleModel = (() => {
  const result = validateConfig(readConfigSources().sources);
  if (!result.ok) throw new Error('the example must be valid');
  return result.config;
})();
/** The team as the example defines it, for source edits that must change no value. */
const withoutFile = <T extends { file: string }>(t: T | undefined) => t && { ...t, file: undefined };
const unchanged = (name: string) => (config: PlatformConfig) =>
  expect(withoutFile(config.teams.find((t) => t.name === name))).toEqual(
    withoutFile(exampleModel.teams.find((t) => t.name === name)),
  );
const sameEnvironments = (config: PlatformConfig) =>
  expect(config.environments.map((e) => withoutFile(e.teams.find((t) => t.name === 'telehealth')))).toEqual(
    exampleModel.environments.map((e) => withoutFile(e.teams.find((t) => t.name === 'telehealth'))),
  );

export const VALID_EDGE_CASES: ValidCase[] = [
  {
    name: 'a 4096-bit RSA public key',
    mutate: (s) => void (team(s, 'telehealth').snowflake.serviceUsers[0].rsaPublicKey = KEY_4096),
    synthesized: (stack) =>
      expect(resources(stack('prod-telehealth-snowflake'), 'snowflake_service_user')[0].rsa_public_key).toBe(KEY_4096),
  },
  {
    name: 'a real 2048-bit key, made now, as the rotation key',
    mutate: (s) => void (team(s, 'data-integration').snowflake.serviceUsers[0].rsaPublicKey2 = testKeys().rsaPublic),
    synthesized: (stack) =>
      expect(resources(stack('dev-data-integration-snowflake'), 'snowflake_service_user')[0].rsa_public_key_2).toBe(
        testKeys().rsaPublic,
      ),
  },
  {
    name: 'a /32, a bare address and a whole network in a network policy',
    mutate: (s) =>
      void (team(s, 'telehealth').snowflake.serviceUsers[0].allowedIpList = [
        '203.0.113.10/32',
        '198.51.100.7',
        '10.0.0.0/8',
      ]),
    synthesized: (stack) =>
      expect(resources(stack('prod-telehealth-snowflake'), 'snowflake_network_policy')[0].allowed_ip_list).toEqual([
        '203.0.113.10/32',
        '198.51.100.7',
        '10.0.0.0/8',
      ]),
  },
  {
    name: 'every address (0.0.0.0/0), with allowAnyIp and its reason',
    mutate: (s) => {
      const u = team(s, 'product-analytics').snowflake.serviceUsers[0];
      u.allowedIpList = ['0.0.0.0/0'];
      u.allowAnyIp = { reason: 'dbt Cloud has no fixed egress range; agreed with data-infra in INFRA-77' };
    },
    synthesized: (stack) =>
      expect(
        resources(stack('prod-product-analytics-snowflake'), 'snowflake_network_policy')[0].allowed_ip_list,
      ).toEqual(['0.0.0.0/0']),
  },
  {
    name: 'five notify thresholds (the most Snowflake allows)',
    mutate: (s) => void (platform(s).guardrails.resourceMonitor.notifyPercents = [50, 60, 75, 90, 95]),
    synthesized: (stack) =>
      expect(resources(stack('staging-telehealth-snowflake'), 'snowflake_resource_monitor')[0].notify_triggers).toEqual(
        [50, 60, 75, 90, 95],
      ),
  },
  {
    name: 'credit quotas of 1 and of 100000',
    mutate: (s) => {
      const [ingest, transform] = team(s, 'data-integration').snowflake.warehouses;
      ingest.monthlyCreditQuota = 1;
      transform.monthlyCreditQuota = { default: 20, prod: 100_000 };
    },
    synthesized: (stack) => {
      const quotas = resources(stack('prod-data-integration-snowflake'), 'snowflake_resource_monitor').map(
        (m) => m.credit_quota,
      );
      expect(quotas.sort((a, b) => a - b)).toEqual([1, 100_000]);
    },
  },
  {
    name: 'schema names close to reserved ones',
    mutate: (s) =>
      void team(s, 'telehealth').snowflake.schemas.push(
        { name: 'PUBLIC_METRICS' },
        { name: 'SELECTED' },
        { name: 'INFORMATION' },
      ),
    synthesized: (stack) =>
      expect(resources(stack('prod-telehealth-snowflake'), 'snowflake_schema').map((r) => r.name)).toEqual(
        expect.arrayContaining(['PUBLIC_METRICS', 'SELECTED', 'INFORMATION']),
      ),
  },
  {
    name: 'text with accents, other scripts, emoji (joined and with presentation selectors) and inner no-break spaces',
    mutate: (s) => void (team(s, 'product-analytics').description = 'Métricas da empresa 📊 — 数据 ❤️ 👩‍💻 for everyone'),
    check: (config) =>
      expect(config.teams.find((t) => t.name === 'product-analytics')!.description).toBe(
        'Métricas da empresa 📊 — 数据 ❤️ 👩‍💻 for everyone',
      ),
  },
  {
    name: 'a suppression naming a construct with a glob, and a reason of exactly 20 visible characters',
    mutate: (s) =>
      void (team(s, 'telehealth').suppressions = [
        {
          rule: 'ecr-immutable-tags',
          path: '*-telehealth-aws/workspace/ecr-*/repository',
          reason: '  Agreed in INFRA-2314  ',
        },
      ]),
  },
  {
    name: 'a team file with comments that talk about private keys, a certificate and a public key body',
    edit: (c) =>
      c.replace(
        TH,
        "  owners: ['ada.nwosu@example.com'],\n",
        `  owners: ['ada.nwosu@example.com'],\n  // Never paste a PRIVATE KEY here: only the public key's body (openssl rsa -pubout).\n  // The vendor's certificate, for reference: ${CERTIFICATE_BODY.slice(0, 200)}\n  // An old public key: ${uniqueKey('old')}\n`,
      ),
    check: unchanged('telehealth'),
  },
  {
    name: 'type-only wrappers, a numeric separator and a template literal without substitutions',
    edit: (c) => {
      c.replace(TH, "  costCenter: 'CC-3003',\n", '  costCenter: `CC-3003` as const,\n');
      c.replace(
        TH,
        'monthlyCreditQuota: { default: 10, prod: 60 }',
        'monthlyCreditQuota: { default: 1_0, prod: 60 } satisfies object',
      );
      c.replace(TH, '\n});\n', '\n} as any);\n');
    },
    check: sameEnvironments,
  },
  {
    name: 'a .gitkeep in config/teams',
    edit: (c) => c.write('config/teams/.gitkeep', ''),
    check: (config) => expect(config.teams.map((t) => t.name)).toEqual(exampleModel.teams.map((t) => t.name)),
  },
  {
    name: "a new team's file with its own keys and project, reading the producers",
    edit: (c) =>
      c.write(
        'config/teams/growth.ts',
        `import { defineTeam } from '../define';\n\nexport default defineTeam({\n  name: 'growth',\n  description: 'Acquisition analytics.',\n  owners: ['jane.doe@example.com'],\n  costCenter: 'CC-4004',\n  snowflake: {\n    schemas: [{ name: 'MARTS' }],\n    warehouses: [{ name: 'TRANSFORM', monthlyCreditQuota: { default: 10, prod: 50 } }],\n    reads: ['data-integration.CURATED', 'product-analytics.METRICS'],\n    serviceUsers: [{ name: 'DBT', rsaPublicKey: '${uniqueKey('growth')}' }],\n  },\n  aws: { circleciProjectIds: ['0b3f2a1c-8d4e-4f5a-9b6c-7d8e9f0a1b2c'] },\n});\n`,
      ),
    check: (config) => expect(config.teams.map((t) => t.name)).toContain('growth'),
  },
];

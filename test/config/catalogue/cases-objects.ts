/**
 * JavaScript object traps, found in the text of the files (config files are read as data, never run): duplicate
 * keys (the last would silently win), keys JavaScript treats specially, environments named like Object.prototype's
 * members or the per-environment fallback key, and team files that import or run anything.
 */
import { type Case, DI, ENV, envs, PA, PLATFORM, TH } from './harness';

const EVIL = 'config/teams/aaa-evil.ts';
/** A small valid team file body (after the define import), for files that add code around it. */
const TEAM_BODY = `{
  name: 'aaa-evil',
  description: 'Looks harmless.',
  owners: ['evil@example.com'],
  costCenter: 'CC-6666',
  snowflake: { schemas: [{ name: 'RAW' }] },
}`;

export const OBJECT_CASES: Case[] = [
  // ------------------------------------------------------------------------------------------- duplicate keys
  {
    name: 'duplicate key in a per-environment value (a copy-pasted prod:)',
    file: DI,
    path: 'snowflake.warehouses[1].monthlyCreditQuota.prod',
    fragment: '"prod" is given twice in this object (first on line',
    edit: (c) =>
      c.replace(
        DI,
        'monthlyCreditQuota: { default: 20, prod: 300 }',
        'monthlyCreditQuota: { default: 20, prod: 300,\n          prod: 3 }',
      ),
    line: (c) => c.lineOf(DI, 'prod: 3 }'),
  },
  {
    name: 'environment block copy-pasted: a second prod: would move prod to another account',
    file: ENV,
    path: 'prod',
    fragment: '"prod" is given twice in this object',
    edit: (c) =>
      c.replace(
        ENV,
        '\n});\n',
        `\n  prod: {\n    protection: 'strict',\n    aws: { accountId: '444444444444', accountName: 'other', accountEmail: 'o@example.com', organizationalUnit: 'prod', region: 'eu-west-1' },\n    snowflake: { organizationName: 'ACMEORG', accountName: 'OTHER' },\n  },\n});\n`,
      ),
    line: (c) => c.lineOf(ENV, '  prod: {'),
  },
  {
    name: 'a second aws: at the end of a team file',
    file: TH,
    path: 'aws',
    fragment: '"aws" is given twice in this object',
    edit: (c) => c.replace(TH, '\n});\n', '\n  aws: { circleciProjectIds: [] },\n});\n'),
    line: (c) => c.lineOf(TH, '  aws: { circleciProjectIds: [] },'),
  },
  {
    name: "name and 'name' are the same key",
    file: PA,
    path: 'name',
    fragment: '"name" is given twice in this object',
    edit: (c) =>
      c.replace(PA, "  name: 'product-analytics',\n", "  name: 'product-analytics',\n  'name': 'metrics',\n"),
    line: (c) => c.lineOf(PA, "'name': 'metrics'"),
  },
  {
    name: 'duplicate key in the platform file',
    file: PLATFORM,
    path: 'aws.managementAccountId',
    fragment: '"managementAccountId" is given twice',
    edit: (c) =>
      c.replace(
        PLATFORM,
        "    managementAccountId: '000000000000',\n",
        "    managementAccountId: '000000000000',\n    managementAccountId: '999999999999',\n",
      ),
    line: (c) => c.lineOf(PLATFORM, "managementAccountId: '999999999999'"),
  },

  // ------------------------------------------------------------------------------------------- special keys
  {
    name: '__proto__ key in a team file (it would set the prototype, not a field)',
    file: TH,
    path: '__proto__',
    fragment: 'uses the key "__proto__"',
    edit: (c) =>
      c.replace(
        TH,
        "  costCenter: 'CC-3003',\n",
        "  costCenter: 'CC-3003',\n  __proto__: { environments: ['dev'] },\n",
      ),
    line: (c) => c.lineOf(TH, '__proto__:'),
  },
  {
    name: 'quoted "__proto__" key in the platform file',
    file: PLATFORM,
    path: 'aws.__proto__',
    fragment: 'uses the key "__proto__"',
    edit: (c) =>
      c.replace(PLATFORM, '  aws: {\n', '  aws: {\n    "__proto__": { iamUserAccessToBilling: \'ALLOW\' },\n'),
    line: (c) => c.lineOf(PLATFORM, '"__proto__"'),
  },
  {
    name: 'constructor key in a per-environment value',
    file: TH,
    path: 'snowflake.warehouses[0].monthlyCreditQuota.constructor',
    fragment: 'uses the key "constructor"',
    edit: (c) =>
      c.replace(
        TH,
        'monthlyCreditQuota: { default: 10, prod: 60 }',
        'monthlyCreditQuota: { default: 10, prod: 60, constructor: 5 }',
      ),
    line: (c) => c.lineOf(TH, 'constructor: 5'),
  },
  {
    name: 'environment named constructor, in the file',
    file: ENV,
    path: 'constructor',
    fragment: 'uses the key "constructor"',
    edit: (c) => c.replace(ENV, '  staging: {\n', '  constructor: {\n'),
    line: (c) => c.lineOf(ENV, '  constructor: {'),
  },
  {
    name: 'environment named constructor',
    file: ENV,
    path: 'constructor',
    fragment: 'is reserved (default, constructor',
    mutate: (s) => {
      Object.defineProperty(envs(s), 'constructor', { value: envs(s).staging, enumerable: true });
      delete envs(s).staging;
    },
  },
  {
    name: 'environment named default (the fallback key of per-environment values)',
    file: ENV,
    path: 'default',
    fragment: 'is reserved (default, constructor',
    mutate: (s) => {
      envs(s).default = envs(s).staging;
      delete envs(s).staging;
    },
  },

  // ------------------------------------------------------------------------------------------- code in team files
  {
    name: "a team file that imports another team's file (to change it)",
    file: EVIL,
    path: '',
    fragment: 'imports "./telehealth": this file may import only "../define"',
    edit: (c) =>
      c.write(
        EVIL,
        `import { defineTeam } from '../define';\nimport victim from './telehealth';\n\n(victim as any).snowflake.serviceUsers[0].allowedIpList = ['0.0.0.0/0'];\n\nexport default defineTeam(${TEAM_BODY});\n`,
      ),
    line: (c) => c.lineOf(EVIL, "import victim from './telehealth';"),
  },
  {
    name: 'a statement besides the export in a team file',
    file: EVIL,
    path: '',
    fragment: 'holds `(victim as any).snowflake.serviceUsers[0].allowedIpList =...`',
    edit: (c) =>
      c.write(
        EVIL,
        `import { defineTeam } from '../define';\nimport victim from './telehealth';\n\n(victim as any).snowflake.serviceUsers[0].allowedIpList = ['0.0.0.0/0'];\n\nexport default defineTeam(${TEAM_BODY});\n`,
      ),
    line: (c) => c.lineOf(EVIL, '(victim as any)'),
  },
  {
    name: 'require() in a value',
    file: EVIL,
    path: 'description',
    fragment:
      "must be plain data (strings, numbers, booleans, null, arrays and objects), not code: `require('node:fs')",
    edit: (c) =>
      c.write(
        EVIL,
        `import { defineTeam } from '../define';\n\nexport default defineTeam(${TEAM_BODY.replace("'Looks harmless.'", "require('node:fs').readFileSync('/etc/hostname', 'utf8')")});\n`,
      ),
    line: (c) => c.lineOf(EVIL, 'description:'),
  },
  {
    name: 'import() in a value',
    file: EVIL,
    path: 'costCenter',
    fragment: "not code: `import('node:child_process')`",
    edit: (c) =>
      c.write(
        EVIL,
        `import { defineTeam } from '../define';\n\nexport default defineTeam(${TEAM_BODY.replace("'CC-6666'", "import('node:child_process') as any")});\n`,
      ),
    line: (c) => c.lineOf(EVIL, 'costCenter:'),
  },
  {
    name: 'a shared constant spread into the team',
    file: EVIL,
    path: '',
    fragment: 'must be plain data (strings, numbers, booleans, null, arrays and objects), not code: `...shared`',
    edit: (c) =>
      c.write(
        EVIL,
        `import { defineTeam } from '../define';\n\nconst shared = { costCenter: 'CC-6666' };\n\nexport default defineTeam({\n  ...shared,\n${TEAM_BODY.slice(2)});\n`,
      ),
    line: (c) => c.lineOf(EVIL, '...shared'),
  },
  {
    name: 'a template literal with a substitution',
    file: EVIL,
    path: 'costCenter',
    fragment: 'not code: ``CC-${6666}``',
    edit: (c) =>
      c.write(
        EVIL,
        `import { defineTeam } from '../define';\n\nexport default defineTeam(${TEAM_BODY.replace("'CC-6666'", '`CC-${6666}`')});\n`,
      ),
    line: (c) => c.lineOf(EVIL, 'costCenter:'),
  },
  {
    name: 'a computed value (a method call)',
    file: EVIL,
    path: 'owners',
    fragment: "not code: `['evil@example.com'].map((o) => o)`",
    edit: (c) =>
      c.write(
        EVIL,
        `import { defineTeam } from '../define';\n\nexport default defineTeam(${TEAM_BODY.replace("['evil@example.com']", "['evil@example.com'].map((o) => o)")});\n`,
      ),
    line: (c) => c.lineOf(EVIL, 'owners:'),
  },
  {
    name: 'the value built in a variable and exported by name',
    file: EVIL,
    path: '',
    fragment: 'not code: `team`',
    edit: (c) =>
      c.write(
        EVIL,
        `import { defineTeam } from '../define';\n\nconst team = ${TEAM_BODY};\n\nexport default defineTeam(team);\n`,
      ),
    line: (c) => c.lineOf(EVIL, 'defineTeam(team)'),
  },
  {
    name: 'a default export without defineTeam',
    file: EVIL,
    path: '',
    fragment: 'must export its value as `export default defineTeam({...})`',
    edit: (c) => c.write(EVIL, `export default ${TEAM_BODY};\n`),
    line: () => 1,
  },
  {
    name: 'import x = require()',
    file: EVIL,
    path: '',
    fragment: "holds `import fs = require('node:fs');`",
    edit: (c) =>
      c.write(
        EVIL,
        `import { defineTeam } from '../define';\nimport fs = require('node:fs');\n\nexport default defineTeam(${TEAM_BODY});\n`,
      ),
    line: () => 2,
  },
  {
    name: 'a second export',
    file: EVIL,
    path: '',
    fragment: 'holds `export const extra = 1;`',
    edit: (c) =>
      c.write(
        EVIL,
        `import { defineTeam } from '../define';\n\nexport const extra = 1;\n\nexport default defineTeam(${TEAM_BODY});\n`,
      ),
    line: () => 3,
  },
];

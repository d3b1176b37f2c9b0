/**
 * Error quality: syntax errors with line and column, cycles of reads named as config errors (not cdktf's raw
 * "circular dependency"), and files in config/teams that would otherwise be ignored without a word.
 */
import { addTeam, type Case, copyOf, DI, ENV, PLATFORM, type Sources, TH, team, uniqueKey } from './harness';

/** A new team reading the given datasets, with keys and CircleCI projects of its own. */
function reader(s: Sources, name: string, reads: string[]): void {
  const t = copyOf(s, 'telehealth');
  t.name = name;
  t.snowflake.reads = reads;
  t.snowflake.serviceUsers[0].rsaPublicKey = uniqueKey(name);
  t.aws.circleciProjectIds = [];
  addTeam(s, `config/teams/${name}.ts`, t);
}

const stray = (file: string, text: string, fragment: string): Case => ({
  name: `a file in config/teams that is not a team file: ${file.replace('config/teams/', '')}`,
  file,
  path: '',
  fragment,
  edit: (c) => c.write(file, text),
});
const TEAM_TS = "import { defineTeam } from '../define';\n\nexport default defineTeam({ name: 'growth' });\n";

export const ERROR_CASES: Case[] = [
  // ------------------------------------------------------------------------------------------- syntax
  {
    name: 'syntax error in a team file (a missing comma)',
    file: TH,
    path: '',
    fragment: "is not valid TypeScript here: ',' expected. (TS1005)",
    edit: (c) => c.replace(TH, "  owners: ['ada.nwosu@example.com'],\n", "  owners: ['ada.nwosu@example.com']\n"),
    line: (c) => c.lineOf(TH, "  costCenter: 'CC-3003',"),
  },
  {
    name: 'syntax error in the platform file (unclosed brace at the end)',
    file: PLATFORM,
    path: '',
    fragment: 'is not valid TypeScript here',
    edit: (c) => c.replace(PLATFORM, '  suppressions: [],\n});\n', '  suppressions: [],\n'),
    line: (c) => c.text(PLATFORM).split('\n').length,
  },
  {
    name: 'syntax error in the environments file (a stray character)',
    file: ENV,
    path: '',
    fragment: 'is not valid TypeScript here',
    edit: (c) => c.replace(ENV, "    protection: 'strict',\n", "    protection: 'strict',,\n"),
    line: (c) => c.lineOf(ENV, "protection: 'strict',,"),
  },

  // ------------------------------------------------------------------------------------------- read cycles
  {
    name: 'two teams read each other',
    file: DI,
    path: 'snowflake.reads[0]',
    fragment: 'makes a cycle of reads: data-integration → telehealth → data-integration',
    mutate: (s) => void (team(s, 'data-integration').snowflake.reads = ['telehealth.EVENTS']),
  },
  {
    name: 'three teams read in a ring',
    file: 'config/teams/ring-a.ts',
    path: 'snowflake.reads[0]',
    fragment: 'makes a cycle of reads: ring-a → ring-b → ring-c → ring-a',
    mutate: (s) => {
      reader(s, 'ring-a', ['ring-b.EVENTS']);
      reader(s, 'ring-b', ['ring-c.EVENTS']);
      reader(s, 'ring-c', ['ring-a.EVENTS']);
    },
  },
  {
    name: 'a loop of reads larger than one cycle names every team in it',
    file: 'config/teams/loop-a.ts',
    path: 'snowflake.reads[0]',
    fragment: 'makes a cycle of reads: loop-a → loop-b → loop-a (teams in this loop of reads: loop-a, loop-b, loop-c)',
    mutate: (s) => {
      reader(s, 'loop-a', ['loop-b.EVENTS']);
      reader(s, 'loop-b', ['loop-a.EVENTS', 'loop-c.EVENTS']);
      reader(s, 'loop-c', ['loop-b.EVENTS']);
    },
  },

  // ------------------------------------------------------------------------------------------- files in teams/
  stray('config/teams/growth.mts', TEAM_TS, 'is not loaded: a team file is <name>.ts'),
  stray('config/teams/growth.cts', TEAM_TS, 'is not loaded: a team file is <name>.ts'),
  stray('config/teams/growth.mjs', TEAM_TS, 'is not loaded: a team file is <name>.ts'),
  stray('config/teams/growth.cjs', TEAM_TS, 'is not loaded: a team file is <name>.ts'),
  stray('config/teams/growth.tsx', TEAM_TS, 'is not loaded: a team file is <name>.ts'),
  stray('config/teams/growth.js', TEAM_TS, 'is not loaded: a team file is <name>.ts'),
  stray('config/teams/growth.d.ts', 'export {};\n', 'is not loaded: a team file is <name>.ts'),
  stray('config/teams/growth.json', '{ "name": "growth" }\n', 'is not a team file'),
  stray('config/teams/growth.yaml', 'name: growth\n', 'is not a team file'),
  {
    name: 'a directory in config/teams',
    file: 'config/teams/drafts',
    path: '',
    fragment: 'is a directory',
    edit: (c) => c.write('config/teams/drafts/.keep', ''),
  },
  {
    name: 'a team file without a default export',
    file: 'config/teams/growth.ts',
    path: '',
    fragment: 'has no default export',
    edit: (c) => c.write('config/teams/growth.ts', "import { defineTeam } from '../define';\n"),
  },
];

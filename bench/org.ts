/**
 * Synthetic organizations for benchmarks: N teams written as real team files into a config directory (inside the
 * repository, so the real loader, schema and validation run exactly as for a user's config).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { syntheticRsaPublicKey } from './synthetic-keys';

const REPO = path.resolve(__dirname, '..');

export function teamName(i: number): string {
  return `team-${String(i).padStart(3, '0')}`;
}

/** One team file; every fifth team reads the previous team's MARTS, so stack dependencies exist as in real orgs. */
export function teamFile(i: number, variant = 0): string {
  const name = teamName(i);
  const reads = i % 5 === 4 ? `'${teamName(i - 1)}.MARTS'` : '';
  return `import { defineTeam } from '../define';

export default defineTeam({
  name: '${name}',
  description: 'Synthetic benchmark team ${i}${variant ? ` (variant ${variant})` : ''}',
  owners: ['${name}@example.com'],
  costCenter: 'CC-${1000 + i}${variant ? `-${variant}` : ''}',
  snowflake: {
    schemas: [{ name: 'RAW' }, { name: 'STAGING' }, { name: 'MARTS', publishToBi: ${i % 3 === 0} }],
    warehouses: [{ name: 'TRANSFORM', size: { default: 'XSMALL', prod: 'SMALL' }, monthlyCreditQuota: { default: ${10 + variant}, prod: 50 } }],
    reads: [${reads}],
    serviceUsers: [{ name: 'PIPELINE_SVC', rsaPublicKey: '${syntheticRsaPublicKey(`${name}/PIPELINE_SVC`)}' }],
    members: ['${name.toUpperCase()}@EXAMPLE.COM'],
  },
  aws: {
    ecrRepositories: [{ name: 'jobs' }],
    dataBucket: {},
    circleciProjectIds: ['${uuidFor(i)}'],
  },
});
`;
}

function uuidFor(i: number): string {
  const hex = i.toString(16).padStart(12, '0');
  return `00000000-0000-4000-8000-${hex}`;
}

/** Writes `<dir>/config` with the repository's environments and platform and N synthetic teams; returns it. */
export function writeSyntheticConfig(dir: string, teams: number): string {
  const configDir = path.join(dir, 'config');
  fs.rmSync(configDir, { recursive: true, force: true });
  fs.mkdirSync(path.join(configDir, 'teams'), { recursive: true });
  for (const f of ['define.ts', 'environments.ts', 'platform.ts']) {
    fs.copyFileSync(path.join(REPO, 'config', f), path.join(configDir, f));
  }
  // define.ts imports types from ./schema: re-export the real one so a type-checking runner resolves it too.
  fs.writeFileSync(
    path.join(configDir, 'schema.ts'),
    `export * from '${path.relative(configDir, path.join(REPO, 'config', 'schema'))}';\n`,
  );
  for (let i = 0; i < teams; i++) fs.writeFileSync(path.join(configDir, 'teams', `${teamName(i)}.ts`), teamFile(i));
  return configDir;
}

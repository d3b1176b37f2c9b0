/**
 * The AGPL-3.0 evaluator and its AGPL dependencies are test-only: devDependencies, and imported by no production
 * file (anything outside test/ and bench/), so nothing the project runs or ships requires them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '..', '..');
const AGPL = [
  '@cloud-copilot/iam-simulate',
  '@cloud-copilot/iam-policy',
  '@cloud-copilot/iam-utils',
  '@cloud-copilot/iam-expand',
];

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(REPO, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return sources(rel);
    return /\.(ts|js|mjs|cjs)$/.test(e.name) ? [rel] : [];
  });
}

describe('AGPL packages', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));

  it('are devDependencies only', () => {
    for (const name of AGPL) expect(pkg.dependencies?.[name]).toBeUndefined();
    expect(pkg.devDependencies['@cloud-copilot/iam-simulate']).toBeDefined();
    const lock = JSON.parse(fs.readFileSync(path.join(REPO, 'package-lock.json'), 'utf8'));
    for (const name of AGPL) {
      const entry = lock.packages[`node_modules/${name}`];
      if (entry) expect({ name, dev: entry.dev }).toEqual({ name, dev: true });
    }
  });

  it('are imported by no production file', () => {
    const production = [...['bootstrap', 'config', 'constructs', 'stacks', 'tools'].flatMap(sources), 'main.ts'];
    expect(production.length).toBeGreaterThan(50);
    const offenders = production.filter((file) => {
      const text = fs.readFileSync(path.join(REPO, file), 'utf8');
      return AGPL.some((name) => text.includes(`'${name}'`) || text.includes(`"${name}"`));
    });
    expect(offenders).toEqual([]);
  });
});

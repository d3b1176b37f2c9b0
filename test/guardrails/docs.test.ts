/** docs/guardrails.md lists every rule with its level and whether it can be suppressed, and nothing else. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GUARDRAIL_RULES } from '../../constructs/guardrails';

const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'guardrails.md'), 'utf8');
const rows = new Map(
  [...doc.matchAll(/^\| `([a-z0-9-]+)` \| (error|warning) \|.*\| (yes|\*\*no\*\*) \|$/gm)].map((m) => [
    m[1],
    { level: m[2], suppressible: m[3] === 'yes' },
  ]),
);

const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
const readmeRows = new Map(
  [...readme.matchAll(/^\| `([a-z0-9-]+)`: .*\| (error|warning) \| (yes|\*\*no\*\*) \|$/gm)].map((m) => [
    m[1],
    { level: m[2], suppressible: m[3] === 'yes' },
  ]),
);

describe('README.md', () => {
  it("lists every rule in its guardrail table, with its level and suppressibility, in the engine's order", () => {
    expect([...readmeRows.keys()]).toEqual(GUARDRAIL_RULES.map((r) => r.id));
    for (const rule of GUARDRAIL_RULES)
      expect(readmeRows.get(rule.id)).toEqual({ level: rule.level, suppressible: !rule.unsuppressible });
  });
});

describe('docs/guardrails.md', () => {
  it('has one row per rule, with its level and suppressibility', () => {
    expect([...rows.keys()].sort()).toEqual(GUARDRAIL_RULES.map((r) => r.id).sort());
    for (const rule of GUARDRAIL_RULES)
      expect({ id: rule.id, ...rows.get(rule.id) }).toEqual({
        id: rule.id,
        level: rule.level,
        suppressible: !rule.unsuppressible,
      });
  });

  it('documents how to regenerate the committed address list and how to bootstrap', () => {
    expect(doc).toContain('UPDATE_ADDRESSES=1 npx jest test/safety/address-contract');
    expect(doc).toContain('npm run bootstrap -- apply');
  });
});

/**
 * Structure of .circleci/config.yml: everything referenced exists, requires form a DAG, deploys are gated and
 * main-only, every job that assumes an AWS role has the matching context, no static AWS keys. Environments come
 * from the config, so a new environment without plan/deploy jobs fails here.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../../config';
import {
  ancestors,
  BUILT_IN_STEPS,
  commandsUsed,
  type Definition,
  findCycle,
  flattenSteps,
  type Invocation,
  loadCircleConfig,
  parameterReferences,
  stepCall,
  type Workflow,
} from './circleci-model';

const ROOT = path.resolve(__dirname, '../..');
const ci = loadCircleConfig(path.join(ROOT, '.circleci/config.yml'));
const loaded = loadConfig();
if (!loaded.ok) throw new Error('the repository config is invalid');
const config = loaded.config;
const ENVIRONMENTS = config.environments.map((e) => e.name);
/** The organization stack lives in the management account: CI treats it as one more environment. */
const ACCOUNTS = ['management', ...ENVIRONMENTS];

const workflow = (name: string): Workflow => {
  const wf = ci.workflows.find((w) => w.name === name);
  if (!wf) throw new Error(`no workflow "${name}" in .circleci/config.yml`);
  return wf;
};
const invocationsOf = (wf: Workflow, job: string) => wf.jobs.filter((j) => j.job === job);
const allInvocations = () => ci.workflows.flatMap((wf) => wf.jobs.map((j) => ({ wf, j })));

/** Jobs that assume an AWS role, with the role, from their assume-role steps (through commands). */
function assumedRoles(def: Definition): Array<{ role: string; environment: unknown }> {
  return flattenSteps(def.steps)
    .map(stepCall)
    .filter((s) => s.name === 'assume-role')
    .map((s) => ({ role: String(s.args.role), environment: s.args.environment }));
}

test('is CircleCI 2.1 and every referenced executor, command and job exists', () => {
  expect(String(ci.doc.version)).toBe('2.1');
  for (const [name, job] of Object.entries(ci.jobs)) {
    const executor =
      typeof job.raw.executor === 'string'
        ? job.raw.executor
        : (job.raw.executor as { name?: string } | undefined)?.name;
    if (executor)
      expect({ job: name, executor, exists: executor in ci.executors }).toEqual({ job: name, executor, exists: true });
    else
      expect({ job: name, hasOwnImage: 'docker' in job.raw || 'machine' in job.raw }).toEqual({
        job: name,
        hasOwnImage: true,
      });
  }
  for (const [kind, defs] of [
    ['job', ci.jobs],
    ['command', ci.commands],
  ] as const) {
    for (const [name, def] of Object.entries(defs)) {
      for (const step of flattenSteps(def.steps)) {
        const { name: call } = stepCall(step);
        const known = BUILT_IN_STEPS.has(call) || call in ci.commands;
        expect({ [kind]: name, step: call, known }).toEqual({ [kind]: name, step: call, known: true });
      }
    }
  }
  for (const { wf, j } of allInvocations()) {
    const known = j.approval || j.job in ci.jobs;
    expect({ workflow: wf.name, job: j.job, known }).toEqual({ workflow: wf.name, job: j.job, known: true });
  }
});

test('parameters: every << parameters.x >> is declared, every argument is declared, every required one is given', () => {
  const check = (where: string, def: Definition, args: Record<string, unknown>) => {
    for (const arg of Object.keys(args))
      expect({ where, arg, declared: arg in def.parameters }).toEqual({ where, arg, declared: true });
    for (const [p, spec] of Object.entries(def.parameters)) {
      if (spec.default === undefined)
        expect({ where, parameter: p, given: p in args }).toEqual({ where, parameter: p, given: true });
      if (spec.enum && p in args && !String(args[p]).includes('<<')) expect(spec.enum).toContain(args[p]);
    }
  };
  for (const [kind, defs] of [
    ['job', ci.jobs],
    ['command', ci.commands],
  ] as const) {
    for (const [name, def] of Object.entries(defs)) {
      for (const ref of parameterReferences(def))
        expect({ [kind]: name, ref, declared: ref in def.parameters }).toEqual({ [kind]: name, ref, declared: true });
      for (const step of flattenSteps(def.steps)) {
        const { name: call, args } = stepCall(step);
        if (ci.commands[call])
          check(`${kind} ${name} -> ${call}`, ci.commands[call], typeof step === 'string' ? {} : args);
      }
    }
  }
  for (const { wf, j } of allInvocations()) if (!j.approval) check(`${wf.name}/${j.name}`, ci.jobs[j.job], j.params);
});

test('in every workflow, names are unique, requires name jobs of that workflow, and requires form a DAG', () => {
  for (const wf of ci.workflows) {
    const names = wf.jobs.map((j) => j.name);
    expect({ workflow: wf.name, duplicates: names.filter((n, i) => names.indexOf(n) !== i) }).toEqual({
      workflow: wf.name,
      duplicates: [],
    });
    for (const j of wf.jobs)
      for (const r of j.requires)
        expect({ workflow: wf.name, job: j.name, requires: r, exists: names.includes(r) }).toEqual({
          workflow: wf.name,
          job: j.name,
          requires: r,
          exists: true,
        });
    expect({ workflow: wf.name, cycle: findCycle(wf) }).toEqual({ workflow: wf.name, cycle: undefined });
  }
});

test('the DAG checker itself finds a cycle', () => {
  const wf: Workflow = {
    name: 'x',
    jobs: ['a', 'b', 'c'].map((n, i, all) => ({
      job: n,
      name: n,
      approval: false,
      requires: [all[(i + 1) % 3]],
      contexts: [],
      params: {},
    })),
  };
  expect(findCycle(wf)).toEqual(['a', 'b', 'c', 'a']);
});

describe('deploys', () => {
  const deployWorkflows = ci.workflows.filter((wf) => invocationsOf(wf, 'deploy').length > 0);

  test('only the main workflow deploys, and every deploy job is filtered to main', () => {
    expect(deployWorkflows.map((w) => w.name)).toEqual(['deploy']);
    for (const wf of deployWorkflows) {
      for (const j of invocationsOf(wf, 'deploy')) {
        expect({ job: j.name, only: j.filters?.branches?.only, ignore: j.filters?.branches?.ignore }).toEqual({
          job: j.name,
          only: 'main',
          ignore: undefined,
        });
      }
    }
    expect(JSON.stringify(workflow('deploy').when)).toContain('"equal":["main","<< pipeline.git.branch >>"]');
  });

  test('there is one deploy per account; environments deploy in config order; each after the first waits for an approval', () => {
    const wf = workflow('deploy');
    const deploys = invocationsOf(wf, 'deploy');
    expect(deploys.map((d) => d.params.environment).sort()).toEqual([...ACCOUNTS].sort());
    const byEnv = (env: string) => deploys.find((d) => d.params.environment === env)!;
    const approvals = new Set(wf.jobs.filter((j) => j.approval).map((j) => j.name));
    for (let i = 1; i < ENVIRONMENTS.length; i++) {
      const d = byEnv(ENVIRONMENTS[i]);
      expect({ job: d.name, approvalRequired: d.requires.some((r) => approvals.has(r)) }).toEqual({
        job: d.name,
        approvalRequired: true,
      });
      expect(ancestors(wf, d.name).has(byEnv(ENVIRONMENTS[i - 1]).name)).toBe(true);
    }
    // The management account (organization stack: accounts, SCPs) is gated like the last environment.
    const management = byEnv('management');
    expect(management.requires.some((r) => approvals.has(r))).toBe(true);
    expect(ancestors(wf, management.name).has(byEnv(ENVIRONMENTS[ENVIRONMENTS.length - 2]).name)).toBe(true);
    // Nothing deploys before the tests passed.
    for (const d of deploys) expect(ancestors(wf, d.name).has('test')).toBe(true);
  });

  test('deploy jobs deploy with cdktf and the affected stacks only', () => {
    const text = JSON.stringify(ci.jobs.deploy.steps);
    expect(text).toContain('npx cdktf deploy $(cat /tmp/stacks.txt)');
    const select = flattenSteps(ci.jobs.deploy.steps)
      .map(stepCall)
      .find((s) => s.name === 'select-stacks');
    expect(select?.args.scope).toBe('affected');
  });
});

describe('credentials', () => {
  test('every job that assumes a role runs with a context named for its account and role', () => {
    let checked = 0;
    for (const { wf, j } of allInvocations()) {
      if (j.approval) continue;
      const roles = assumedRoles(ci.jobs[j.job]);
      for (const { role, environment } of roles) {
        const env = String(environment).includes('<< parameters.environment >>') ? j.params.environment : environment;
        expect({ workflow: wf.name, job: j.name, contexts: j.contexts }).toEqual({
          workflow: wf.name,
          job: j.name,
          contexts: [`data-platform-${env}-${role}`],
        });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  test('the deploy role is assumed only by deploy jobs, on main; the plan role everywhere else', () => {
    for (const { wf, j } of allInvocations()) {
      if (j.approval) continue;
      for (const { role } of assumedRoles(ci.jobs[j.job])) {
        if (role === 'deploy')
          expect({ job: j.name, workflow: wf.name, only: j.filters?.branches?.only }).toEqual({
            job: j.name,
            workflow: 'deploy',
            only: 'main',
          });
        else expect(role).toBe('plan');
      }
    }
  });

  test('the OIDC token is used only inside the assume-role command, which every AWS job goes through', () => {
    const users = [...Object.entries(ci.commands), ...Object.entries(ci.jobs)]
      .filter(([, d]) => JSON.stringify(d.steps).includes('CIRCLE_OIDC_TOKEN_V2'))
      .map(([n]) => n);
    expect(users).toEqual(['assume-role']);
    for (const name of ['plan', 'deploy']) expect(commandsUsed(ci, ci.jobs[name]).has('assume-role')).toBe(true);
  });

  test('CI synthesizes (and compares) stacks with ambient AWS auth, so providers use the role assumed by OIDC', () => {
    const text = JSON.stringify(ci.jobs.synth.steps);
    expect(text).toContain('"DATA_PLATFORM_AWS_AUTH":"ambient"');
    expect(text).toContain('DATA_PLATFORM_AWS_AUTH=ambient npm run --silent affected');
    // Not globally: the test job must synthesize with the defaults the tests expect.
    expect((ci.executors.node.environment as Record<string, string>).DATA_PLATFORM_AWS_AUTH).toBeUndefined();
  });

  test('no static AWS keys anywhere', () => {
    expect(ci.text).not.toMatch(
      /AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN|AKIA[0-9A-Z]{16}|aws_access_key/i,
    );
  });

  test('the role prefix matches the role names the platform stacks create', () => {
    const prefix = (ci.executors.node.environment as Record<string, string>).PLATFORM_ROLE_PREFIX;
    const roles = config.platform.names;
    expect([`${prefix}-plan`, `${prefix}-deploy`]).toEqual([roles.planRole, roles.deployRole]);
  });
});

describe('pull requests', () => {
  const wf = workflow('pull-request');

  test('never run on main; plans fan out per account in parallel after synth; the review waits for tests and all plans', () => {
    for (const j of wf.jobs)
      expect({ job: j.name, ignore: j.filters?.branches?.ignore }).toEqual({ job: j.name, ignore: 'main' });
    const plans = invocationsOf(wf, 'plan');
    expect(plans.map((p) => p.params.environment).sort()).toEqual([...ACCOUNTS].sort());
    for (const p of plans) expect(p.requires).toEqual(['synth']);
    const review = invocationsOf(wf, 'review')[0];
    expect(new Set(review.requires)).toEqual(new Set(['test', ...plans.map((p) => p.name)]));
    expect(review.contexts).toEqual(['data-platform-github']);
    expect(invocationsOf(wf, 'synth')[0].params.base).toBe('merge-base');
  });

  test('the review posts to the PR, and its exit code (2 on a blocker) fails the job', () => {
    const run = JSON.stringify(ci.jobs.review.steps);
    expect(run).toContain('npm run --silent review -- $args');
    expect(run).toContain('--post');
    expect(run).not.toMatch(/review -- \$args\s*(\|\||;\s*true)/);
  });
});

test('a nightly workflow, on its schedule trigger only, plans every stack of every account and reports drift', () => {
  const wf = workflow('nightly-drift');
  expect(JSON.stringify(wf.when)).toContain('"equal":["scheduled_pipeline","<< pipeline.trigger_source >>"]');
  const plans = invocationsOf(wf, 'plan');
  expect(plans.map((p) => [p.params.environment, p.params.scope]).sort()).toEqual(
    ACCOUNTS.map((a) => [a, 'all']).sort(),
  );
  const report = invocationsOf(wf, 'review')[0];
  expect(report.params.drift).toBe(true);
  expect(new Set(report.requires)).toEqual(new Set(plans.map((p) => p.name)));
  // The other workflows do not run on the schedule.
  for (const other of ci.workflows.filter((w) => w.name !== 'nightly-drift')) {
    expect(JSON.stringify(other.when)).toContain(
      '"not":{"equal":["scheduled_pipeline","<< pipeline.trigger_source >>"]}',
    );
  }
});

test('caches: npm keyed on the lock file, terraform CLI and providers cached', () => {
  const keys = [...Object.values(ci.commands), ...Object.values(ci.jobs)].flatMap((d) =>
    flattenSteps(d.steps)
      .map(stepCall)
      .filter((s) => s.name === 'save_cache')
      .map((s) => String(s.args.key)),
  );
  expect(keys).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^npm-.*package-lock\.json/),
      expect.stringMatching(/^terraform-providers-/),
      expect.stringMatching(/^terraform-cli-/),
    ]),
  );
});

test('every npm script the pipeline runs exists', () => {
  const scripts = Object.keys(
    (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
      .scripts,
  );
  const used = [...ci.text.matchAll(/npm run (?:--silent )?([a-z-]+)/g)].map((m) => m[1]);
  expect(used.length).toBeGreaterThan(0);
  for (const s of new Set(used))
    expect({ script: s, exists: scripts.includes(s) }).toEqual({ script: s, exists: true });
});

// Keep the unused-import checker honest about the Invocation type being part of the model's API.
export type { Invocation };

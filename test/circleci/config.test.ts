/**
 * Structure of .circleci/config.yml: everything referenced exists, requires form a DAG, deploys are gated and
 * main-only, every job that assumes an AWS role has the matching context, no static AWS keys. Environments come
 * from the config, so a new environment without plan/deploy jobs fails here.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../../config';
import { synthesizePlatform } from '../../stacks/synth';
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

/** The example org's synthesized manifest (stack dependencies), synthesized once for this file. */
let manifestCache: { stacks: Record<string, { dependencies?: string[] }> } | undefined;
function loadedManifest() {
  if (!manifestCache) {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-ci-synth-'));
    try {
      synthesizePlatform({ config, options: { mode: 'offline', awsAuth: 'assume-role' }, outdir });
      manifestCache = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }
  return manifestCache!;
}
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
      requiresStatus: { [all[(i + 1) % 3]]: ['success'] },
      contexts: [],
      params: {},
    })),
  };
  expect(findCycle(wf)).toEqual(['a', 'b', 'c', 'a']);
});

/** The text of a job's or command's steps (run commands included), for what it runs. */
const stepsText = (def: Definition) => JSON.stringify(def.steps);
/** Index of the first step whose text contains `needle` (through when blocks), or -1. */
const stepIndex = (def: Definition, needle: string) =>
  flattenSteps(def.steps).findIndex((st) => JSON.stringify(st).includes(needle));

describe('deploys', () => {
  const wf = workflow('deploy');
  const deploys = invocationsOf(wf, 'deploy');
  const byEnv = (job: string, env: string) => invocationsOf(wf, job).find((d) => d.params.environment === env)!;
  const approvals = new Set(wf.jobs.filter((j) => j.approval).map((j) => j.name));

  test('only the main workflow deploys, and every deploy job is filtered to main', () => {
    expect(ci.workflows.filter((w) => invocationsOf(w, 'deploy').length > 0).map((w) => w.name)).toEqual(['deploy']);
    for (const j of deploys) {
      expect({ job: j.name, only: j.filters?.branches?.only, ignore: j.filters?.branches?.ignore }).toEqual({
        job: j.name,
        only: 'main',
        ignore: undefined,
      });
    }
    expect(JSON.stringify(wf.when)).toContain('"equal":["main","<< pipeline.git.branch >>"]');
  });

  test('per account: select -> plan -> review -> approval hold -> deploy; the hold comes after that review', () => {
    expect(deploys.map((d) => d.params.environment).sort()).toEqual([...ACCOUNTS].sort());
    for (const env of ACCOUNTS) {
      const [select, plan, review, deploy] = ['select', 'plan', 'review', 'deploy'].map((job) => byEnv(job, env));
      expect({ env, plan: plan.requires, review: review.requires }).toEqual({
        env,
        plan: [select.name],
        review: [plan.name],
      });
      const holds = deploy.requires.filter((r) => approvals.has(r));
      expect({ env, holds: holds.length, only: deploy.requires.length }).toEqual({ env, holds: 1, only: 1 });
      const hold = wf.jobs.find((j) => j.name === holds[0])!;
      expect({ env, holdAfterReview: hold.requires.includes(review.name) }).toEqual({ env, holdAfterReview: true });
      // Nothing deploys before the tests passed.
      expect({ env, tested: ancestors(wf, deploy.name).has('test') }).toEqual({ env, tested: true });
    }
  });

  test('accounts deploy in dependency order: management (organization) first, then the environments in config order', () => {
    const order = ACCOUNTS; // management, then config/environments.ts order
    for (let i = 1; i < order.length; i++) {
      const [deploy, previous] = [byEnv('deploy', order[i]).name, byEnv('deploy', order[i - 1]).name];
      expect({ deploy, after: previous, ok: ancestors(wf, deploy).has(previous) }).toEqual({
        deploy,
        after: previous,
        ok: true,
      });
    }
    // The order the stacks need: every environment's platform stack depends on the organization stack.
    const manifest = loadedManifest();
    for (const env of ENVIRONMENTS)
      expect(manifest.stacks[`${env}-platform-aws`]?.dependencies ?? []).toContain('organization');
  });

  test('deploy jobs run one at a time per account (serial-group), a distinct group per account', () => {
    const groups = deploys.map((d) => d.serialGroup);
    for (const d of deploys) {
      expect({ job: d.name, group: d.serialGroup }).toEqual({
        job: d.name,
        group: `<< pipeline.project.slug >>/deploy-${d.params.environment}`,
      });
    }
    expect(new Set(groups).size).toBe(ACCOUNTS.length);
  });

  test('deploys apply the saved plans of their account with npm run deploy, never cdktf deploy or a re-plan', () => {
    const deploy = ci.jobs.deploy;
    expect(stepsText(deploy)).toContain(
      'npm run deploy -- --plans cdktf.out/plans/<< parameters.environment >> --env << parameters.environment >>',
    );
    expect(stepsText(deploy)).toContain('--expect cdktf.out/selected/<< parameters.environment >>/stacks.txt');
    expect(stepsText(deploy)).not.toMatch(/npm run plan|terraform (plan|apply)/);
    expect(ci.text).not.toMatch(/cdktf deploy/);
    expect(ci.text).not.toContain('--ignore-missing-stack-dependencies');
  });

  test('a deploy checks the deployed revision before applying, and records this commit only after success', () => {
    const deploy = ci.jobs.deploy;
    const check = stepIndex(deploy, 'deploy-revision -- check');
    const apply = stepIndex(deploy, 'npm run deploy --');
    const record = flattenSteps(deploy.steps).findIndex(
      (st, i) => i >= apply && JSON.stringify(st).includes('deploy-revision -- record'),
    );
    expect(check).toBeGreaterThanOrEqual(0);
    expect(check).toBeLessThan(apply);
    expect(record).toBe(apply); // in the same step, behind `if [ "$code" = 0 ]`
    expect(JSON.stringify(flattenSteps(deploy.steps)[apply])).toMatch(
      /if \[ \\"\$code\\" = 0 \]; then[^]*deploy-revision -- record/,
    );
    expect(stepsText(deploy)).toContain(
      '--planned-base \\"$(cat cdktf.out/selected/<< parameters.environment >>/base.txt)\\"',
    );
  });

  test('main selects, per account, what differs from its last successful deploy (not from the previous commit)', () => {
    const select = stepsText(ci.jobs.select);
    expect(select).toContain('deploy-revision -- show --env');
    expect(select).toContain('npm run --silent affected -- --base \\"$base\\"');
    expect(ci.text).not.toContain('pipeline.git.base_revision');
    expect(ci.text).not.toMatch(/HEAD~1/);
    expect(invocationsOf(wf, 'synth')[0].params.base).toBe('none');
  });
});

describe('plans', () => {
  test('plan jobs fan out with parallelism, each container planning its deterministic share', () => {
    const plan = ci.jobs.plan;
    expect(Number(plan.raw.parallelism)).toBeGreaterThanOrEqual(4);
    expect(stepsText(plan)).toContain('shard=\\"$((CIRCLE_NODE_INDEX + 1))/${CIRCLE_NODE_TOTAL}\\"');
    expect(stepsText(plan)).toContain('npm run plan -- --no-synth --shard \\"$shard\\"');
    // Each container writes its own directory: concurrent jobs may not persist the same file.
    expect(stepsText(plan)).toContain('--plans \\"cdktf.out/plans/<< parameters.environment >>/shard-${n}\\"');
  });

  test('a failed plan still reaches the workspace: the exit code is kept and the job fails only at the end', () => {
    const steps = flattenSteps(ci.jobs.plan.steps);
    const plan = steps.findIndex((st) => JSON.stringify(st).includes('npm run plan --'));
    const persist = steps.findIndex((st) => stepCall(st).name === 'persist_to_workspace');
    expect(JSON.stringify(steps[plan])).toContain('set +e');
    expect(plan).toBeLessThan(persist);
    expect(JSON.stringify(steps[steps.length - 1])).toContain('exit \\"$(cat /tmp/plan-exit)\\"');
  });

  test('no saved plan or plan JSON is ever an artifact: only the review, the redacted index and the deploy report', () => {
    const artifacts = [...Object.values(ci.commands), ...Object.values(ci.jobs)].flatMap((d) =>
      flattenSteps(d.steps)
        .map(stepCall)
        .filter((st) => st.name === 'store_artifacts')
        .map((st) => String(st.args.path)),
    );
    expect(artifacts.sort()).toEqual(
      [
        'deploy-report/<< parameters.environment >>/deploy-report.json',
        'deploy-report/<< parameters.environment >>/deploy-report.txt',
        'plan-index',
        'review',
      ].sort(),
    );
    for (const a of artifacts) expect(a).not.toMatch(/cdktf\.out|plans|\.tfplan/);
    expect(stepsText(ci.jobs.plan)).toContain('--redacted-index \\"plan-index/');
  });

  test('long jobs refresh the OIDC token: assume-role gives the tools the command, with the audience the roles trust', () => {
    const text = stepsText(ci.commands['assume-role']);
    expect(text).toContain('DATA_PLATFORM_OIDC_REFRESH_COMMAND');
    expect(text).toContain('circleci run oidc get --claims');
    expect((ci.executors.node.environment as Record<string, string>).CIRCLECI_ORGANIZATION_ID).toBe(
      config.platform.circleci.organizationId,
    );
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

  test('never run on main; plans fan out per account after synth; the review waits for tests and all plans', () => {
    for (const j of wf.jobs)
      expect({ job: j.name, ignore: j.filters?.branches?.ignore }).toEqual({ job: j.name, ignore: 'main' });
    const plans = invocationsOf(wf, 'plan');
    expect(plans.map((p) => p.params.environment).sort()).toEqual([...ACCOUNTS].sort());
    for (const p of plans) expect(p.requires).toEqual(['synth']);
    const review = invocationsOf(wf, 'review')[0];
    expect(new Set(review.requires)).toEqual(new Set(['test', ...plans.map((p) => p.name)]));
    expect(review.contexts).toEqual(['data-platform-github']);
  });

  test('the review runs when plans failed, so the comment shows the failure (nightly drift report too)', () => {
    for (const [name, review] of [
      ['pull-request', invocationsOf(wf, 'review')[0]],
      ['nightly-drift', invocationsOf(workflow('nightly-drift'), 'review')[0]],
      ...invocationsOf(workflow('deploy'), 'review').map((r) => ['deploy', r] as const),
    ] as const) {
      for (const plan of review.requires.filter((r) => r !== 'test'))
        expect({ workflow: name, review: review.name, plan, statuses: review.requiresStatus[plan] }).toEqual({
          workflow: name,
          review: review.name,
          plan,
          statuses: expect.arrayContaining(['success', 'failed']),
        });
    }
  });

  test('plans the merge result with main, and tells the review which main commit', () => {
    expect(invocationsOf(wf, 'synth')[0].params.base).toBe('merge-main');
    const merge = stepsText(ci.commands['merge-main']);
    expect(merge).toContain('git fetch --quiet origin main');
    expect(merge).toMatch(
      /git -c user.name=circleci -c user.email=circleci@invalid merge --quiet --no-edit --no-ff \\"\$main\\"/,
    );
    const synth = ci.jobs.synth;
    expect(stepIndex(synth, '"merge-main"')).toBeLessThan(stepIndex(synth, 'npm run synth'));
    expect(stepsText(synth)).toContain('npm run --silent affected -- --base \\"$main\\"');
    expect(stepsText(synth)).toContain('cp /tmp/planned-against cdktf.out/planned-against.txt');
    // The other jobs of the pull request merge the same main commit.
    for (const j of [...invocationsOf(wf, 'plan'), ...invocationsOf(wf, 'review')])
      expect({ job: j.name, merge: j.params['merge-main'] }).toEqual({ job: j.name, merge: true });
    expect(stepsText(ci.jobs.review)).toContain(
      'export DATA_PLATFORM_PLANNED_AGAINST=\\"$(cat cdktf.out/planned-against.txt)\\"',
    );
  });

  test('the review carries the pipeline number, compares lifecycle with the base synthesis, and reviews an empty change too', () => {
    const run = stepsText(ci.jobs.review);
    // The marker's pipeline number keeps an older pipeline from overwriting a newer review.
    expect(run).toContain('export DATA_PLATFORM_PIPELINE_NUMBER=<< pipeline.number >>');
    // prevent_destroy turned off is not in a plan: the base revision's synthesis (affected --base-out) is compared.
    expect(run).toContain('--base-synth $synth --head-synth cdktf.out');
    expect(stepsText(ci.jobs.synth)).toContain('--base-out cdktf.out/base-synth');
    expect(stepsText(ci.jobs.select)).toContain('--base-out \\"$dir/base-synth\\"');
    // A PR whose change touches no stack still gets a review (an empty index), never a stale older comment.
    expect(run).toContain("echo '[]' > cdktf.out/plans/index.json");
    expect(run).not.toMatch(/nothing to review\.?"; exit 0/);
  });

  test('the review posts to the PR, and its exit code (2 on a blocker) fails the job after the review is stored', () => {
    const steps = flattenSteps(ci.jobs.review.steps);
    const run = stepsText(ci.jobs.review);
    expect(run).toContain('npm run --silent review -- $args');
    expect(run).toContain('--post');
    expect(run).not.toMatch(/review -- \$args\s*(\|\||;\s*true)/);
    const store = steps.findIndex((st) => stepCall(st).name === 'store_artifacts');
    expect(store).toBeLessThan(steps.length - 1);
    expect(JSON.stringify(steps[steps.length - 1])).toContain('exit \\"$(cat /tmp/review-exit');
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

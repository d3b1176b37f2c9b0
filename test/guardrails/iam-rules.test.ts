/** IAM rules: admin wildcard, readable policies, OIDC subject and main-branch restrictions. */
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { IamUserPolicy } from '@cdktf/provider-aws/lib/iam-user-policy';
import { Fn, type TerraformStack } from 'cdktf';
import {
  forgedBranch,
  iamLike,
  iamNoAdminWildcard,
  iamOidcRestrictSub,
  iamPolicyReadable,
  iamProdDeployMainOnly,
  isBroadSubject,
} from '../../constructs/guardrails';
import { allowPolicy, CIRCLECI_HOST, findings, messages, oidcTrust, PROJECT } from './helpers';

const ADMIN = 'acme-dp-platform-deploy';
const admins = { adminRoleNames: [ADMIN] };
const ec2Trust = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const role = (s: TerraformStack, name: string, trust = ec2Trust) =>
  new IamRole(s, name, { name, assumeRolePolicy: trust });

describe('iam-no-admin-wildcard', () => {
  it('fails for "*" on "*" in an inline role policy of a non-admin role (role referenced by token)', () => {
    const found = findings(
      iamNoAdminWildcard,
      (s) => {
        const r = role(s, 'acme-dp-telehealth-ci');
        new IamRolePolicy(s, 'admin', { role: r.name, policy: allowPolicy('*', '*') });
      },
      admins,
    );
    expect(found).toEqual([expect.objectContaining({ level: 'error', path: 'test-stack/admin' })]);
    expect(found[0].message).toContain(
      'given to role "acme-dp-telehealth-ci", which is not an admin role ("acme-dp-platform-deploy")',
    );
  });

  it('passes for the admin (deploy) role, and for scoped statements on any role', () => {
    expect(
      findings(
        iamNoAdminWildcard,
        (s) => {
          const r = role(s, ADMIN);
          new IamRolePolicy(s, 'admin', { role: r.id, policy: allowPolicy('*', '*') });
          const ci = role(s, 'ci');
          new IamRolePolicy(s, 'scoped', { role: ci.name, policy: allowPolicy(['ecr:*'], '*') });
          new IamRolePolicy(s, 'everything-on-one', {
            role: ci.name,
            policy: allowPolicy('*', 'arn:aws:s3:::acme-data'),
          });
        },
        admins,
      ),
    ).toEqual([]);
  });

  it('treats Allow + NotAction on "*" as "*" on "*", but not a Deny', () => {
    const notAction = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', NotAction: ['iam:*'], Resource: '*' }],
    });
    const deny = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] });
    expect(
      findings(
        iamNoAdminWildcard,
        (s) => void new IamRolePolicy(s, 'p', { role: role(s, 'ci').name, policy: notAction }),
        admins,
      ),
    ).toHaveLength(1);
    expect(
      findings(
        iamNoAdminWildcard,
        (s) => void new IamRolePolicy(s, 'p', { role: role(s, 'ci').name, policy: deny }),
        admins,
      ),
    ).toEqual([]);
  });

  it('reads aws_iam_policy_document data sources', () => {
    const build = (roleName: string) => (s: TerraformStack) => {
      const doc = new DataAwsIamPolicyDocument(s, 'doc', { statement: [{ actions: ['*'], resources: ['*'] }] });
      new IamRolePolicy(s, 'p', { role: role(s, roleName).name, policy: doc.json });
    };
    expect(findings(iamNoAdminWildcard, build('ci'), admins)).toHaveLength(1);
    expect(findings(iamNoAdminWildcard, build(ADMIN), admins)).toEqual([]);
  });

  it('follows managed policies to their attachments, and flags users and AdministratorAccess', () => {
    const viaAttachment = (roleName: string) => (s: TerraformStack) => {
      const p = new IamPolicy(s, 'policy', { name: 'everything', policy: allowPolicy('*', '*') });
      new IamRolePolicyAttachment(s, 'attach', { role: role(s, roleName).name, policyArn: p.arn });
    };
    expect(findings(iamNoAdminWildcard, viaAttachment('ci'), admins)).toHaveLength(1);
    expect(findings(iamNoAdminWildcard, viaAttachment(ADMIN), admins)).toEqual([]);
    expect(
      messages(
        findings(
          iamNoAdminWildcard,
          (s) => void new IamPolicy(s, 'policy', { name: 'x', policy: allowPolicy('*', '*') }),
          admins,
        ),
      ),
    ).toEqual([expect.stringContaining('no role in this stack (unattached)')]);
    expect(
      findings(
        iamNoAdminWildcard,
        (s) => void new IamUserPolicy(s, 'u', { user: 'bob', policy: allowPolicy('*', '*') }),
        admins,
      ),
    ).toHaveLength(1);
    const managed = (roleName: string) => (s: TerraformStack) =>
      void new IamRolePolicyAttachment(s, 'attach', {
        role: role(s, roleName).name,
        policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      });
    expect(messages(findings(iamNoAdminWildcard, managed('ci'), admins))).toEqual([
      expect.stringContaining('attaches AdministratorAccess to role "ci"'),
    ]);
    expect(findings(iamNoAdminWildcard, managed(ADMIN), admins)).toEqual([]);
  });
});

describe('iam-policy-readable (warning)', () => {
  it('warns when a policy is a Terraform expression it cannot read', () => {
    const found = findings(iamPolicyReadable, (s) => {
      new IamRolePolicy(s, 'p', {
        role: 'ci',
        policy: Fn.jsonencode({ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
      });
    });
    expect(found).toEqual([expect.objectContaining({ level: 'warning', path: 'test-stack/p' })]);
    expect(found[0].message).toContain('policy is not JSON the guardrails can read');
  });

  it('passes for JSON strings (with tokens inside) and policy document data sources', () => {
    expect(
      findings(iamPolicyReadable, (s) => {
        const r = role(s, 'ci');
        const doc = new DataAwsIamPolicyDocument(s, 'doc', {
          statement: [{ actions: ['s3:GetObject'], resources: [`${r.arn}/*`] }],
        });
        new IamRolePolicy(s, 'p', { role: r.name, policy: doc.json });
        new IamRolePolicy(s, 'q', { role: r.name, policy: allowPolicy('s3:GetObject', r.arn) });
      }),
    ).toEqual([]);
  });
});

describe('iam-oidc-restrict-sub', () => {
  const sub = `${CIRCLECI_HOST}:sub`;
  const aud = `${CIRCLECI_HOST}:aud`;

  it('fails when an OIDC trust has no condition on :sub (only the audience)', () => {
    const found = findings(
      iamOidcRestrictSub,
      (s) => void role(s, 'ci', oidcTrust({ StringEquals: { [aud]: '67683ad4-0030-4295-8d78-98f14a533081' } })),
    );
    expect(found).toEqual([expect.objectContaining({ level: 'error', path: 'test-stack/ci' })]);
    expect(found[0].message).toContain('without a StringEquals/StringLike condition on ":sub"');
    expect(findings(iamOidcRestrictSub, (s) => void role(s, 'ci', oidcTrust(undefined)))).toHaveLength(1);
  });

  it('fails when :sub is a wildcard or only an IfExists test', () => {
    expect(
      messages(
        findings(
          iamOidcRestrictSub,
          (s) => void role(s, 'ci', oidcTrust({ StringLike: { [sub]: 'org/67683ad4-0030-4295-8d78-98f14a533081/*' } })),
        ),
      ),
    ).toEqual([expect.stringContaining('which matches every project')]);
    expect(
      findings(iamOidcRestrictSub, (s) => void role(s, 'ci', oidcTrust({ StringLike: { [sub]: '*' } }))),
    ).toHaveLength(1);
    expect(
      findings(
        iamOidcRestrictSub,
        (s) => void role(s, 'ci', oidcTrust({ StringLikeIfExists: { [sub]: `org/x/project/${PROJECT}/user/*` } })),
      ),
    ).toHaveLength(1);
  });

  it('passes when :sub names the project, and ignores roles that are not OIDC-trusted', () => {
    expect(
      findings(
        iamOidcRestrictSub,
        (s) =>
          void role(
            s,
            'ci',
            oidcTrust({ StringLike: { [sub]: `org/67683ad4-0030-4295-8d78-98f14a533081/project/${PROJECT}/user/*` } }),
          ),
      ),
    ).toEqual([]);
    expect(findings(iamOidcRestrictSub, (s) => void role(s, 'ec2'))).toEqual([]);
  });

  it('knows which subject patterns are too broad', () => {
    expect(
      ['*', 'org/abc/*', 'org/abc/project/*/user/*', 'repo:acme/*', 'repo:*/infra:ref:refs/heads/main'].every(
        isBroadSubject,
      ),
    ).toBe(true);
    expect(
      ['org/abc/project/p1/user/*', 'repo:acme/infra:ref:refs/heads/main', 'system:serviceaccount:ns:sa'].some(
        isBroadSubject,
      ),
    ).toBe(false);
  });
});

describe('iam-prod-deploy-main-only', () => {
  const key = `${CIRCLECI_HOST}:sub`;
  const user = `org/x/project/${PROJECT}/user`;
  const prod = { requireMainBranch: true, readOnlyRoleNames: ['acme-dp-platform-plan'] };
  const deploy =
    (condition: Record<string, Record<string, unknown>>, name = 'acme-dp-platform-deploy') =>
    (s: TerraformStack) =>
      void role(s, name, oidcTrust(condition));

  it('fails in production for a deploy role any branch can assume', () => {
    expect(messages(findings(iamProdDeployMainOnly, deploy({ StringLike: { [key]: `${user}/*` } }), prod))).toEqual([
      `role "acme-dp-platform-deploy" can be assumed from any branch (":sub" "${user}/*"); production deploys must come from "refs/heads/main"`,
    ]);
  });

  it('fails when a wildcard lets a branch named ".../vcs-ref/refs/heads/main" forge the main ref', () => {
    const found = findings(
      iamProdDeployMainOnly,
      deploy({ StringLike: { [key]: `${user}/*/vcs-origin/*/vcs-ref/refs/heads/main` } }),
      prod,
    );
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain('also matches a pipeline on branch "evil/vcs-ref/refs/heads/main"');
  });

  it('passes with the main ref and a StringNotLike guard against forged refs, or a pattern without "*"', () => {
    const guarded = {
      StringLike: { [key]: `${user}/*/vcs-origin/*/vcs-ref/refs/heads/main` },
      StringNotLike: { [key]: '*/vcs-ref/*/vcs-ref/*' },
    };
    expect(findings(iamProdDeployMainOnly, deploy(guarded), prod)).toEqual([]);
    const pinned = {
      StringLike: {
        [key]: `${user}/????????-????-????-????-????????????/vcs-origin/github.com/acme/infra/vcs-ref/refs/heads/main`,
      },
    };
    expect(findings(iamProdDeployMainOnly, deploy(pinned), prod)).toEqual([]);
  });

  it('passes for read-only plan roles and outside production', () => {
    expect(
      findings(iamProdDeployMainOnly, deploy({ StringLike: { [key]: `${user}/*` } }, 'acme-dp-platform-plan'), prod),
    ).toEqual([]);
    expect(
      findings(iamProdDeployMainOnly, deploy({ StringLike: { [key]: `${user}/*` } }), { requireMainBranch: false }),
    ).toEqual([]);
  });

  it('accepts GitHub subjects that pin the ref (git forbids ":" in branch names, so it cannot be forged)', () => {
    const gh = { 'token.actions.githubusercontent.com:sub': 'repo:acme/*:ref:refs/heads/main' };
    expect(findings(iamProdDeployMainOnly, deploy({ StringLike: gh }), prod)).toEqual([]);
  });

  it('matches like IAM does: "*" spans "/", "?" is one character', () => {
    expect(iamLike('org/a/*/x', 'org/a/b/c/x')).toBe(true);
    expect(iamLike('a?c', 'abc')).toBe(true);
    expect(iamLike('a.c', 'abc')).toBe(false);
    expect(forgedBranch(`${user}/*/vcs-ref/refs/heads/main`, 'refs/heads/main', '/vcs-ref/')?.branch).toBe(
      'evil/vcs-ref/refs/heads/main',
    );
    expect(forgedBranch(`${user}/abc/vcs-ref/refs/heads/main`, 'refs/heads/main', '/vcs-ref/')).toBeUndefined();
  });
});

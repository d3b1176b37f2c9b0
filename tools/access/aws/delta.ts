/**
 * Effective access gained and lost between two access models (before and after a change): a finite question set
 * built from what changed, evaluated on both sides by the project's IamEvaluator, and diffed.
 *
 * Questions, for what changed only (`AccessChangeScope`):
 * - a role whose identity policies, boundary or trust changed (or that is created or deleted): every action its
 *   policies name (a wildcard expanded with the IAM database when it stands for at most
 *   `MAX_EXPANSION` actions, else kept as one representative, e.g. `*`) on every resource they name (each pattern
 *   as written stands for the resources it matches), for the pairs AWS could be asked (the action's resource types,
 *   action-facts.ts); and who may assume it: every web-identity caller its trust policies name
 *   (trust-subjects.ts: projects and refs), every AWS account or role they name, every service;
 * - a bucket or repository policy that changed: anyone (`*`, no credentials, the policy as written), every account
 *   and role it names (in `Principal` or in an `aws:PrincipalArn` condition), on every action and resource it names;
 * - changed SCPs: the ceiling of every member account (a principal whose own policies allow everything) on every
 *   action the SCPs name, in every region they name.
 * Roles of the model are evaluated with everything AWS would (identity, boundary, SCPs, the resource policy);
 * principals outside the model as "if their own policies allow it". A resource whose account the model does not
 * know (a bucket of a stack not in the change) is evaluated on the principal's side only, and said so.
 */
import { AwsAccess } from './access';
import { actionAppliesTo, actionsOfPattern, canonicalAction } from './action-facts';
import { iamEvaluator } from './evaluate';
import { actionMatches, arnMatches } from './iam-match';
import type { DecidingStatement, DenialReason, EvaluationInput, EvaluationResult } from './evaluator';
import { FULL_AWS_ACCESS } from './managed-policies';
import { type AwsAccessModel, type NamedPolicy, type PolicyDocument, type RoleModel, scpChain } from './model';
import { type TrustSubject, trustSubjects } from './trust-subjects';

/** A wildcard that stands for more actions than this is kept as one representative (`s3:*`, `*`). */
export const MAX_EXPANSION = 40;

export interface AccessChangeScope {
  /** Role ARNs whose identity policies, boundary or trust differ between the sides (or that exist on one only). */
  readonly roles: readonly string[];
  /** Bucket and repository ARNs whose resource policy differs. */
  readonly resources: readonly string[];
  /** The organization's SCPs or their attachments differ. */
  readonly scps: boolean;
}

/** Who gains or loses access. */
export type AccessPrincipal =
  | { readonly type: 'role'; readonly arn: string }
  | { readonly type: 'anyone' }
  | { readonly type: 'account'; readonly account: string }
  | { readonly type: 'role-outside'; readonly arn: string }
  | { readonly type: 'service'; readonly name: string }
  | { readonly type: 'web-identity'; readonly provider: string; readonly subject: TrustSubject }
  | { readonly type: 'account-ceiling'; readonly account: string };

export interface AwsAccessChange {
  readonly change: 'gained' | 'lost';
  /** `assume`: the principal may (no longer) assume the role `resource`. */
  readonly kind: 'access' | 'assume';
  readonly principal: AccessPrincipal;
  readonly action: string;
  readonly resource: string;
  /** A region, for SCP ceilings. */
  readonly region?: string;
  /** The statements that allow it, on the side where it is allowed. */
  readonly allowedBy: readonly DecidingStatement[];
  /** Why the other side denies it. */
  readonly deniedBy: readonly DenialReason[];
  /** Only the principal's own side was evaluated: the resource's policy is not in the models. */
  readonly principalSideOnly?: boolean;
}

export interface AccessChangeResult {
  readonly changes: readonly AwsAccessChange[];
  /** Questions evaluated (each on both sides). */
  readonly questions: number;
}

interface Question {
  readonly kind: 'access' | 'assume';
  readonly principal: AccessPrincipal;
  readonly action: string;
  readonly resource: string;
  readonly region?: string;
  /** The evaluation input on one side, or undefined when the principal or resource does not exist there. */
  readonly input: (model: AwsAccessModel) => EvaluationInput | undefined;
  readonly principalSideOnly?: boolean;
}

/** The stand-in identity policy of a principal outside the models ("if its own policies allow it"). */
export const OWN_POLICIES: NamedPolicy = { name: '(its own policies, assumed to allow)', document: FULL_AWS_ACCESS };
const statementsOf = (doc: PolicyDocument | undefined): Record<string, unknown>[] =>
  doc ? [doc.Statement].flat().filter((s): s is Record<string, unknown> => typeof s === 'object' && s !== null) : [];
const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)]);
const bucketOf = (resource: string) => /^(arn:[^:]+:s3:::[^/]+)/.exec(resource)?.[1];
const accountOfArn = (arn: string) => /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(arn)?.[1];

/** Action entries of statements -> representative actions (expanded when small), AWS's spelling. */
export function representativeActions(entries: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const entry of entries) {
    const expanded = actionsOfPattern(entry);
    if (Array.isArray(expanded) && expanded.length > 0 && expanded.length <= MAX_EXPANSION)
      for (const a of expanded) out.add(canonicalAction(a) ?? a);
    else out.add(/[*?]/.test(entry) ? entry : (canonicalAction(entry) ?? entry));
  }
  return [...out].sort();
}

/** Which (action, resource) pairs to ask: AWS's resource types for concrete actions; any for representatives. */
function pairs(actions: readonly string[], resources: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (const a of actions)
    for (const r of resources) if (/[*?]/.test(a) || r === '*' || actionAppliesTo(a, r)) out.push([a, r]);
  return out;
}

function resourcesNamed(docs: readonly (PolicyDocument | undefined)[]): string[] {
  const out = new Set<string>();
  for (const doc of docs)
    for (const s of statementsOf(doc)) for (const r of [...asList(s.Resource), ...asList(s.NotResource)]) out.add(r);
  return [...out].sort();
}

function actionsNamed(docs: readonly (PolicyDocument | undefined)[]): string[] {
  const out = new Set<string>();
  for (const doc of docs)
    for (const s of statementsOf(doc)) {
      for (const a of asList(s.Action)) out.add(a);
      if (s.NotAction !== undefined) out.add('*');
    }
  return [...out];
}

function roleDocuments(role: RoleModel | undefined): PolicyDocument[] {
  if (!role) return [];
  return [
    ...role.identityPolicies.map((p) => p.document),
    ...(role.permissionsBoundary ? [role.permissionsBoundary.document] : []),
  ];
}

function resourcePolicyFor(model: AwsAccessModel, action: string, resource: string): NamedPolicy | undefined {
  if (/^sts:AssumeRole/i.test(action)) {
    const role = model.roles.get(resource);
    return role?.trustPolicy && { name: `trust policy of ${role.name}`, document: role.trustPolicy };
  }
  return model.resourcePolicies.get(bucketOf(resource) ?? resource)?.policy;
}

function resourceAccountFor(model: AwsAccessModel, resource: string): string | undefined {
  const bucket = bucketOf(resource);
  return bucket ? model.resourceAccounts.get(bucket) : accountOfArn(resource);
}

/** An input for a principal outside the model (or a stand-in), assembled the way AwsAccess assembles it. */
function outsideInput(
  model: AwsAccessModel,
  principal: string,
  principalAccountId: string,
  action: string,
  resource: string,
  options: {
    ownPolicies: boolean;
    scps: boolean;
    context?: Record<string, string>;
    region?: string;
    blockPublicAccess?: boolean;
  },
): EvaluationInput | undefined {
  if (/^sts:AssumeRole/i.test(action) && !model.roles.has(resource)) return undefined;
  const resourceAccountId = resourceAccountFor(model, resource) ?? principalAccountId;
  const region =
    options.region ?? /^arn:[^:]+:[^:]*:([^:]+):/.exec(resource)?.[1] ?? model.accountRegions.get(resourceAccountId);
  const isArn = principal.startsWith('arn:') && !principal.includes(':oidc-provider/');
  return {
    principal,
    principalAccountId,
    action,
    resource,
    resourceAccountId,
    context: {
      'aws:SecureTransport': 'true',
      ...(region ? { 'aws:RequestedRegion': region } : {}),
      ...(isArn ? { 'aws:PrincipalArn': principal, 'aws:PrincipalAccount': principalAccountId } : {}),
      ...options.context,
    },
    identityPolicies: options.ownPolicies ? [OWN_POLICIES] : [],
    serviceControlPolicies: options.scps
      ? scpChain(model, principalAccountId).map((n) => ({ target: n.id, policies: n.policies }))
      : [],
    resourcePolicy: resourcePolicyFor(model, action, resource),
    s3BlockPublicAccess: options.blockPublicAccess,
  };
}

function roleQuestions(before: AwsAccessModel, after: AwsAccessModel, arn: string): Question[] {
  const sides = [before.roles.get(arn), after.roles.get(arn)];
  const account = sides.find((r) => r)!.accountId;
  const docs = sides.flatMap(roleDocuments);
  const out: Question[] = [];
  const principal: AccessPrincipal = { type: 'role', arn };
  for (const [action, resource] of pairs(representativeActions(actionsNamed(docs)), resourcesNamed(docs))) {
    if (
      /^sts:AssumeRole/i.test(action) &&
      resource !== '*' &&
      !before.roles.has(resource) &&
      !after.roles.has(resource)
    )
      continue; // a role outside these models: its trust policy is unknown
    const known = resource === '*' || (resourceAccountFor(after, resource) ?? resourceAccountFor(before, resource));
    out.push({
      kind: 'access',
      principal,
      action,
      resource,
      principalSideOnly: !known || undefined,
      input: (model) => {
        if (!model.roles.has(arn)) return undefined;
        if (/^sts:AssumeRole/i.test(action) && resource !== '*' && !model.roles.has(resource)) return undefined;
        const access = new AwsAccess(model, iamEvaluator);
        return access.input({
          principal: arn,
          action,
          resource,
          resourceAccountId: resourceAccountFor(model, resource) ?? account,
        });
      },
    });
  }
  // Who may assume it.
  const trusts = sides.flatMap((r) => (r?.trustPolicy ? [r.trustPolicy] : []));
  for (const { provider, subjects } of trustSubjects(trusts))
    for (const subject of subjects)
      out.push({
        kind: 'assume',
        principal: { type: 'web-identity', provider, subject },
        action: 'sts:AssumeRoleWithWebIdentity',
        resource: arn,
        input: (model) =>
          model.roles.has(arn)
            ? new AwsAccess(model, iamEvaluator).input({
                principal: provider,
                action: 'sts:AssumeRoleWithWebIdentity',
                resource: arn,
                context: subject.context,
              })
            : undefined,
      });
  for (const doc of trusts)
    for (const s of statementsOf(doc)) {
      const p = (s.Principal ?? {}) as Record<string, unknown>;
      const actions = asList(s.Action).filter((a) => /^sts:AssumeRole$/i.test(a) || a === 'sts:*' || a === '*');
      if (actions.length === 0) continue;
      for (const entry of [...asList(p.AWS), ...(s.Principal === '*' ? ['*'] : [])])
        out.push(assumeBy(entry, arn, [before, after]));
      for (const service of asList(p.Service))
        out.push({
          kind: 'assume',
          principal: { type: 'service', name: service },
          action: 'sts:AssumeRole',
          resource: arn,
          input: (model) =>
            outsideInput(model, service, '', 'sts:AssumeRole', arn, { ownPolicies: false, scps: false }),
        });
    }
  return out;
}

/** A question for a principal named in a resource policy (or a trust policy's AWS principal). */
function namedPrincipalQuestion(
  entry: string,
  action: string,
  resource: string,
  kind: 'access' | 'assume',
  models: readonly AwsAccessModel[],
): Question {
  const account = /^\d{12}$/.test(entry) ? entry : /^arn:[^:]+:iam::(\d{12}):root$/.exec(entry)?.[1];
  if (entry === '*')
    return {
      kind,
      principal: { type: 'anyone' },
      action,
      resource,
      // Anyone: the policy as written (Block Public Access is reported apart).
      input: (model) =>
        outsideInput(model, '*', '', action, resource, { ownPolicies: false, scps: false, blockPublicAccess: false }),
    };
  if (account)
    return {
      kind,
      principal: { type: 'account', account },
      action,
      resource,
      input: (model) =>
        outsideInput(model, `arn:aws:iam::${account}:role/any-principal`, account, action, resource, {
          ownPolicies: true,
          scps: false,
        }),
    };
  return {
    kind,
    principal: models.some((m) => m.roles.has(entry))
      ? { type: 'role', arn: entry }
      : { type: 'role-outside', arn: entry },
    action,
    resource,
    input: (model) => {
      const roleAccount = /^arn:[^:]+:iam::(\d{12}):/.exec(entry)?.[1];
      if (model.roles.has(entry)) {
        if (/^sts:AssumeRole/i.test(action) && !model.roles.has(resource)) return undefined;
        const resourceAccountId = resourceAccountFor(model, resource) ?? roleAccount;
        return new AwsAccess(model, iamEvaluator).input({ principal: entry, action, resource, resourceAccountId });
      }
      return roleAccount
        ? outsideInput(model, entry, roleAccount, action, resource, { ownPolicies: true, scps: false })
        : undefined;
    },
  };
}

function assumeBy(entry: string, role: string, models: readonly AwsAccessModel[]): Question {
  return namedPrincipalQuestion(entry, 'sts:AssumeRole', role, 'assume', models);
}

function resourcePolicyQuestions(before: AwsAccessModel, after: AwsAccessModel, arn: string): Question[] {
  const docs = [before.resourcePolicies.get(arn)?.policy.document, after.resourcePolicies.get(arn)?.policy.document];
  const statements = docs.flatMap(statementsOf);
  const named = new Set<string>(['*']);
  for (const s of statements) {
    const p = s.Principal ?? s.NotPrincipal;
    if (p === '*') named.add('*');
    else if (typeof p === 'object' && p !== null)
      for (const e of asList((p as Record<string, unknown>).AWS)) named.add(e);
    for (const [op, byKey] of Object.entries((s.Condition ?? {}) as Record<string, Record<string, unknown>>))
      if (/^(Arn|String)(Equals|Like)$/.test(op))
        for (const [key, values] of Object.entries(byKey ?? {}))
          if (key.toLowerCase() === 'aws:principalarn')
            for (const v of asList(values)) if (!/[*?$]/.test(v)) named.add(v);
  }
  const resources = [...new Set([...resourcesNamed(docs), ...(arn.includes(':s3:::') ? [arn, `${arn}/*`] : [arn])])]
    .filter((r) => r === arn || r.startsWith(`${arn}/`))
    .sort();
  const actions = representativeActions(actionsNamed(docs));
  return [...named].flatMap((entry) =>
    pairs(actions, resources).map(([action, resource]) =>
      namedPrincipalQuestion(entry, action, resource, 'access', [before, after]),
    ),
  );
}

function scpQuestions(before: AwsAccessModel, after: AwsAccessModel): Question[] {
  const docs = [before, after].flatMap((m) =>
    [...(m.organization?.nodes.values() ?? [])].flatMap((n) => n.policies.map((p) => p.document)),
  );
  const actions = representativeActions(actionsNamed(docs));
  const regions = new Set<string>();
  for (const s of docs.flatMap(statementsOf))
    for (const byKey of Object.values((s.Condition ?? {}) as Record<string, Record<string, unknown>>))
      for (const [key, values] of Object.entries(byKey ?? {}))
        if (key.toLowerCase() === 'aws:requestedregion')
          for (const v of asList(values)) if (!/[*?]/.test(v)) regions.add(v);
  const accounts = new Set<string>();
  for (const m of [before, after])
    for (const n of m.organization?.nodes.values() ?? []) if (n.kind === 'account') accounts.add(n.id);
  const out: Question[] = [];
  for (const account of [...accounts].sort())
    for (const region of [undefined, ...[...regions].sort()])
      for (const action of actions)
        out.push({
          kind: 'access',
          principal: { type: 'account-ceiling', account },
          action,
          resource: '*',
          region,
          input: (model) =>
            model.organization?.nodes.has(account)
              ? outsideInput(model, `arn:aws:iam::${account}:role/any-principal`, account, action, '*', {
                  ownPolicies: true,
                  scps: true,
                  region,
                })
              : undefined,
        });
  return out;
}

const ABSENT: EvaluationResult = { decision: 'ImplicitlyDenied', allowedBy: [], deniedBy: [] };

/** Access gained and lost between `before` and `after` for what `scope` says changed. */
export function accessChanges(
  before: AwsAccessModel,
  after: AwsAccessModel,
  scope: AccessChangeScope,
): AccessChangeResult {
  const questions: Question[] = [
    ...scope.roles.flatMap((arn) => roleQuestions(before, after, arn)),
    ...scope.resources.flatMap((arn) => resourcePolicyQuestions(before, after, arn)),
    ...(scope.scps ? scpQuestions(before, after) : []),
  ];
  const seen = new Set<string>();
  const changes: AwsAccessChange[] = [];
  let asked = 0;
  for (const q of questions) {
    const key = JSON.stringify([q.kind, q.principal, q.action, q.resource, q.region]);
    if (seen.has(key)) continue;
    seen.add(key);
    asked++;
    const decide = (model: AwsAccessModel) => {
      const input = q.input(model);
      return input ? iamEvaluator.decide(input) : ABSENT;
    };
    const [b, a] = [decide(before), decide(after)];
    const was = b.decision === 'Allowed';
    const is = a.decision === 'Allowed';
    if (was === is) continue;
    changes.push({
      change: is ? 'gained' : 'lost',
      kind: q.kind,
      principal: q.principal,
      action: q.action,
      resource: q.resource,
      region: q.region,
      allowedBy: (is ? a : b).allowedBy,
      deniedBy: (is ? b : a).deniedBy,
      principalSideOnly: q.principalSideOnly,
    });
  }
  return { changes: withoutSubsumed(changes), questions: asked };
}

const statementKey = (st: DecidingStatement) => JSON.stringify([st.kind, st.policy, st.target, st.sid, st.index]);

/**
 * Drops changes a broader change of the same principal already says: `*` (or `s3:*`) on a resource, or an action
 * on a resource pattern, covers what it matches when the same statements allow both (AdministratorAccess: one
 * line, not one per action and key).
 */
export function withoutSubsumed(changes: readonly AwsAccessChange[]): AwsAccessChange[] {
  const broad = changes.filter((c) => /[*?]/.test(c.action) || /[*?]/.test(c.resource));
  return changes.filter((c) => {
    const mine = new Set(c.allowedBy.map(statementKey));
    return !broad.some(
      (b) =>
        b !== c &&
        b.change === c.change &&
        b.kind === c.kind &&
        b.region === c.region &&
        JSON.stringify(b.principal) === JSON.stringify(c.principal) &&
        actionMatches(b.action, c.action) &&
        (b.action !== c.action || b.resource !== c.resource) &&
        arnMatches(b.resource, c.resource) &&
        b.allowedBy.every((st) => mine.has(statementKey(st))),
    );
  });
}

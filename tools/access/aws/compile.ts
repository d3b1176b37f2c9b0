/**
 * A policy document checked and compiled once into statements the evaluator can match quickly: every element
 * normalized to lists, the grammar checked for the kind of policy (identity, boundary and SCP statements have no
 * Principal; resource policies must have one), and every condition compiled (conditions.ts). Anything this
 * evaluator does not implement, or that is not a valid policy, throws UnsupportedPolicyError: such a policy is
 * never evaluated.
 */
import {
  compileCondition,
  type CompiledCondition,
  type Context,
  substitute,
  UnsupportedPolicyError,
} from './conditions';
import type { PolicyKind } from './evaluator';
import { actionMatches, arnMatches } from './iam-match';
import type { PolicyDocument } from './model';

/** Who is asking, as a resource policy's Principal sees it. */
export type RequestPrincipal =
  | { readonly type: 'role' | 'user' | 'root'; readonly arn: string; readonly account: string }
  | { readonly type: 'webIdentity'; readonly arn: string; readonly account?: string }
  | { readonly type: 'service'; readonly name: string }
  | { readonly type: 'anonymous' };

/**
 * How a Principal element matched: it names the principal itself (a role ARN, an identity provider, a service),
 * everyone (`*`, `"AWS": "*"`, NotPrincipal), or the principal's account (`"AWS": "<account>"`: a delegation to the
 * account's own policies).
 */
export type PrincipalMatch = 'none' | 'principal' | 'everyone' | 'account';

interface PrincipalSpec {
  readonly everyone: boolean;
  readonly aws: readonly string[];
  readonly federated: readonly string[];
  readonly service: readonly string[];
}

export interface CompiledStatement {
  /** 1-based position in the policy. */
  readonly index: number;
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  readonly notAction: boolean;
  /** Undefined: no Resource element (a trust policy): the statement is about the resource it is attached to. */
  readonly resources?: readonly string[];
  readonly notResource: boolean;
  readonly principal?: PrincipalSpec;
  readonly notPrincipal: boolean;
  readonly condition: CompiledCondition;
  /** Version 2012-10-17: `${...}` in resources and condition values are policy variables. */
  readonly variables: boolean;
}

export interface CompiledPolicy {
  readonly name: string;
  readonly statements: readonly CompiledStatement[];
}

const STATEMENT_KEYS = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);
const DOCUMENT_KEYS = new Set(['Version', 'Id', 'Statement']);
const ACTION = /^(\*|[a-zA-Z0-9-]+:[a-zA-Z0-9*?]+)$/;

function strings(value: unknown, policy: string, where: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || !list.every((v) => typeof v === 'string'))
    throw new UnsupportedPolicyError(policy, `${where} must be a string or a non-empty list of strings`);
  return list as string[];
}

function principalSpec(value: unknown, policy: string, where: string): PrincipalSpec {
  if (value === '*') return { everyone: true, aws: [], federated: [], service: [] };
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new UnsupportedPolicyError(policy, `${where} must be "*" or an object of principal types`);
  const spec = { everyone: false, aws: [] as string[], federated: [] as string[], service: [] as string[] };
  for (const [type, raw] of Object.entries(value as Record<string, unknown>)) {
    const values = strings(raw, policy, `${where}.${type}`);
    if (type === 'AWS') {
      for (const v of values) if (v === '*') spec.everyone = true;
      spec.aws.push(...values.filter((v) => v !== '*'));
    } else if (type === 'Federated') spec.federated.push(...values);
    else if (type === 'Service') spec.service.push(...values.map((v) => v.toLowerCase()));
    else if (type !== 'CanonicalUser')
      throw new UnsupportedPolicyError(
        policy,
        `${where}: principal type ${type} is not AWS, Federated, Service or CanonicalUser`,
      );
  }
  return spec;
}

/** `123456789012` or `arn:aws:iam::123456789012:root` -> the account id. */
function accountOfEntry(entry: string): string | undefined {
  if (/^\d{12}$/.test(entry)) return entry;
  return /^arn:[^:]+:iam::(\d{12}):root$/.exec(entry)?.[1];
}

export function matchPrincipal(spec: PrincipalSpec, p: RequestPrincipal): PrincipalMatch {
  if (spec.everyone) return 'everyone';
  if (p.type === 'role' || p.type === 'user' || p.type === 'root') {
    if (spec.aws.includes(p.arn)) return 'principal';
    if (spec.aws.some((e) => accountOfEntry(e) === p.account)) return p.type === 'root' ? 'principal' : 'account';
    return 'none';
  }
  if (p.type === 'webIdentity') return spec.federated.includes(p.arn) ? 'principal' : 'none';
  if (p.type === 'service') return spec.service.includes(p.name.toLowerCase()) ? 'principal' : 'none';
  return 'none';
}

const cache = new WeakMap<PolicyDocument, Map<string, CompiledPolicy>>();

/** Compiles (once per document and kind) a policy; throws UnsupportedPolicyError on grammar it does not implement. */
export function compilePolicy(name: string, document: PolicyDocument, kind: PolicyKind): CompiledPolicy {
  let byKind = cache.get(document);
  const key = `${kind}\u0000${name}`;
  const cached = byKind?.get(key);
  if (cached) return cached;
  for (const k of Object.keys(document))
    if (!DOCUMENT_KEYS.has(k)) throw new UnsupportedPolicyError(name, `unknown policy element ${k}`);
  const version = document.Version;
  if (version !== undefined && version !== '2012-10-17' && version !== '2008-10-17')
    throw new UnsupportedPolicyError(name, `Version ${JSON.stringify(version)} is not 2012-10-17 or 2008-10-17`);
  const raw = document.Statement;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const statements = list.map((s, i) => compileStatement(s, i + 1, name, kind, version === '2012-10-17'));
  const compiled = { name, statements };
  if (!byKind) cache.set(document, (byKind = new Map()));
  byKind.set(key, compiled);
  return compiled;
}

function compileStatement(
  s: unknown,
  index: number,
  policy: string,
  kind: PolicyKind,
  variables: boolean,
): CompiledStatement {
  const where = `statement ${index}`;
  if (typeof s !== 'object' || s === null || Array.isArray(s))
    throw new UnsupportedPolicyError(policy, `${where} is not an object`);
  const st = s as Record<string, unknown>;
  for (const k of Object.keys(st))
    if (!STATEMENT_KEYS.has(k)) throw new UnsupportedPolicyError(policy, `${where}: unknown element ${k}`);
  if (st.Effect !== 'Allow' && st.Effect !== 'Deny')
    throw new UnsupportedPolicyError(
      policy,
      `${where}: Effect must be "Allow" or "Deny", not ${JSON.stringify(st.Effect)}`,
    );
  const one = (a: string, b: string, required: boolean) => {
    if (st[a] !== undefined && st[b] !== undefined)
      throw new UnsupportedPolicyError(policy, `${where} has both ${a} and ${b}`);
    if (required && st[a] === undefined && st[b] === undefined)
      throw new UnsupportedPolicyError(policy, `${where} has neither ${a} nor ${b}`);
  };
  one('Action', 'NotAction', true);
  const resourcePolicy = kind === 'resource';
  one('Resource', 'NotResource', !resourcePolicy);
  one('Principal', 'NotPrincipal', resourcePolicy);
  if (!resourcePolicy && (st.Principal !== undefined || st.NotPrincipal !== undefined))
    throw new UnsupportedPolicyError(policy, `${where}: a ${kind} policy has no Principal element`);
  const actions = strings(st.Action ?? st.NotAction, policy, `${where} ${st.Action ? 'Action' : 'NotAction'}`);
  for (const a of actions)
    if (!ACTION.test(a)) throw new UnsupportedPolicyError(policy, `${where}: ${JSON.stringify(a)} is not an action`);
  const resourceValue = st.Resource ?? st.NotResource;
  const resources = resourceValue === undefined ? undefined : strings(resourceValue, policy, `${where} Resource`);
  const principalValue = st.Principal ?? st.NotPrincipal;
  return {
    index,
    sid: typeof st.Sid === 'string' ? st.Sid : undefined,
    effect: st.Effect,
    actions,
    notAction: st.NotAction !== undefined,
    resources,
    notResource: st.NotResource !== undefined,
    principal: principalValue === undefined ? undefined : principalSpec(principalValue, policy, `${where} Principal`),
    notPrincipal: st.NotPrincipal !== undefined,
    condition: compileCondition(st.Condition, policy, where, variables),
    variables,
  };
}

export function statementMatchesAction(s: CompiledStatement, action: string): boolean {
  const any = s.actions.some((p) => actionMatches(p, action));
  return s.notAction ? !any : any;
}

export function statementMatchesResource(s: CompiledStatement, resource: string, context: Context): boolean {
  if (s.resources === undefined) return true;
  let unresolved = false;
  const any = s.resources.some((p) => {
    const resolved = s.variables ? substitute(p, context) : p;
    if (resolved === undefined) unresolved = true;
    return resolved !== undefined && arnMatches(resolved, resource);
  });
  // A policy variable without a value: that entry matches nothing, and a NotResource statement cannot be applied.
  if (s.notResource) return !any && !unresolved;
  return any;
}

/**
 * 'none' when the statement does not apply to the principal. Without a Principal element: 'principal'. A Deny
 * with NotPrincipal always applies to a principal with a permissions boundary (IAM User Guide, "Permissions
 * boundaries for IAM entities").
 */
export function statementMatchesPrincipal(
  s: CompiledStatement,
  p: RequestPrincipal,
  hasBoundary = false,
): PrincipalMatch {
  if (!s.principal) return 'principal';
  if (s.notPrincipal) {
    if (s.effect === 'Deny' && hasBoundary) return 'principal';
    // NotPrincipal leaves out a caller it names, or whose account it names (this model's principals are roles, not
    // role sessions); it names everyone else, which AWS does not treat as a grant to the caller's session.
    return matchPrincipal(s.principal, p) === 'none' ? 'principal' : 'none';
  }
  return matchPrincipal(s.principal, p);
}

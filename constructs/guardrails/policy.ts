/**
 * IAM policy documents as the rules see them. A policy attribute is a JSON string (tokens inside it are plain
 * `${...}` strings once resolved) or a reference to an `aws_iam_policy_document` data source in the same stack.
 * Anything else (e.g. `${jsonencode(...)}`) cannot be read before Terraform runs and is reported as unreadable.
 */
import { isRecord } from '../../domain/json';
import { blocks, type Json, referencedElement, strings } from './attributes';
import type { StackView } from './types';

export interface PolicyCondition {
  /** Operator, e.g. `StringEquals`, `ForAnyValue:StringLike`, `Bool`. */
  readonly test: string;
  /** Condition key, e.g. `oidc.circleci.com/org/<id>:sub`. */
  readonly variable: string;
  readonly values: readonly string[];
}

export interface PolicyStatement {
  /** Statement id, if any (for messages). */
  readonly sid?: string;
  readonly effect: string;
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
  /** Principal type (`AWS`, `Service`, `Federated`, `*`) -> identifiers. */
  readonly principals: Readonly<Record<string, readonly string[]>>;
  readonly conditions: readonly PolicyCondition[];
}

export type ParsedPolicy =
  | { readonly readable: true; readonly statements: readonly PolicyStatement[] }
  | { readonly readable: false; readonly why: string };

export function parsePolicy(stack: StackView, value: unknown, depth = 0): ParsedPolicy {
  if (value === undefined || value === null || value === '') return { readable: true, statements: [] };
  if (isRecord(value)) return fromJsonDocument(value);
  if (typeof value !== 'string') return { readable: false, why: `is a ${typeof value}, not a JSON policy document` };
  const ref = referencedElement(stack, value.trim());
  if (
    ref &&
    ref.element.type === 'aws_iam_policy_document' &&
    ['json', 'minified_json'].includes(ref.attribute) &&
    depth < 5
  ) {
    return fromPolicyDocumentData(stack, ref.element.config, depth);
  }
  try {
    const doc = JSON.parse(value);
    if (!isRecord(doc)) return { readable: false, why: 'is JSON but not a policy document object' };
    return fromJsonDocument(doc);
  } catch {
    const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
    return { readable: false, why: `is not JSON the guardrails can read before Terraform runs (${shown})` };
  }
}

function fromJsonDocument(doc: Json): ParsedPolicy {
  const raw = doc.Statement;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const statements: PolicyStatement[] = [];
  for (const s of list) {
    if (!isRecord(s)) return { readable: false, why: 'has a Statement that is not an object' };
    statements.push({
      sid: typeof s.Sid === 'string' ? s.Sid : undefined,
      effect: typeof s.Effect === 'string' ? s.Effect : 'Allow',
      actions: strings(s.Action),
      notActions: strings(s.NotAction),
      resources: strings(s.Resource),
      notResources: strings(s.NotResource),
      principals: jsonPrincipals(s.Principal),
      conditions: jsonConditions(s.Condition),
    });
  }
  return { readable: true, statements };
}

function jsonPrincipals(principal: unknown): Record<string, string[]> {
  if (principal === undefined) return {};
  if (typeof principal === 'string') return { [principal === '*' ? '*' : 'AWS']: [principal] };
  if (!isRecord(principal)) return {};
  return Object.fromEntries(Object.entries(principal).map(([type, ids]) => [type, strings(ids)]));
}

function jsonConditions(condition: unknown): PolicyCondition[] {
  if (!isRecord(condition)) return [];
  const out: PolicyCondition[] = [];
  for (const [test, byKey] of Object.entries(condition)) {
    if (!isRecord(byKey)) continue;
    for (const [variable, values] of Object.entries(byKey)) out.push({ test, variable, values: strings(values) });
  }
  return out;
}

function fromPolicyDocumentData(stack: StackView, config: Json, depth: number): ParsedPolicy {
  const statements: PolicyStatement[] = [];
  for (const attribute of ['source_policy_documents', 'override_policy_documents']) {
    for (const source of strings(config[attribute])) {
      const parsed = parsePolicy(stack, source, depth + 1);
      if (!parsed.readable) return parsed;
      statements.push(...parsed.statements);
    }
  }
  for (const s of blocks(config.statement)) {
    const principals: Record<string, string[]> = {};
    for (const p of blocks(s.principals))
      principals[String(p.type)] = [...(principals[String(p.type)] ?? []), ...strings(p.identifiers)];
    statements.push({
      sid: typeof s.sid === 'string' ? s.sid : undefined,
      effect: typeof s.effect === 'string' ? s.effect : 'Allow',
      actions: strings(s.actions),
      notActions: strings(s.not_actions),
      resources: strings(s.resources),
      notResources: strings(s.not_resources),
      principals,
      conditions: blocks(s.condition).map((c) => ({
        test: String(c.test),
        variable: String(c.variable),
        values: strings(c.values),
      })),
    });
  }
  return { readable: true, statements };
}

/** Every principal, whatever its type; `*` stands for anyone. */
export function allPrincipals(statement: PolicyStatement): string[] {
  return Object.values(statement.principals).flat();
}

export function isAllow(statement: PolicyStatement): boolean {
  return statement.effect.toLowerCase() === 'allow';
}

/** An action list entry that means every action of every service. */
export function isEveryAction(action: string): boolean {
  return action === '*' || action === '*:*';
}

/** Whether the statement allows `action` (exact, `service:*` or `*`). */
export function coversAction(statement: PolicyStatement, action: string): boolean {
  const [service] = action.toLowerCase().split(':');
  return statement.actions.some((a) => {
    const x = a.toLowerCase();
    return isEveryAction(x) || x === action.toLowerCase() || x === `${service}:*`;
  });
}

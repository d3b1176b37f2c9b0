/**
 * The test suite's evaluator: `@cloud-copilot/iam-simulate` (AGPL-3.0-or-later), a test-only devDependency. Only
 * tests import this file; the library in tools/access/aws never does.
 *
 * One adaptation: iam-simulate 0.1.173 rejects the standard claim keys (`:aud`, `:sub`...) of an OIDC provider
 * whose host has a path, such as CircleCI's `oidc.circleci.com/org/<id>` ("Condition key ... not found"). Such keys
 * are renamed, in the trust policy and in the request alike, to the same claim of a provider it knows
 * (`accounts.google.com:<claim>`, also a String key of sts:AssumeRoleWithWebIdentity); the operators and values are
 * untouched, so the evaluation is the same. Inputs that already use that provider's keys are refused.
 */
import { getDenialReasons, getGrantReasons, runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import type {
  DecidingStatement,
  DenialReason,
  EvaluationInput,
  EvaluationResult,
  Evaluator,
  PolicyKind,
} from '../../tools/access/aws';

const STAND_IN = 'accounts.google.com';
const RENAMED_CLAIMS = ['aud', 'sub', 'oaud'];
const PATH_PROVIDER_KEY = /^([a-z0-9-]+(?:\.[a-z0-9-]+)+\/[^:\s]+):([a-z_]+)$/i;

function renameKey(key: string): string {
  const m = PATH_PROVIDER_KEY.exec(key);
  if (!m) return key;
  if (!RENAMED_CLAIMS.includes(m[2])) throw new Error(`iam-simulate adapter: OIDC claim key ${key} is not supported`);
  return `${STAND_IN}:${m[2]}`;
}

function renameInPolicy(document: unknown): unknown {
  const doc = structuredClone(document) as Record<string, any>;
  for (const s of [doc.Statement].flat()) {
    for (const byKey of Object.values((s?.Condition ?? {}) as Record<string, Record<string, unknown>>)) {
      for (const key of Object.keys(byKey)) {
        const renamed = renameKey(key);
        if (renamed === key) continue;
        if (renamed in byKey) throw new Error(`iam-simulate adapter: ${renamed} is used already`);
        byKey[renamed] = byKey[key];
        delete byKey[key];
      }
    }
  }
  return doc;
}

const KINDS: Record<string, PolicyKind> = {
  identity: 'identity',
  resource: 'resource',
  scp: 'scp',
  pb: 'permissionsBoundary',
};

function kindOf(type: string): PolicyKind {
  const kind = KINDS[type];
  if (!kind) throw new Error(`iam-simulate adapter: policy type ${type} is not modelled`);
  return kind;
}

export const iamSimulateEvaluator: Evaluator = {
  name: 'iam-simulate 0.1.173',
  async evaluate(input: EvaluationInput): Promise<EvaluationResult> {
    const contextVariables: Record<string, string | string[]> = {};
    for (const [key, value] of Object.entries(input.context))
      contextVariables[renameKey(key)] = Array.isArray(value) ? [...value] : (value as string);
    const simulation: Simulation = {
      request: {
        principal: input.principal,
        action: input.action,
        resource: { resource: input.resource, accountId: input.resourceAccountId },
        contextVariables,
      },
      identityPolicies: input.identityPolicies.map((p) => ({ name: p.name, policy: p.document })),
      permissionBoundaryPolicies: input.permissionsBoundary
        ? [{ name: input.permissionsBoundary.name, policy: input.permissionsBoundary.document }]
        : undefined,
      serviceControlPolicies: input.serviceControlPolicies.map((level) => ({
        orgIdentifier: level.target,
        policies: level.policies.map((p) => ({ name: p.name, policy: p.document })),
      })),
      resourceControlPolicies: [],
      resourcePolicy: input.resourcePolicy ? renameInPolicy(input.resourcePolicy.document) : undefined,
      // Every bucket here blocks public access (guardrail s3-public-access-block): evaluate as S3 would.
      additionalSettings: { s3: { blockPublicAccess: input.s3BlockPublicAccess ?? true } },
    };
    const response = await runSimulation(simulation, {});
    if (response.resultType === 'error')
      throw new Error(`iam-simulate refused the request: ${JSON.stringify(response.errors, null, 2)}`);
    if (response.resultType !== 'single')
      throw new Error(`iam-simulate: resource ${input.resource} is a pattern; evaluate one concrete ARN`);
    const analysis = response.result.analysis;
    if ((response.result.ignoredContextKeys ?? []).length)
      throw new Error(
        `iam-simulate ignored context keys ${response.result.ignoredContextKeys!.join(', ')} for ${input.action}: they do not apply, the test would not test them`,
      );
    const allowedBy: DecidingStatement[] = getGrantReasons(analysis).map((g) => ({
      kind: kindOf(g.policyType),
      policy: 'policyIdentifier' in g ? g.policyIdentifier : undefined,
      target: 'orgIdentifier' in g ? g.orgIdentifier : undefined,
      sid: g.statementId,
      index: g.statementIndex,
    }));
    const deniedBy: DenialReason[] = getDenialReasons(analysis).map((d) =>
      d.denialType === 'Explicit'
        ? {
            type: 'explicit' as const,
            statement: {
              kind: kindOf(d.policyType),
              policy: d.policyIdentifier,
              sid: d.statementId,
              index: d.statementIndex,
            },
          }
        : { type: 'implicit' as const, kind: kindOf(d.policyType), target: d.identifier },
    );
    return { decision: response.overallResult, allowedBy, deniedBy };
  },
};

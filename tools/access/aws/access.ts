/**
 * Answers (principal, action, resource, context) -> Allowed/Denied over an access model: assembles what AWS would
 * evaluate — the principal's identity policies and boundary, the SCPs of its account's place in the organization,
 * the resource's policy (a bucket or repository policy, or a role's trust policy for sts:AssumeRole*) — with the
 * standard context keys, and hands it to the evaluator.
 */
import type { EvaluationInput, EvaluationResult, Evaluator } from './evaluator';
import { type AwsAccessModel, type NamedPolicy, scpChain } from './model';

export interface AccessRequest {
  /**
   * A role ARN of the model, an account's root user (`arn:aws:iam::<account>:root`), or an OIDC provider ARN
   * (`arn:aws:iam::<account>:oidc-provider/<host>`) for sts:AssumeRoleWithWebIdentity; its claims go in `context`.
   */
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  /** Extra context keys (`s3:prefix`, `iam:PolicyARN`, OIDC claims...); they override the defaults below. */
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
  /**
   * The region the request is sent to (`aws:RequestedRegion`). Default: the region in the resource ARN, else the
   * region of the principal account's stacks.
   */
  readonly region?: string;
  /** The account that owns the resource, when neither its ARN nor the model says (a bucket of another stack set). */
  readonly resourceAccountId?: string;
}

export interface AccessAnswer extends EvaluationResult {
  /** What was evaluated, for messages and reports. */
  readonly input: EvaluationInput;
}

/** `arn:partition:service:region:account:resource` -> parts (the resource part keeps its colons). */
function arnParts(arn: string) {
  const [, region, account, resource] = /^arn:[^:]*:[^:]*:([^:]*):([^:]*):(.*)$/.exec(arn) ?? [];
  // Every group takes part in a match (each may be empty): undefined only without one.
  return region !== undefined && account !== undefined && resource !== undefined
    ? { region, account, resource }
    : undefined;
}

export class AwsAccess {
  constructor(
    readonly model: AwsAccessModel,
    readonly evaluator: Evaluator,
  ) {}

  /** Assembles the request as AWS would evaluate it (throws for a principal or resource the model cannot place). */
  input(request: AccessRequest): EvaluationInput {
    const principal = arnParts(request.principal);
    if (!principal || !principal.account)
      throw new Error(`Principal ${JSON.stringify(request.principal)} is not an IAM ARN with an account`);
    const webIdentity = principal.resource.startsWith('oidc-provider/');
    const rootUser = principal.resource === 'root';
    const role = this.model.roles.get(request.principal);
    if (!webIdentity && !rootUser && !role)
      throw new Error(
        `Principal ${request.principal} is not a role of the model (roles: ${[...this.model.roles.keys()].join(', ')})`,
      );

    const resource = arnParts(request.resource);
    const resourcePolicy = this.resourcePolicyOf(request);
    const resourceAccountId =
      request.resourceAccountId ??
      (resource?.account || undefined) ??
      this.resourceAccountOf(request.resource) ??
      (request.resource === '*' ? principal.account : undefined);
    if (!resourceAccountId)
      throw new Error(`The account of ${request.resource} is unknown: it is not in the model; pass resourceAccountId`);

    const region = request.region ?? (resource?.region || this.model.accountRegions.get(principal.account));
    const context: Record<string, string | readonly string[]> = {
      'aws:SecureTransport': 'true',
      ...(region ? { 'aws:RequestedRegion': region } : {}),
      ...(webIdentity ? {} : { 'aws:PrincipalArn': request.principal, 'aws:PrincipalAccount': principal.account }),
      ...request.context,
    };
    return {
      principal: request.principal,
      principalAccountId: principal.account,
      action: request.action,
      resource: request.resource,
      resourceAccountId,
      context,
      identityPolicies: role?.identityPolicies ?? [],
      permissionsBoundary: role?.permissionsBoundary,
      // SCPs restrict the principals of member accounts; a web identity is not one (yet).
      serviceControlPolicies: webIdentity
        ? []
        : scpChain(this.model, principal.account).map((n) => ({ target: n.id, policies: n.policies })),
      resourcePolicy,
      s3BlockPublicAccess: this.publicAccessBlockOf(request.resource),
    };
  }

  /** RestrictPublicBuckets of the request's bucket, when the model has its public access block. */
  private publicAccessBlockOf(resource: string): boolean | undefined {
    const bucket = /^(arn:[^:]+:s3:::[^/]+)/.exec(resource)?.[1];
    return bucket ? this.model.publicAccessBlocks?.get(bucket)?.restrictPublicBuckets : undefined;
  }

  async evaluate(request: AccessRequest): Promise<AccessAnswer> {
    const input = this.input(request);
    return { ...(await this.evaluator.evaluate(input)), input };
  }

  private resourcePolicyOf(request: AccessRequest): NamedPolicy | undefined {
    if (/^sts:AssumeRole/i.test(request.action)) {
      const role = this.model.roles.get(request.resource);
      if (!role) throw new Error(`${request.action} on ${request.resource}: not a role of the model`);
      return role.trustPolicy && { name: `trust policy of ${role.name}`, document: role.trustPolicy };
    }
    const bucket = /^(arn:[^:]+:s3:::[^/]+)/.exec(request.resource)?.[1];
    return this.model.resourcePolicies.get(bucket ?? request.resource)?.policy;
  }

  private resourceAccountOf(resource: string): string | undefined {
    const bucket = /^(arn:[^:]+:s3:::[^/]+)/.exec(resource)?.[1];
    return bucket ? this.model.resourceAccounts.get(bucket) : undefined;
  }
}

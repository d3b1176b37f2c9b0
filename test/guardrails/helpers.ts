/** Tiny stacks for rule tests: built from provider resource classes directly, never from our constructs. */
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { TerraformStack, Testing } from 'cdktf';
import {
  type Finding,
  GUARDRAIL_RULES,
  type GuardrailContext,
  type GuardrailReport,
  Guardrails,
  type Rule,
  type Suppression,
} from '../../constructs/guardrails';

export interface StackSpec {
  readonly name: string;
  readonly context?: GuardrailContext;
  readonly build: (stack: TerraformStack) => void;
}

/** Synthesizes the stacks with the guardrail aspect on each and returns the report. */
export function guard(
  stacks: StackSpec | StackSpec[],
  options: { rules?: readonly Rule[]; suppressions?: Suppression[] } = {},
): GuardrailReport {
  const app = Testing.app();
  const guardrails = new Guardrails(options.rules ?? GUARDRAIL_RULES);
  const built = (Array.isArray(stacks) ? stacks : [stacks]).map((spec) => {
    const stack = new TerraformStack(app, spec.name);
    spec.build(stack);
    guardrails.addStack(stack, spec.context ?? {});
    return stack;
  });
  for (const stack of built) Testing.synth(stack);
  return guardrails.report(options.suppressions ?? []);
}

/** Runs one rule over one stack and returns what it found (errors and warnings). */
export function findings(
  rule: Rule,
  build: (stack: TerraformStack) => void,
  context: GuardrailContext = {},
): Finding[] {
  const report = guard({ name: 'test-stack', context, build }, { rules: [rule] });
  return [...report.errors, ...report.warnings];
}

export const messages = (list: readonly Finding[]) => list.map((f) => f.message);

export interface BucketParts {
  encryption?: boolean;
  versioning?: boolean;
  publicAccessBlock?: boolean;
  tlsPolicy?: boolean;
}

/** A bucket with every companion the S3 rules ask for, unless switched off. */
export function bucket(
  stack: TerraformStack,
  id: string,
  parts: BucketParts = {},
  props: Partial<ConstructorParameters<typeof S3Bucket>[2]> = {},
): S3Bucket {
  const b = new S3Bucket(stack, id, { bucket: `acme-${id}`, ...props });
  if (parts.versioning !== false)
    new S3BucketVersioningA(stack, `${id}-versioning`, {
      bucket: b.id,
      versioningConfiguration: { status: 'Enabled' },
    });
  if (parts.encryption !== false) {
    new S3BucketServerSideEncryptionConfigurationA(stack, `${id}-encryption`, {
      bucket: b.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms' } }],
    });
  }
  if (parts.publicAccessBlock !== false) {
    new S3BucketPublicAccessBlock(stack, `${id}-public-access`, {
      bucket: b.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
  }
  if (parts.tlsPolicy !== false)
    new S3BucketPolicy(stack, `${id}-policy`, { bucket: b.id, policy: tlsOnlyPolicy(b.arn) });
  return b;
}

export function tlsOnlyPolicy(arn: string, overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [arn, `${arn}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        ...overrides,
      },
    ],
  });
}

export const CIRCLECI_HOST = 'oidc.circleci.com/org/67683ad4-0030-4295-8d78-98f14a533081';
export const PROJECT = '7ea39fe3-d3cd-4fa1-ab34-fb10d88a714e';

/** A CircleCI OIDC trust policy with the given conditions. */
export function oidcTrust(condition: Record<string, Record<string, unknown>> | undefined): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: `arn:aws:iam::333333333333:oidc-provider/${CIRCLECI_HOST}` },
        Action: 'sts:AssumeRoleWithWebIdentity',
        ...(condition ? { Condition: condition } : {}),
      },
    ],
  });
}

export function allowPolicy(action: string | string[], resource: string | string[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: action, Resource: resource }],
  });
}

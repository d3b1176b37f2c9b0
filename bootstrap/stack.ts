/**
 * The state-bucket bootstrap: one stack, in the management account, that creates the S3 bucket every other stack
 * keeps its state in (config/platform.ts stateBackend). It cannot keep its own state in a bucket that does not
 * exist yet, so its state is local (bootstrap/terraform.tfstate) until it is migrated into the bucket.
 */
import * as path from 'node:path';
import { App, LocalBackend, S3Backend, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { type PlatformConfig } from '../config';
import { DataBucket } from '../constructs/aws/data-bucket';
import { stateBucketPolicyStatements } from '../constructs/aws/state-access';
import { type GuardrailContext, type GuardrailReport, Guardrails } from '../constructs/guardrails';
import type { SynthOptions } from '../stacks/context';
import { awsProvider } from '../stacks/providers';
import { BOOTSTRAP_STATE_STACK, stateAccessLayout } from '../stacks/state-access';
import { defaultTags, REQUIRED_TAG_KEYS } from '../stacks/tags';

export const BOOTSTRAP_STACK = BOOTSTRAP_STATE_STACK;

/** Where the bootstrap keeps its state before migration: beside this file (git-ignored, *.tfstate). */
export const LOCAL_STATE_FILE = path.join(__dirname, 'terraform.tfstate');

/** How long old versions of a state file are kept (every apply writes a new version). */
export const STATE_VERSION_RETENTION_DAYS = 90;

export type BootstrapBackend = 'local' | 's3';

export interface BootstrapStackProps {
  readonly config: PlatformConfig;
  readonly options: SynthOptions;
  /** `local` (first run) or `s3`: the bucket it created, to migrate its own state there afterwards. */
  readonly backend: BootstrapBackend;
  /** Directory the stack is synthesized into, so the local state path can be written relative to it. */
  readonly stackDir: string;
}

export class BootstrapStack extends TerraformStack {
  readonly bucket: DataBucket;

  constructor(scope: Construct, props: BootstrapStackProps) {
    super(scope, BOOTSTRAP_STACK);
    const { platform } = props.config;
    const state = platform.stateBackend;
    if (props.backend === 's3') {
      const backend = new S3Backend(this, {
        bucket: state.bucket,
        key: `${state.keyPrefix}/${BOOTSTRAP_STACK}.tfstate`,
        region: state.region,
        encrypt: true,
      });
      backend.addOverride('use_lockfile', true);
    } else {
      new LocalBackend(this, { path: path.relative(props.stackDir, LOCAL_STATE_FILE) });
    }
    awsProvider(this, {
      ...props.options,
      region: state.region,
      accountId: platform.aws.managementAccountId,
      sessionName: `data-platform-${BOOTSTRAP_STACK}`,
      defaultTags: defaultTags(BOOTSTRAP_STACK, 'management', 'platform', platform.costCenter),
    });
    // Versioned, encrypted, no public access, TLS-only, never destroyed: the same bucket a team gets for data. Its
    // policy also grants every pipeline role its own state keys (cross-account requests need the bucket's Allow);
    // this stack manages the whole policy, so those grants live here, generated from the same layout as the roles.
    this.bucket = new DataBucket(this, 'state-bucket', {
      bucketName: state.bucket,
      noncurrentVersionExpirationDays: STATE_VERSION_RETENTION_DAYS,
      preventDestroy: true,
      additionalPolicyStatements: stateBucketPolicyStatements(stateAccessLayout(props.config)),
    });
  }
}

export function bootstrapGuardrailContext(config: PlatformConfig): GuardrailContext {
  return {
    awsAccountId: config.platform.aws.managementAccountId,
    managementAccount: true,
    strict: true,
    requiredTagKeys: REQUIRED_TAG_KEYS,
  };
}

/** Builds and synthesizes the bootstrap app into `outdir`; the guardrail report says whether it may be used. */
export function synthesizeBootstrap(
  config: PlatformConfig,
  options: SynthOptions,
  outdir: string,
  backend: BootstrapBackend,
): { stack: BootstrapStack; stackDir: string; report: GuardrailReport } {
  const app = new App({ outdir, stackTraces: false });
  const stackDir = path.resolve(outdir, 'stacks', BOOTSTRAP_STACK);
  const stack = new BootstrapStack(app, { config, options, backend, stackDir });
  const guardrails = new Guardrails();
  guardrails.addStack(stack, bootstrapGuardrailContext(config));
  app.synth();
  return { stack, stackDir, report: guardrails.report() };
}

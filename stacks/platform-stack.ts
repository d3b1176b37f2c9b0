import { LocalBackend, S3Backend } from 'cdktf';
import type { Construct } from 'constructs';
import { SelfContainedStack } from '../cdktf-internals';
import type { StackMode } from './context';

export interface StateBackendProps {
  readonly bucket: string;
  readonly region: string;
  readonly keyPrefix: string;
}

export interface PlatformStackProps {
  readonly mode: StackMode;
  readonly stateBackend: StateBackendProps;
}

/**
 * Every stack of the platform: its own state key in the S3 backend (live) or a local state file (offline).
 * Self-contained: it never references another stack (they share deterministic names), so cdktf's preparing pass is
 * skipped (cdktf-internals/self-contained-stack.ts).
 */
export class PlatformStack extends SelfContainedStack {
  /** The state key of this stack in the S3 backend; contains the stack name, so it is unique per stack. */
  readonly stateKey: string;

  constructor(
    scope: Construct,
    readonly stackName: string,
    props: PlatformStackProps,
  ) {
    super(scope, stackName);
    this.stateKey = `${props.stateBackend.keyPrefix}/${stackName}.tfstate`;
    if (props.mode === 'offline') {
      new LocalBackend(this, { path: 'terraform.tfstate' });
      return;
    }
    const backend = new S3Backend(this, {
      bucket: props.stateBackend.bucket,
      key: this.stateKey,
      region: props.stateBackend.region,
      encrypt: true,
    });
    // S3-native locking (Terraform >= 1.10); cdktf 0.21's S3Backend has no prop for it yet.
    backend.addOverride('use_lockfile', true);
  }
}

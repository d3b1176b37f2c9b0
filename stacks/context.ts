/**
 * How stacks are synthesized.
 * - `live`: S3 backend, real credentials from the environment running Terraform (CI: OIDC; people: SSO).
 * - `offline`: local backend, placeholder credentials, skip flags and a dead loopback endpoint, so `terraform
 *   validate`/`plan` run on a machine with no cloud account and any stray API call fails at once.
 */
export type StackMode = 'live' | 'offline';

/** How the AWS provider of member-account stacks gets into that account in live mode. */
export type AwsAuth =
  /** Assume the organization's member-account role from management-account credentials (people, first deploys). */
  | 'assume-role'
  /** Use the ambient credentials as they are (CI, which already assumed the account's plan/deploy role by OIDC). */
  | 'ambient';

export interface SynthOptions {
  readonly mode: StackMode;
  readonly awsAuth: AwsAuth;
}

/** Reads the synth options from the environment: DATA_PLATFORM_MODE and DATA_PLATFORM_AWS_AUTH. */
export function synthOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): SynthOptions {
  const mode = env.DATA_PLATFORM_MODE ?? 'live';
  const awsAuth = env.DATA_PLATFORM_AWS_AUTH ?? 'assume-role';
  if (mode !== 'live' && mode !== 'offline') {
    throw new Error(`DATA_PLATFORM_MODE must be "live" or "offline", got "${mode}"`);
  }
  if (awsAuth !== 'assume-role' && awsAuth !== 'ambient') {
    throw new Error(`DATA_PLATFORM_AWS_AUTH must be "assume-role" or "ambient", got "${awsAuth}"`);
  }
  return { mode, awsAuth };
}

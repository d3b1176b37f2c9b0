import { isStackMode, type StackMode } from '../domain/stack-mode';

/** How stacks are synthesized (domain/stack-mode.ts). */
export type { StackMode } from '../domain/stack-mode';

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
  if (isStackMode(mode) && isAwsAuth(awsAuth)) return { mode, awsAuth };
  const problems: string[] = [];
  if (!isStackMode(mode))
    problems.push(
      `DATA_PLATFORM_MODE must be "live" or "offline", got "${mode}": unset it for live, or set DATA_PLATFORM_MODE=offline`,
    );
  if (!isAwsAuth(awsAuth))
    problems.push(
      `DATA_PLATFORM_AWS_AUTH must be "assume-role" or "ambient", got "${awsAuth}": unset it for assume-role, or set DATA_PLATFORM_AWS_AUTH=ambient (CI after OIDC)`,
    );
  throw new Error(`${problems.join('\n')}\nNothing was synthesized.`);
}

function isAwsAuth(value: string): value is AwsAuth {
  return value === 'assume-role' || value === 'ambient';
}

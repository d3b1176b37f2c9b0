/**
 * Provider configuration shared by the stacks. Deep imports only: the provider packages' roots load every binding.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SnowflakeProvider } from '@cdktf/provider-snowflake/lib/provider';
import type { Construct } from 'constructs';
import { awsPartition } from '../domain/aws';
import type { StackMode } from '../domain/stack-mode';
import type { AwsAuth } from './context';

/**
 * An unused loopback port. Offline, the provider sends every AWS API request through it as its HTTP(S) proxy, so
 * any call fails at once. A proxy rather than an `endpoints` block: it covers every service, and an `endpoints`
 * block (even an empty one) costs seconds of provider-side validation per Terraform walk (docs/benchmarks.md, "Measurements behind the code").
 */
export const OFFLINE_ENDPOINT = 'http://127.0.0.1:9';

export interface AwsProviderOptions {
  readonly mode: StackMode;
  readonly awsAuth: AwsAuth;
  readonly region: string;
  /** The only account this stack may touch: a plan with other credentials fails instead of changing it. */
  readonly accountId: string;
  /** Role to assume in `accountId` (live mode with awsAuth `assume-role`); omitted for the management account. */
  readonly assumeRoleName?: string;
  readonly sessionName: string;
  /** Tags on every resource the provider manages, set once here. */
  readonly defaultTags: Record<string, string>;
}

export function awsProvider(scope: Construct, options: AwsProviderOptions): AwsProvider {
  const common = {
    region: options.region,
    defaultTags: [{ tags: options.defaultTags }],
  };
  if (options.mode === 'offline') {
    // No allowed_account_ids offline: with skip_requesting_account_id the provider's account id is "", and the
    // check fails ("AWS account ID not allowed") as soon as a stack has a resource. Offline never applies anyway.
    return new AwsProvider(scope, 'aws', {
      ...common,
      accessKey: 'offline-placeholder',
      secretKey: 'offline-placeholder',
      skipCredentialsValidation: true,
      skipRequestingAccountId: true,
      skipMetadataApiCheck: 'true',
      skipRegionValidation: true,
      httpProxy: OFFLINE_ENDPOINT,
      httpsProxy: OFFLINE_ENDPOINT,
      // Set, so that a NO_PROXY in the environment (e.g. `.amazonaws.com`) cannot send a call around the dead proxy.
      noProxy: 'localhost',
      // One attempt: a stray call fails at once instead of retrying the dead port for many seconds.
      maxRetries: 1,
    });
  }
  const assume = options.assumeRoleName && options.awsAuth === 'assume-role';
  return new AwsProvider(scope, 'aws', {
    ...common,
    allowedAccountIds: [options.accountId],
    assumeRole: assume
      ? [
          {
            roleArn: `arn:${awsPartition(options.region)}:iam::${options.accountId}:role/${options.assumeRoleName}`,
            sessionName: options.sessionName,
          },
        ]
      : undefined,
  });
}

export interface SnowflakeProviderOptions {
  readonly organizationName: string;
  readonly accountName: string;
  readonly user: string;
  /** The role Terraform runs as; objects it creates are owned by this role. */
  readonly role: string;
  /** Alias, for a second provider with another role in the same stack. */
  readonly alias?: string;
}

/**
 * Key-pair authentication: the private key comes from SNOWFLAKE_PRIVATE_KEY in the environment running Terraform
 * (a CircleCI context per environment), never from config.
 */
export function snowflakeProvider(scope: Construct, id: string, options: SnowflakeProviderOptions): SnowflakeProvider {
  return new SnowflakeProvider(scope, id, {
    organizationName: options.organizationName,
    accountName: options.accountName,
    user: options.user,
    role: options.role,
    authenticator: 'SNOWFLAKE_JWT',
    alias: options.alias,
  });
}

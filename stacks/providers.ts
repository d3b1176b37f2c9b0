/**
 * Provider configuration shared by the stacks. Deep imports only: the provider packages' roots load every binding.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SnowflakeProvider } from '@cdktf/provider-snowflake/lib/provider';
import { TerraformStack, TerraformVariable } from 'cdktf';
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

/**
 * The snowflakedb/snowflake version every Snowflake stack requires, exactly. The bindings
 * (@cdktf/provider-snowflake 15.9.1) are generated from 2.11.0 and would pin that; 2.20.0 is the first release that
 * reads database-role grantees without a database prefix (Snowflake's 2026_06 behaviour bundle, BCR-2371) and has no
 * cluster-count drift on Standard edition (2.18.x and 2.19.x show `0 -> 1` on every plan there). Every attribute the
 * stacks use exists unchanged in 2.20.0. Exact, not a range: a newer release is taken only after reading its
 * migration guide (docs/snowflake.md, "Provider version").
 */
export const SNOWFLAKE_PROVIDER_VERSION = '2.20.0';

/**
 * The Terraform variable holding the private key of the account-admin user (TF_VAR_<name> in the environment running
 * Terraform). Ephemeral: Terraform keeps it out of saved plans and state, and asks for it again at apply.
 */
export const ACCOUNT_ADMIN_KEY_VARIABLE = 'snowflake_accountadmin_private_key';

export interface SnowflakeProviderOptions {
  readonly organizationName: string;
  readonly accountName: string;
  readonly user: string;
  /** The role Terraform runs as; objects it creates are owned by this role. */
  readonly role: string;
  /** Alias, for a second provider with another role in the same stack. */
  readonly alias?: string;
  /**
   * Where the private key comes from: `environment` (SNOWFLAKE_PRIVATE_KEY, the environment's deploy user) or the
   * ephemeral variable ACCOUNT_ADMIN_KEY_VARIABLE (the account-admin user, another user with another key).
   * Default: environment.
   */
  readonly privateKey?: 'environment' | 'account-admin-variable';
}

/**
 * Key-pair authentication: the private key comes from the environment running Terraform (a CircleCI context per
 * environment), never from config: SNOWFLAKE_PRIVATE_KEY for the deploy user, the ephemeral variable
 * ACCOUNT_ADMIN_KEY_VARIABLE for the account-admin user. Also pins the provider version (SNOWFLAKE_PROVIDER_VERSION).
 */
export function snowflakeProvider(scope: Construct, id: string, options: SnowflakeProviderOptions): SnowflakeProvider {
  const stack = TerraformStack.of(scope);
  stack.addOverride('terraform.required_providers.snowflake.version', SNOWFLAKE_PROVIDER_VERSION);
  return new SnowflakeProvider(scope, id, {
    organizationName: options.organizationName,
    accountName: options.accountName,
    user: options.user,
    role: options.role,
    authenticator: 'SNOWFLAKE_JWT',
    alias: options.alias,
    privateKey: options.privateKey === 'account-admin-variable' ? accountAdminKey(stack) : undefined,
  });
}

/** The stack's ephemeral, sensitive variable for the account-admin key (one per stack, however many providers use it). */
function accountAdminKey(stack: TerraformStack): string {
  const existing = stack.node.tryFindChild(ACCOUNT_ADMIN_KEY_VARIABLE);
  const variable =
    existing instanceof TerraformVariable
      ? existing
      : new TerraformVariable(stack, ACCOUNT_ADMIN_KEY_VARIABLE, {
          type: 'string',
          sensitive: true,
          nullable: false,
          description: 'Private key of the Snowflake account-admin user (TF_VAR_snowflake_accountadmin_private_key)',
        });
  // Terraform 1.10+: never written to a saved plan or to state (the cdktf 0.21 typings do not know the argument).
  variable.addOverride('ephemeral', true);
  return variable.stringValue;
}

/**
 * What each stack is, for the guardrail rules (plain data, never config), and which suppressions apply where.
 */
import { type PlatformConfig, stackNames } from '../config';
import type { GuardrailContext, Suppression, SuppressionSite } from '../constructs/guardrails';
import { REQUIRED_TAG_KEYS } from './tags';

/**
 * What each stack is, for the guardrail rules, keyed by stack name. The rules get plain data, never config: the
 * environment's protection level and CI and registry settings; the platform deploy role is the only admin role, and
 * only in the environment accounts; the plan role is read-only.
 */
export function guardrailContexts(config: PlatformConfig): Map<string, GuardrailContext> {
  const { platform } = config;
  const base: GuardrailContext = {
    adminRoleNames: [platform.names.deployRole],
    readOnlyRoleNames: [platform.names.planRole],
    maxAutoSuspendSeconds: platform.guardrails.maxAutoSuspendSeconds,
    requiredTagKeys: REQUIRED_TAG_KEYS,
  };
  const contexts = new Map<string, GuardrailContext>();
  // The management account: no role there may hold `*` on `*` (SCPs never restrict it, and its deploy role gets
  // only what the organization stack manages), and only the read-only plan role may be assumed from a branch.
  contexts.set(stackNames.organization, {
    ...base,
    adminRoleNames: [],
    requireMainBranch: true,
    awsAccountId: platform.aws.managementAccountId,
    managementAccount: true,
    protectedAccountNames: config.environments.filter((e) => e.protection.preventDestroy).map((e) => e.aws.accountName),
  });
  for (const env of config.environments) {
    const context: GuardrailContext = {
      ...base,
      awsAccountId: env.aws.accountId,
      strict: env.protection.preventDestroy,
      minDataRetentionDays: env.protection.dataRetentionTimeInDays,
      requireImmutableImages: env.ecr.requireImmutableTags,
      requireMainBranch: env.ci.deployFromMainOnly,
      snowflakePlatformRoleNames: [env.snowflake.adminRole, env.snowflake.userAdminRole],
    };
    contexts.set(env.stacks.platformAws, context);
    contexts.set(env.stacks.platformSnowflake, context);
    for (const team of env.teams) {
      contexts.set(team.stacks.aws, { ...context, team: team.name });
      contexts.set(team.stacks.snowflake, { ...context, team: team.name });
    }
  }
  return contexts;
}

/** The config's suppressions: the platform's apply to every stack, a team's only to that team's stacks. */
export function configSuppressions(config: PlatformConfig): Suppression[] {
  return [
    ...config.platform.suppressions.map((s) => ({ ...s, origin: config.platform.file })),
    ...config.teams.flatMap((t) => t.suppressions.map((s) => ({ ...s, origin: t.file, team: t.name }))),
  ];
}

/** Where to suppress a finding of a stack, for the guardrail report: the team's file, or the platform's for any stack. */
export function suppressionSite(config: PlatformConfig): SuppressionSite {
  const teamFiles = new Map(
    config.environments.flatMap((e) =>
      e.teams.flatMap((t) => [t.stacks.aws, t.stacks.snowflake].map((s) => [s, t.file])),
    ),
  );
  const platformFile = config.platform.file;
  return (stack) => {
    const teamFile = teamFiles.get(stack);
    return `the suppressions of ${teamFile ? `${teamFile} (or ${platformFile}, for every stack)` : platformFile}`;
  };
}

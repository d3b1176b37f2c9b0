/**
 * What each stack is, for the guardrail rules (plain data, never config), and which suppressions apply where.
 */
import type { PlatformConfig } from '../config';
import { platformAwsNames, stackNames } from '../config';
import type { GuardrailContext, Suppression } from '../constructs/guardrails';
import { REQUIRED_TAG_KEYS } from './tags';

/** Environments whose ECR tags may move (`latest` in a sandbox); every other environment releases immutable images. */
export const MUTABLE_IMAGE_ENVIRONMENTS: readonly string[] = ['dev'];

/**
 * What each stack is, for the guardrail rules, keyed by stack name. The rules get plain data, never config: the
 * strict protection level means deletion protection and main-branch-only deploys; the platform deploy role is the
 * only admin role, and only in the environment accounts; the plan role is read-only.
 */
export function guardrailContexts(config: PlatformConfig): Map<string, GuardrailContext> {
  const { platform } = config;
  const roles = platformAwsNames(platform.namePrefix);
  const base: GuardrailContext = {
    adminRoleNames: [roles.deployRole],
    readOnlyRoleNames: [roles.planRole],
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
    protectedAccountNames: config.environments
      .filter((e) => platform.protectionLevels[e.protection].preventDestroy)
      .map((e) => e.aws.accountName),
  });
  for (const env of config.environments) {
    const level = platform.protectionLevels[env.protection];
    const context: GuardrailContext = {
      ...base,
      awsAccountId: env.aws.accountId,
      strict: level.preventDestroy,
      minDataRetentionDays: level.dataRetentionTimeInDays,
      requireImmutableImages: !MUTABLE_IMAGE_ENVIRONMENTS.includes(env.name),
      requireMainBranch: env.protection === 'strict',
    };
    contexts.set(stackNames.platformAws(env.name), context);
    contexts.set(stackNames.platformSnowflake(env.name), context);
    for (const team of config.teams.filter((t) => t.environmentNames.includes(env.name))) {
      contexts.set(stackNames.teamAws(env.name, team.name), { ...context, team: team.name });
      contexts.set(stackNames.teamSnowflake(env.name, team.name), { ...context, team: team.name });
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

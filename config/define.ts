/**
 * Typed identity helpers for config files: they give editor completion and type errors while you type, and change
 * nothing at run time. The zod schemas in schema.ts are what really validates.
 */
import type { EnvironmentInput, PlatformInput, TeamInput } from './schema';

export function defineTeam(team: TeamInput): TeamInput {
  return team;
}

export function defineEnvironments<const T extends Record<string, EnvironmentInput>>(environments: T): T {
  return environments;
}

export function definePlatform(platform: PlatformInput): PlatformInput {
  return platform;
}

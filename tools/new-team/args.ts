/** Command line of `npm run new-team` (the convention of tools/cli.ts: `--help` exits 0, usage errors exit 2). */
import { defineCommand, type ParsedCommand, UsageError } from '../cli';

export const NEW_TEAM_COMMAND = defineCommand({
  command: 'npm run new-team --',
  summary:
    'Scaffolds config/teams/<name>.ts for a new team, validated with the real validator before anything is written.',
  positionals: {
    usage: '<name>',
    description: 'team name: lowercase letters, digits and "-", e.g. growth',
    min: 1,
    max: 1,
  },
  options: {
    owner: {
      type: 'string',
      multiple: true,
      valueName: 'EMAIL',
      description: 'an owner of the workspace (repeatable; default: git config user.email)',
    },
    reads: {
      type: 'string',
      multiple: true,
      valueName: 'TEAM.SCHEMA',
      description: 'a dataset of another team to read, e.g. data-integration.CURATED (repeatable, or comma-separated)',
    },
    description: { type: 'string', valueName: 'TEXT', description: 'one sentence on what the team does' },
    'cost-center': {
      type: 'string',
      valueName: 'ID',
      description: 'cost center for AWS cost allocation (default: unassigned)',
    },
    'config-dir': {
      type: 'string',
      valueName: 'DIR',
      description: "config directory to add the team to (default: the repository's config/)",
    },
    'dry-run': { type: 'boolean', description: 'validate and print what would be created, write nothing' },
  },
  exitCodes: {
    0: 'the team file was written (or, with --dry-run, would be)',
    1: 'refused, nothing written: invalid name or values, the team exists, or the configuration is invalid',
  },
  details:
    'Without --config-dir, docs/access.md (who can access what) is regenerated too, so the pull request includes it.',
});

export interface NewTeamArgs {
  readonly name: string;
  readonly owners: string[];
  readonly reads: string[];
  readonly description?: string;
  readonly costCenter?: string;
  readonly configDir?: string;
  readonly dryRun: boolean;
}

/** The parsed command line as the scaffold needs it. */
export function newTeamArgs({ values, positionals }: ParsedCommand<typeof NEW_TEAM_COMMAND.options>): NewTeamArgs {
  const [name] = positionals;
  if (name === undefined) throw new UsageError('expected <name>'); // runCommand checks it first (min: 1)
  return {
    name,
    owners: values.owner ?? [],
    reads: (values.reads ?? []).flatMap((r) =>
      r
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
    description: values.description,
    costCenter: values['cost-center'],
    configDir: values['config-dir'],
    dryRun: values['dry-run'] === true,
  };
}

/** Command line of `npm run new-team`. */

export const USAGE = `Usage: npm run new-team -- <name> [--owner <email>]... [--reads <team>.<SCHEMA>]...
                            [--description <text>] [--cost-center <id>] [--config-dir <dir>] [--dry-run]

  <name>                 team name: lowercase letters, digits and "-", e.g. growth
  --owner <email>        an owner of the workspace (repeatable; default: git config user.email)
  --reads <team>.<SCHEMA>  a dataset of another team to read, e.g. data-integration.CURATED (repeatable)
  --description <text>   one sentence on what the team does
  --cost-center <id>     cost center for AWS cost allocation (default: unassigned)
  --config-dir <dir>     config directory to add the team to (default: the repository's config/)
  --dry-run              validate and print what would be created, write nothing`;

export interface NewTeamArgs {
  readonly name: string;
  readonly owners: string[];
  readonly reads: string[];
  readonly description?: string;
  readonly costCenter?: string;
  readonly configDir?: string;
  readonly dryRun: boolean;
}

export class UsageError extends Error {}

export function parseArgs(argv: readonly string[]): NewTeamArgs | 'help' {
  const positional: string[] = [];
  const owners: string[] = [];
  const reads: string[] = [];
  let description: string | undefined;
  let costCenter: string | undefined;
  let configDir: string | undefined;
  let dryRun = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--')))
        throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '-h':
      case '--help':
        return 'help';
      case '--owner':
        owners.push(value());
        break;
      case '--reads':
        reads.push(
          ...value()
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        );
        break;
      case '--description':
        description = value();
        break;
      case '--cost-center':
        costCenter = value();
        break;
      case '--config-dir':
        configDir = value();
        break;
      case '--dry-run':
        dryRun = true;
        break;
      default:
        if (arg.startsWith('-')) throw new UsageError(`unknown option "${arg}"`);
        positional.push(arg);
    }
  }
  if (positional.length === 0) throw new UsageError('missing the team name');
  if (positional.length > 1)
    throw new UsageError(`expected one team name, got ${positional.map((p) => `"${p}"`).join(', ')}`);
  return { name: positional[0], owners, reads, description, costCenter, configDir, dryRun };
}

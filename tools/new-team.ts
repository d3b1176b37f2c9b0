/**
 * `npm run new-team -- <name> [--owner <email>]... [--reads <team>.<SCHEMA>]...`: scaffolds config/teams/<name>.ts.
 * Options and exit codes: NEW_TEAM_COMMAND (tools/new-team/args.ts), printed by `--help`. Wiring only; the logic is
 * in tools/new-team/.
 */
import * as path from 'node:path';
import { runMain } from './cli';
import { gitEmail, runNewTeam } from './new-team/scaffold';

runMain('new-team', async (argv) =>
  runNewTeam(argv, {
    defaultOwner: () => gitEmail(),
    // The repository's own config changes: keep its committed access report in step.
    ownAccessReportFile: path.resolve(__dirname, '..', 'docs', 'access.md'),
  }),
);

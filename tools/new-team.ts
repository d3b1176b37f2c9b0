/**
 * `npm run new-team -- <name> [--owner <email>] [--reads <team>.<SCHEMA>]...`: scaffolds config/teams/<name>.ts.
 * Wiring only; the logic is in tools/new-team/.
 */
import * as path from 'node:path';
import { gitEmail, runNewTeam } from './new-team/scaffold';

const argv = process.argv.slice(2);
const ownConfig = !argv.some((a) => a === '--config-dir' || a.startsWith('--config-dir='));
process.exitCode = runNewTeam(argv, {
  defaultOwner: () => gitEmail(),
  // The repository's own config changes: keep its committed access report in step.
  accessReportFile: ownConfig ? path.resolve(__dirname, '..', 'docs', 'access.md') : undefined,
});

/**
 * `npm run access-report [-- --check | --render]`: who can access what, in docs/access.md. Options and exit codes:
 * ACCESS_REPORT_COMMAND (tools/access-report/run.ts), printed by `--help`. Wiring only; the logic is in
 * tools/access-report/.
 */
import { runAccessReport } from './access-report/run';
import { runMain } from './cli';

runMain('access-report', async (argv) => runAccessReport(argv));

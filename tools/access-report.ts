/**
 * `npm run access-report [-- --check | --render]`: who can access what, in docs/access.md. Wiring only; the logic
 * is in tools/access-report/.
 */
import { runAccessReport } from './access-report/run';

process.exitCode = runAccessReport(process.argv.slice(2));

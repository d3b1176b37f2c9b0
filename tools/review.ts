/**
 * `npm run review`: options and exit codes in tools/review/cli.ts (REVIEW_COMMAND, printed by --help). Import the
 * library from tools/review/index, not from here: this file is the command.
 */
import { runMain } from './cli';
import { runReview } from './review/cli';

if (require.main === module) runMain('review', (argv) => runReview(argv));

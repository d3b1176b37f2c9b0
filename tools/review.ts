/**
 * `npm run review`: options and exit codes in tools/review/cli.ts (USAGE). Import the library from
 * tools/review/index, not from here: this file is the command.
 */
import { runReview } from './review/cli';

if (require.main === module) {
  runReview(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(
        `review: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      process.exitCode = 1;
    },
  );
}

/**
 * The cdktf release this directory was written and tested against. Every patch imports this module first, so
 * loading any of them with another cdktf installed fails at once, before a patch silently stops working (slower
 * synthesis) or changes the output.
 */
import cdktfPackage from 'cdktf/package.json';

/** The package and version whose internals the patches here were checked against (test/cdktf-internals/). */
export const WRITTEN_FOR = { name: 'cdktf', version: '0.21.0' } as const;

/** Set to the installed version (e.g. `0.24.0`) to load anyway, to try an upgrade or the fork `cdktn`. */
export const ALLOW_CDKTF_VERSION_ENV = 'DATA_PLATFORM_ALLOW_CDKTF_VERSION';

export interface InstalledPackage {
  readonly name: string;
  readonly version: string;
}

/**
 * Compares the installed cdktf with WRITTEN_FOR. Same: undefined. Different but allowed by
 * `DATA_PLATFORM_ALLOW_CDKTF_VERSION=<installed version>`: a warning to print. Otherwise it throws, saying what to
 * re-check.
 */
export function checkCdktfVersion(
  installed: InstalledPackage,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (installed.name === WRITTEN_FOR.name && installed.version === WRITTEN_FOR.version) return undefined;
  const what = `${installed.name} ${installed.version} is installed, but cdktf-internals/ was written for ${WRITTEN_FOR.name} ${WRITTEN_FOR.version}`;
  if (env[ALLOW_CDKTF_VERSION_ENV] === installed.version) {
    return `${what}; loading anyway because ${ALLOW_CDKTF_VERSION_ENV}=${installed.version}. Synthesized output is only trustworthy once \`npx jest test/cdktf-internals\` passes.`;
  }
  throw new Error(
    [
      `${what}.`,
      'This project relies on cdktf beyond its public API in six places (token stack traces, compact element output,',
      'the skipped preparing pass, the kept synthesized JSON, stand-in stacks, the merged manifest); a new release may',
      'have changed any of them. To check, run the canary tests with the new version allowed:',
      `  ${ALLOW_CDKTF_VERSION_ENV}=${installed.version} npx jest test/cdktf-internals`,
      `and read what each failure means in the README ("cdktf's sunset and the migration path"). When all pass, set`,
      `WRITTEN_FOR in cdktf-internals/version.ts to ${installed.name} ${installed.version}.`,
    ].join('\n'),
  );
}

const warning = checkCdktfVersion({ name: cdktfPackage.name, version: cdktfPackage.version });
if (warning) process.emitWarning(warning, 'CdktfVersionWarning');

/** Jest transforms TypeScript with esbuild (test/esbuild-transform.js, no type-check); `tsc --noEmit` type-checks once. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': '<rootDir>/test/esbuild-transform.js' },
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  // A directory per run where test files share real-terraform work (test/run-dir.ts, test/terraform/shared.ts), and
  // a temp directory per run that TMPDIR points at, removed at teardown: nothing is left in the system's temp dir.
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  // One worker per core (jest's default leaves one core to itself: on 2 cores that is a single worker). The
  // terraform tests spend most of their time waiting for terraform processes, so both cores stay busy.
  maxWorkers: '100%',
  testSequencer: '<rootDir>/test/sequencer.js',
  testTimeout: 120000,
};

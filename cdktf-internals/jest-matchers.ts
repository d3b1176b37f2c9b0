/**
 * Not a patch, and for tests only: the typings of cdktf's jest matchers (`toHaveResourceWithProperties`, …), which
 * `Testing.setupJest()` registers at run time (test/setup.ts), live in a private path of the package. Type-only:
 * nothing is loaded at run time. If the fork moves them, `tsc` fails on every test using a matcher.
 */
import type {} from 'cdktf/lib/testing/adapters/jest';

import { Testing } from 'cdktf';
import { disableTokenStackTraces } from '../cdktf-internals';

// cdktf's jest matchers: toHaveResource, toHaveResourceWithProperties, toBeValidTerraform...
Testing.setupJest();
// As synthesis does: no stack trace per token (it changes no output, and made tests several times slower).
// test/cdktf-internals/token-stack-traces.test.ts checks cdktf's default on a fresh copy of the modules.
disableTokenStackTraces();

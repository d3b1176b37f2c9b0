/**
 * Jest's test order, with the files that run real Terraform (or many synth processes) first, whatever the timing
 * cache says (a fresh clone, as in CI, has none, and jest would order by file size). They are the long pole: started
 * first, their Terraform processes overlap the many short files instead of running alone at the end. The first file
 * makes the shared plans that the review files reuse (test/terraform/shared.ts); the preview file plans on its own.
 */
const Sequencer = require('@jest/test-sequencer').default;

const FIRST = [
  'test/terraform/plan.test.ts',
  'test/affected/affected.test.ts',
  'test/review/preview.test.ts',
  'test/terraform/validate.test.ts',
  'test/review/real-plans.test.ts',
  'test/terraform/deploy.test.ts',
  'test/terraform/hand-deploy.test.ts',
  'test/review/real-plan-edges.test.ts',
  'test/review/real-plan-protection.test.ts',
  'test/review/real-plan-access.test.ts',
  'test/safety/bootstrap.test.ts',
];

class HeavyFirstSequencer extends Sequencer {
  sort(tests) {
    const rank = (test) => {
      const i = FIRST.findIndex((file) => test.path.split('\\').join('/').endsWith(file));
      return i < 0 ? FIRST.length : i;
    };
    // Array.prototype.sort is stable: the rest keep jest's order (failed first, then slowest, then largest).
    return [...super.sort(tests)].sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = HeavyFirstSequencer;

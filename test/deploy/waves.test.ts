/** Deploy waves from stack dependencies (tools/deploy/waves.ts), on small graphs whose answer is worked out by hand. */
import { DependencyCycleError, dependencyClosure, deployWaves } from '../../tools/deploy/waves';
import { inEnvironment } from '../../tools/deploy/run';

const graph = new Map<string, string[]>([
  ['organization', []],
  ['dev-platform-aws', ['organization']],
  ['dev-platform-snowflake', []],
  ['dev-a-aws', ['dev-platform-aws']],
  ['dev-a-snowflake', ['dev-platform-snowflake']],
  ['dev-b-snowflake', ['dev-platform-snowflake', 'dev-a-snowflake']],
]);

test('a stack comes one wave after the last stack of the set it depends on', () => {
  expect(deployWaves([...graph.keys()], graph)).toEqual([
    ['dev-platform-snowflake', 'organization'],
    ['dev-a-snowflake', 'dev-platform-aws'],
    ['dev-a-aws', 'dev-b-snowflake'],
  ]);
});

test('order holds through stacks that are not deployed (no changes): organization before dev-a-aws', () => {
  expect(deployWaves(['dev-a-aws', 'organization'], graph)).toEqual([['organization'], ['dev-a-aws']]);
  expect(deployWaves(['dev-a-aws', 'dev-b-snowflake'], graph)).toEqual([['dev-a-aws', 'dev-b-snowflake']]);
});

test('closure and cycles', () => {
  expect([...dependencyClosure(graph, 'dev-a-aws')].sort()).toEqual(['dev-platform-aws', 'organization']);
  const cyclic = new Map([
    ['a', ['b']],
    ['b', ['c']],
    ['c', ['a']],
  ]);
  expect(() => deployWaves(['a'], cyclic)).toThrow(DependencyCycleError);
  expect(() => deployWaves(['a'], cyclic)).toThrow('stack dependencies form a cycle: a -> b -> c -> a');
});

test('environments: management holds the organization stack, <env> the <env>-* stacks', () => {
  expect(inEnvironment('organization', 'management')).toBe(true);
  expect(inEnvironment('dev-platform-aws', 'management')).toBe(false);
  expect(inEnvironment('dev-platform-aws', 'dev')).toBe(true);
  expect(inEnvironment('organization', 'dev')).toBe(false);
  expect(inEnvironment('devx-platform-aws', 'dev')).toBe(false);
});

/**
 * Deploy order: waves of stacks from the synthesized manifest's dependencies. A stack's wave is one more than the
 * highest wave of any stack of the set it depends on, directly or through stacks outside the set (so a chain
 * A ← B ← C with only A and C deployed still puts C after A). Stacks of one wave never depend on each other.
 */

export class DependencyCycleError extends Error {
  constructor(readonly cycle: string[]) {
    super(`stack dependencies form a cycle: ${cycle.join(' -> ')}`);
    this.name = 'DependencyCycleError';
  }
}

/** Every stack `name` depends on, directly or transitively, in `graph` (stack -> direct dependencies). */
export function dependencyClosure(graph: ReadonlyMap<string, readonly string[]>, name: string): Set<string> {
  const seen = new Set<string>();
  const visit = (n: string, trail: string[]) => {
    for (const d of graph.get(n) ?? []) {
      if (trail.includes(d)) throw new DependencyCycleError([...trail.slice(trail.indexOf(d)), d]);
      if (seen.has(d)) continue;
      seen.add(d);
      visit(d, [...trail, d]);
    }
  };
  visit(name, [name]);
  return seen;
}

/** `stacks` grouped into waves (each sorted by name), first wave first. */
export function deployWaves(stacks: readonly string[], graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const set = new Set(stacks);
  const deps = new Map(stacks.map((s) => [s, [...dependencyClosure(graph, s)].filter((d) => set.has(d))]));
  const wave = new Map<string, number>();
  const waveOf = (s: string): number => {
    const known = wave.get(s);
    if (known !== undefined) return known;
    const w = Math.max(-1, ...deps.get(s)!.map(waveOf)) + 1;
    wave.set(s, w);
    return w;
  };
  const waves: string[][] = [];
  for (const s of stacks) (waves[waveOf(s)] ??= []).push(s);
  return waves.map((w) => [...w].sort());
}

/**
 * Reads between teams have an order: a producer deploys before the teams that read its data (a stack dependency).
 * A cycle (A reads B, B reads A; or longer) has no order, and cdktf would fail with a raw "circular dependency":
 * each cycle is reported once, at the alphabetically first team in it, naming the whole cycle.
 */
import { parseDatasetRef } from '../datasets';
import type { ConfigIssue } from '../errors';
import type { ParsedTeam } from '../parse';
import type { ConfigCheck } from './check';

/** The teams `t` reads from (existing teams, itself excluded), in the order of its reads. */
function producersOf(t: ParsedTeam, known: ReadonlyMap<string, ParsedTeam>): string[] {
  const names = t.team.snowflake.reads.flatMap((r) => parseDatasetRef(r)?.team ?? []);
  return [...new Set(names)].filter((p) => p !== t.team.name && known.has(p));
}

/** Strongly connected components with more than one team (Tarjan), each sorted, with its first team. */
function cycles(
  teams: readonly ParsedTeam[],
  edges: ReadonlyMap<string, readonly string[]>,
): { start: string; members: string[] }[] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: { start: string; members: string[] }[] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    const [start, second] = component.sort();
    if (start !== undefined && second !== undefined) found.push({ start, members: component });
  };
  for (const t of teams) if (!index.has(t.team.name)) visit(t.team.name);
  return found;
}

/** One concrete cycle through `start`, staying inside `members` (depth first, alphabetical). */
function cycleThrough(start: string, members: ReadonlySet<string>, edges: ReadonlyMap<string, readonly string[]>) {
  const path = [start];
  const visited = new Set([start]);
  const walk = (v: string): boolean => {
    for (const w of [...(edges.get(v) ?? [])].filter((p) => members.has(p)).sort()) {
      if (w === start) return true;
      if (visited.has(w)) continue;
      visited.add(w);
      path.push(w);
      if (walk(w)) return true;
      path.pop();
    }
    return false;
  };
  walk(start);
  return path;
}

export const readCycles: ConfigCheck = {
  name: 'read-cycles',
  run: ({ parsed }) => {
    const known = new Map(parsed.teams.map((t) => [t.team.name, t]));
    const edges = new Map(parsed.teams.map((t) => [t.team.name, producersOf(t, known)]));
    const issues: ConfigIssue[] = [];
    for (const { start, members } of cycles(parsed.teams, edges)) {
      const path = cycleThrough(start, new Set(members), edges);
      const team = known.get(start)!;
      const reads = team.team.snowflake.reads;
      const i = reads.findIndex((r) => parseDatasetRef(r)?.team === path[1]);
      const more = members.length > path.length ? ` (teams in this loop of reads: ${members.join(', ')})` : '';
      issues.push({
        file: team.file,
        path: `snowflake.reads[${i}]`,
        message: `makes a cycle of reads: ${[...path, start].join(' → ')}${more}. A team deploys after the teams it reads, so a cycle has no order`,
        given: reads[i],
        fix: 'remove one read of the cycle (often: publish the shared data from one team only)',
      });
    }
    return issues;
  },
};

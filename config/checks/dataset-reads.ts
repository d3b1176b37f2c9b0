/**
 * `snowflake.reads` names datasets that exist: `<team>.<SCHEMA>` of another team, a schema it has, deployed
 * everywhere the reader is; each once.
 */
import { parseDatasetRef } from '../datasets';
import type { ConfigIssue } from '../errors';
import type { ConfigCheck } from './check';

export const datasetReads: ConfigCheck = {
  name: 'dataset-reads',
  run: ({ parsed }) => {
    const issues: ConfigIssue[] = [];
    const teamsByName = new Map(parsed.teams.map((t) => [t.team.name, t]));
    for (const { file, team, environmentNames } of parsed.teams) {
      const seen = new Set<string>();
      for (const [i, text] of team.snowflake.reads.entries()) {
        const at = `snowflake.reads[${i}]`;
        const ref = parseDatasetRef(text);
        if (!ref) {
          issues.push({
            file,
            path: at,
            message: 'must name a dataset as "<team>.<SCHEMA>"',
            given: text,
            fix: 'e.g. "data-integration.CURATED"',
          });
          continue;
        }
        if (seen.has(text)) issues.push({ file, path: at, message: 'is listed twice', given: text });
        seen.add(text);
        if (ref.team === team.name) {
          issues.push({
            file,
            path: at,
            message: "is the team's own data: the team role already writes its own schemas",
            given: text,
            fix: 'remove this entry',
          });
          continue;
        }
        const producer = teamsByName.get(ref.team);
        if (!producer) {
          if (parsed.invalidTeamNames.has(ref.team)) continue; // that team's own file is reported
          issues.push({
            file,
            path: at,
            message: `names a team that does not exist`,
            given: text,
            allowed: [...teamsByName.keys()].filter((n) => n !== team.name).join(', '),
            fix: 'check the spelling, or add the producing team first',
          });
          continue;
        }
        const schemas = producer.team.snowflake.schemas;
        if (!schemas.some((s) => s.name === ref.schema)) {
          issues.push({
            file,
            path: at,
            message: `names a schema that team "${ref.team}" does not have`,
            given: text,
            allowed: schemas.map((s) => `${ref.team}.${s.name}`).join(', '),
          });
          continue;
        }
        const missing = environmentNames.filter((e) => !producer.environmentNames.includes(e));
        if (missing.length) {
          issues.push({
            file,
            path: at,
            message: `team "${ref.team}" is not deployed to ${missing.join(', ')}, where this team is`,
            given: text,
          });
        }
      }
    }
    return issues;
  },
};

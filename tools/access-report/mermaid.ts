/**
 * One Mermaid flowchart per environment, drawn from the evaluated access (model.ts): users -> account roles ->
 * schemas (grouped by database), and CircleCI projects -> CI roles -> ECR repositories and buckets. Roles with the
 * same access share one node; the tables next to the diagram list every role, owner and database role.
 */
import type { EnvironmentAccess } from './model';

/**
 * Mermaid node ids: letters, digits and "_" only, prefixed by kind so names of different kinds never clash. Other
 * characters are hex-escaped rather than dropped, so distinct names (`a.b`, `a-b`) stay distinct nodes.
 */
export function nodeId(kind: string, ...parts: string[]): string {
  const escape = (s: string) => s.replace(/[^A-Za-z0-9]/g, (c) => `_${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return `${kind}_${parts.map(escape).join('__')}`;
}

function label(text: string): string {
  return `"${text.replace(/"/g, '#quot;')}"`;
}

export function environmentDiagram(env: EnvironmentAccess): string {
  const lines: string[] = ['flowchart LR'];
  const add = (line: string) => lines.push(`  ${line}`);
  const classes = {
    person: [] as string[],
    service: [] as string[],
    role: [] as string[],
    bi: [] as string[],
    schema: [] as string[],
    published: [] as string[],
    ci: [] as string[],
    store: [] as string[],
  };

  // Roles drawn: team and platform account roles that hold a level on a schema, except the schemas' owner roles
  // and the platform's administration roles (they own every schema: drawing them would hide everything else).
  const owners = new Set(env.schemas.flatMap((s) => s.roles.OWN.filter((r) => !s.roles.WRITE.includes(r))));
  const drawn = env.roles.filter((r) => r.kind !== 'system' && !owners.has(r.name) && r.access.size > 0);
  // Roles with the same access (a team's TEAM and PIPELINE roles) share one node, to halve the edges.
  const byAccess = new Map<string, typeof drawn>();
  for (const r of drawn) {
    const key = JSON.stringify([...r.access].sort(([a], [b]) => a.localeCompare(b)));
    byAccess.set(key, [...(byAccess.get(key) ?? []), r]);
  }
  const roleNode = new Map<string, string>();
  const published = new Set(env.schemas.filter((s) => s.readByPlatform.length > 0).map((s) => s.name));

  add(`subgraph ${nodeId('snowflake', env.snowflakeAccount)}[${label(`Snowflake account ${env.snowflakeAccount}`)}]`);
  const users = env.users.filter((u) => u.roles.some((r) => drawn.some((d) => d.name === r)));
  for (const u of users) {
    add(`${nodeId('user', u.name)}(${label(u.stack ? `${u.name} (service)` : u.name)})`);
    (u.stack ? classes.service : classes.person).push(nodeId('user', u.name));
  }
  for (const group of byAccess.values()) {
    const first = group[0];
    if (!first) continue;
    const id = nodeId('roles', first.name);
    add(`${id}[${label(group.map((r) => r.name).join('<br/>'))}]`);
    (first.kind === 'team' ? classes.role : classes.bi).push(id);
    for (const r of group) roleNode.set(r.name, id);
  }
  for (const database of [...new Set(env.schemas.map((s) => s.database))]) {
    add(`subgraph ${nodeId('db', database)}[${label(`database ${database}`)}]`);
    for (const s of env.schemas.filter((x) => x.database === database)) {
      const id = nodeId('schema', s.name);
      add(`  ${id}[(${label(s.schema)})]`);
      (published.has(s.name) ? classes.published : classes.schema).push(id);
    }
    add('end');
  }

  const edges = new Set<string>();
  const edge = (line: string) => {
    if (!edges.has(line)) add(line);
    edges.add(line);
  };
  for (const u of users)
    for (const r of u.roles) {
      const node = roleNode.get(r);
      if (node) edge(`${nodeId('user', u.name)} --> ${node}`);
    }
  for (const r of drawn) {
    const node = roleNode.get(r.name);
    if (!node) continue;
    for (const [schema, ls] of r.access)
      edge(
        ls.includes('WRITE')
          ? `${node} ==> ${nodeId('schema', schema)}`
          : `${node} -. READ .-> ${nodeId('schema', schema)}`,
      );
  }
  add('end');

  // AWS: the CircleCI projects that may assume each team's CI role, and what that role reaches.
  const teamCi = env.ci.filter((c) => c.team);
  if (teamCi.length) {
    add(`subgraph ${nodeId('aws', env.awsAccountId)}[${label(`AWS account ${env.awsAccountId}`)}]`);
    for (const c of teamCi) {
      add(`  ${nodeId('ci', c.name)}[${label(`IAM role ${c.name}`)}]`);
      classes.ci.push(nodeId('ci', c.name));
      for (const repo of c.repositories) {
        add(`  ${nodeId('ecr', repo.name)}[${label(`ECR ${repo.name}`)}]`);
        classes.store.push(nodeId('ecr', repo.name));
      }
      for (const b of c.buckets) {
        add(`  ${nodeId('s3', b.name)}[(${label(`S3 ${b.name}`)})]`);
        classes.store.push(nodeId('s3', b.name));
      }
    }
    add('end');
    for (const c of teamCi) {
      for (const p of c.assumableBy) {
        add(
          `${nodeId('cci', p.project)}(${label(`CircleCI project ${p.project.slice(0, 8)}…`)}) -- OIDC --> ${nodeId('ci', c.name)}`,
        );
        classes.service.push(nodeId('cci', p.project));
      }
      for (const r of c.repositories)
        add(
          `${nodeId('ci', c.name)} -- ${[r.pull && 'pull', r.push && 'push'].filter(Boolean).join('/')} --> ${nodeId('ecr', r.name)}`,
        );
      for (const b of c.buckets)
        add(
          `${nodeId('ci', c.name)} -- ${[b.read && 'read', b.write && 'write'].filter(Boolean).join('/')} --> ${nodeId('s3', b.name)}`,
        );
    }
  }

  const styles: Record<keyof typeof classes, string> = {
    person: 'fill:#fff8e1,stroke:#b7791f,color:#1a202c',
    service: 'fill:#e8f1ff,stroke:#2b6cb0,color:#1a202c',
    role: 'fill:#e6fffa,stroke:#2c7a7b,color:#1a202c',
    bi: 'fill:#faf5ff,stroke:#6b46c1,color:#1a202c',
    schema: 'fill:#ffffff,stroke:#4a5568,color:#1a202c',
    published: 'fill:#faf5ff,stroke:#6b46c1,color:#1a202c',
    ci: 'fill:#fffaf0,stroke:#c05621,color:#1a202c',
    store: 'fill:#ffffff,stroke:#c05621,color:#1a202c',
  };
  for (const [name, ids] of Object.entries(classes) as [keyof typeof classes, string[]][]) {
    if (ids.length === 0) continue;
    add(`classDef ${name} ${styles[name]}`);
    add(`class ${[...new Set(ids)].join(',')} ${name}`);
  }
  return lines.join('\n');
}

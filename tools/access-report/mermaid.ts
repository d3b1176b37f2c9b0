/**
 * One Mermaid flowchart per environment: users -> account roles -> schemas (grouped by database), and CircleCI
 * projects -> CI roles -> ECR repositories and buckets. A team's TEAM and PIPELINE roles share one node (same
 * grants) to halve the edges; the tables next to the diagram list every database role.
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
  const classes: Record<string, string[]> = {
    person: [],
    service: [],
    role: [],
    bi: [],
    schema: [],
    published: [],
    ci: [],
    store: [],
  };

  // Snowflake in one box, AWS in another, so the layout keeps them apart. People and service users on the left.
  add(`subgraph ${nodeId('snowflake', env.snowflakeAccount)}[${label(`Snowflake account ${env.snowflakeAccount}`)}]`);
  const users = [...new Set(env.roles.filter((r) => r.kind === 'team').flatMap((r) => r.users))];
  for (const u of users) {
    add(`${nodeId('user', u)}(${label(u)})`);
    classes.person.push(nodeId('user', u));
  }
  for (const s of env.serviceUsers) {
    add(`${nodeId('user', s.user)}(${label(`${s.user} (service)`)})`);
    classes.service.push(nodeId('user', s.user));
  }

  // Account roles: a team's TEAM and PIPELINE roles hold the same grants, so they share one node.
  const roleNode = new Map<string, string>();
  for (const team of env.teams) {
    const pair = env.roles.filter((r) => r.team === team);
    const id = nodeId('roles', team);
    add(`${id}[${label(pair.map((r) => r.name).join('<br/>'))}]`);
    classes.role.push(id);
    for (const r of pair) roleNode.set(r.name, id);
  }
  for (const r of env.roles.filter((x) => x.kind === 'bi')) {
    roleNode.set(r.name, nodeId('role', r.name));
    add(`${nodeId('role', r.name)}[${label(r.name)}]`);
    classes.bi.push(nodeId('role', r.name));
  }

  // One box per team database, one node per schema.
  const databases = [...new Set(env.schemas.map((s) => s.database))];
  for (const db of databases) {
    add(`subgraph ${nodeId('db', db)}[${label(`database ${db}`)}]`);
    for (const s of env.schemas.filter((x) => x.database === db)) {
      const id = nodeId('schema', db, s.schema);
      add(`  ${id}[(${label(s.schema)})]`);
      (s.publishToBi ? classes.published : classes.schema).push(id);
    }
    add('end');
  }

  const edges = new Set<string>();
  const edge = (line: string) => {
    if (!edges.has(line)) add(line);
    edges.add(line);
  };
  // The platform's administration roles are in the tables, not the picture: they hold every owner role.
  for (const r of env.roles.filter((x) => x.kind !== 'admin')) {
    for (const u of r.users) edge(`${nodeId('user', u)} --> ${roleNode.get(r.name)}`);
  }
  for (const s of env.schemas) {
    for (const writer of s.writers) edge(`${roleNode.get(writer)} ==> ${nodeId('schema', s.database, s.schema)}`);
    for (const reader of s.readers)
      edge(`${roleNode.get(reader)} -. READ .-> ${nodeId('schema', s.database, s.schema)}`);
  }

  add('end');

  // AWS: the CircleCI projects that may assume each team's CI role, and what that role reaches.
  const withRole = env.ci.filter((c) => c.role);
  if (withRole.length) {
    add(`subgraph ${nodeId('aws', env.awsAccountId)}[${label(`AWS account ${env.awsAccountId}`)}]`);
    for (const c of withRole) {
      add(`  ${nodeId('ci', c.team)}[${label(`IAM role ${c.role}`)}]`);
      classes.ci.push(nodeId('ci', c.team));
      for (const repo of c.ecrRepositories) {
        add(`  ${nodeId('ecr', repo)}[${label(`ECR ${repo}`)}]`);
        classes.store.push(nodeId('ecr', repo));
      }
      if (c.bucket) {
        add(`  ${nodeId('s3', c.bucket)}[(${label(`S3 ${c.bucket}`)})]`);
        classes.store.push(nodeId('s3', c.bucket));
      }
    }
    add('end');
    for (const c of withRole) {
      for (const p of c.circleciProjectIds) {
        add(`${nodeId('cci', p)}(${label(`CircleCI project ${p.slice(0, 8)}…`)}) -- OIDC --> ${nodeId('ci', c.team)}`);
        classes.service.push(nodeId('cci', p));
      }
      for (const repo of c.ecrRepositories) add(`${nodeId('ci', c.team)} -- push/pull --> ${nodeId('ecr', repo)}`);
      if (c.bucket) add(`${nodeId('ci', c.team)} -- read/write --> ${nodeId('s3', c.bucket)}`);
    }
  }

  const styles: Record<string, string> = {
    person: 'fill:#fff8e1,stroke:#b7791f,color:#1a202c',
    service: 'fill:#e8f1ff,stroke:#2b6cb0,color:#1a202c',
    role: 'fill:#e6fffa,stroke:#2c7a7b,color:#1a202c',
    bi: 'fill:#faf5ff,stroke:#6b46c1,color:#1a202c',
    schema: 'fill:#ffffff,stroke:#4a5568,color:#1a202c',
    published: 'fill:#faf5ff,stroke:#6b46c1,color:#1a202c',
    ci: 'fill:#fffaf0,stroke:#c05621,color:#1a202c',
    store: 'fill:#ffffff,stroke:#c05621,color:#1a202c',
  };
  for (const [name, ids] of Object.entries(classes)) {
    if (ids.length === 0) continue;
    add(`classDef ${name} ${styles[name]}`);
    add(`class ${[...new Set(ids)].join(',')} ${name}`);
  }
  return lines.join('\n');
}

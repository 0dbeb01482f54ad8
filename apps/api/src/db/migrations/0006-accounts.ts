import { type Kysely, sql } from 'kysely';

/**
 * The workspace that owns everything written before accounts existed. The first account (setup
 * form or INTAKE_ADMIN_*) becomes its owner, so no earlier import, upload or charge is lost.
 */
export const FIRST_WORKSPACE_ID = '00000000-0000-4000-8000-000000000001';

/** Tables of workspace data that gain an owner. Dataset tables follow in dataset-tables.ts. */
const owned = ['imports', 'uploads', 'charges', 'webhook_endpoints'] as const;

/** Accounts, workspaces, sessions, API tokens, invites, the audit log (src/auth/README.md). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('is_admin', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('workspaces')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`insert into workspaces (id, name) values (${FIRST_WORKSPACE_ID}, 'Default')`.execute(
    db,
  );

  await db.schema
    .createTable('memberships')
    .addColumn('workspace_id', 'uuid', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('owner', 'member', 'viewer')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('memberships_pk', ['workspace_id', 'user_id'])
    .execute();
  await db.schema.createIndex('memberships_user').on('memberships').column('user_id').execute();

  // Secrets (session cookie, token, invite) are stored as SHA-256 hashes: a database leak
  // yields nothing to sign in with. They are 256-bit random, so a fast hash is enough.
  await db.schema
    .createTable('sessions')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('workspace_id', 'uuid', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('user_agent', 'text')
    .addColumn('ip', 'text')
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('workspace_id', 'uuid', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull().check(sql`scope in ('read', 'write')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz')
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('api_tokens_user').on('api_tokens').column('user_id').execute();

  await db.schema
    .createTable('invites')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
    .addColumn('workspace_id', 'uuid', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('accepted_at', 'timestamptz')
    .addColumn('accepted_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .execute();

  await sql`create table audit_events (
    id bigint generated always as identity primary key,
    at timestamptz not null default now(),
    action text not null,
    actor_id uuid,
    actor_email text,
    workspace_id uuid,
    ip text,
    request_id text,
    target text,
    details jsonb not null default '{}'::jsonb
  )`.execute(db);
  await db.schema.createIndex('audit_events_action').on('audit_events').column('action').execute();

  for (const table of owned) {
    await sql`alter table ${sql.id(table)}
      add column workspace_id uuid not null default ${sql.lit(FIRST_WORKSPACE_ID)}
      references workspaces (id) on delete cascade`.execute(db);
    await sql`alter table ${sql.id(table)} alter column workspace_id drop default`.execute(db);
    await sql`create index ${sql.id(`${table}_workspace`)} on ${sql.id(table)} (workspace_id)`.execute(
      db,
    );
  }
  // An order id is unique within its workspace only, so is the charge derived from it.
  await sql`alter table charges drop constraint charges_idempotency_key_key`.execute(db);
  await sql`alter table charges add constraint charges_workspace_idempotency_key
    unique (workspace_id, idempotency_key)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table charges drop constraint charges_workspace_idempotency_key`.execute(db);
  await sql`alter table charges add constraint charges_idempotency_key_key unique (idempotency_key)`.execute(
    db,
  );
  for (const table of owned) {
    await sql`alter table ${sql.id(table)} drop column workspace_id`.execute(db);
  }
  for (const table of [
    'audit_events',
    'invites',
    'api_tokens',
    'sessions',
    'memberships',
    'workspaces',
    'users',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}

// The knexfile migrate-bot's tests run Knex with: everything comes from the
// environment, so one file serves every scenario and database.
//   KNEX_CLIENT          pg | mysql2 | better-sqlite3
//   KNEX_CONNECTION      a connection URL (pg, mysql2) or a file (better-sqlite3)
//   KNEX_MIGRATIONS_DIR  the migrations directory
// better-sqlite3 is found through NODE_PATH (tools/prisma-oracle/node_modules).
const client = process.env.KNEX_CLIENT;
const sqlite = client === 'better-sqlite3';

module.exports = {
  client,
  connection: sqlite ? { filename: process.env.KNEX_CONNECTION } : process.env.KNEX_CONNECTION,
  useNullAsDefault: sqlite,
  // SQLite enforces foreign keys only when asked, per connection: ask, as
  // applications do, so a migration that breaks a reference fails here.
  pool: sqlite ? { afterCreate: (conn, done) => { conn.pragma('foreign_keys = ON'); done(); } } : undefined,
  migrations: { directory: process.env.KNEX_MIGRATIONS_DIR },
};

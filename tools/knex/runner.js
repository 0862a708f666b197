// A long-lived Knex migration runner for migrate-bot's tests: the same
// calls `knex migrate:latest` and `knex migrate:rollback` make
// (knex.migrate.latest() and knex.migrate.rollback(), one batch), without a
// new Node process per command. It reads one JSON request per line on
// stdin and answers one JSON line on stdout, requests running concurrently
// (each on a Knex instance of its own) and answers carrying the request's id:
//   {"id": N, "cmd": "latest" | "rollback", "client": "pg" | "mysql2" | "better-sqlite3",
//    "connection": URL or SQLite file, "directory": migrations directory}
//   -> {"id": N, "ok": true, "log": [...]} or {"id": N, "ok": false, "error": "..."}
// Start it with `node -r ts-node/register runner.js` to load .ts migrations.
const readline = require('readline');
const knexLib = require('knex');

function config(req) {
  const sqlite = req.client === 'better-sqlite3';
  return {
    client: req.client,
    connection: sqlite ? { filename: req.connection } : req.connection,
    useNullAsDefault: sqlite,
    pool: sqlite ? { afterCreate: (conn, done) => { conn.pragma('foreign_keys = ON'); done(); } } : { min: 0, max: 4 },
    migrations: { directory: req.directory },
  };
}

async function handle(req) {
  const knex = knexLib(config(req));
  try {
    if (req.cmd === 'latest') {
      const [batch, log] = await knex.migrate.latest();
      return { ok: true, batch, log };
    }
    if (req.cmd === 'rollback') {
      const [batch, log] = await knex.migrate.rollback();
      return { ok: true, batch, log };
    }
    return { ok: false, error: `unknown command ${req.cmd}` };
  } finally {
    await knex.destroy();
  }
}

const rl = readline.createInterface({ input: process.stdin });
let pending = 0;
let closed = false;
rl.on('line', async (line) => {
  pending++;
  let req = {};
  let answer;
  try {
    req = JSON.parse(line);
    answer = await handle(req);
  } catch (err) {
    answer = { ok: false, error: String((err && err.stack) || err) };
  }
  process.stdout.write(JSON.stringify({ id: req.id, ...answer }) + '\n');
  pending--;
  if (closed && pending === 0) process.exit(0);
});
rl.on('close', () => {
  closed = true;
  if (pending === 0) process.exit(0);
});

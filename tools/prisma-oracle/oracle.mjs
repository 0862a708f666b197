#!/usr/bin/env node
// Test oracle for migrate-bot: Prisma's own schema engine (its WebAssembly
// build from npm) driven over JSON, so Go tests can compare what migrate-bot
// produces with what Prisma produces.
//
// Usage:  node oracle.mjs <command>   one JSON request on stdin, one JSON reply on stdout
//         node oracle.mjs serve       one JSON request per stdin line ({"cmd": ..., ...}),
//                                     one JSON reply per stdout line, until stdin closes
//
// Commands (files are [{path, content}]):
//   diff     {provider, from: null|files, to: files, url}  -> {sql}   (prisma migrate diff --script)
//   dbdiff   {provider, url, to: files}                    -> {sql}   (live database -> schema; "" = no drift)
//   apply    {provider, url, migrationsDir, schema?: files} -> {applied: [names]} (prisma migrate deploy)
//   push     {provider, url, to: files}                    -> {executedSteps, warnings, unexecutable} (db push --accept-data-loss)
//   validate {provider?, files}                            -> {ok, errors}   (any provider, MySQL included)
//   format   {provider?, files}                            -> {ok, files, errors}
//   version  {}                                            -> {schemaEngine, prismaSchemaWasm}
//
// provider is "postgresql" or "sqlite" for the schema engine (the WebAssembly
// build has no MySQL connector); validate and format take any provider.
// url is a PostgreSQL URL, or for SQLite a file path (":memory:" when absent).
// PostgreSQL diffs need a reachable server even from schema to schema.
//
// Schemas written for Prisma 4-6 carry url / directUrl / shadowDatabaseUrl in
// their datasource block; Prisma 7 rejects those keys, so they are blanked out
// (line numbers kept) before the engine sees them. A schema without any
// datasource block gets `datasource db { provider = "<provider>" }` added.
//
// A reply is the result object, or {error: {message, code}} on failure; the
// one-shot mode then exits with status 1. Engine logs go to stderr.

import { readFile, readdir, stat } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import readline from 'node:readline'

const require = createRequire(import.meta.url)
const here = path.dirname(new URL(import.meta.url).pathname)

// stdout carries only the JSON replies: anything a library prints goes to stderr.
console.log = console.info = console.debug = console.error

let panicMessage = null
globalThis.PRISMA_WASM_PANIC_REGISTRY = {
  set_message(m) {
    panicMessage = String(m)
    process.stderr.write(`prisma wasm panic: ${m}\n`)
  },
}

// ---------- loading (lazy, once per process) ----------

let enginePromise = null
function schemaEngineModule() {
  enginePromise ??= (async () => {
    const bg = await import('@prisma/schema-engine-wasm/schema_engine_bg')
    const wasmFile = path.join(here, 'node_modules/@prisma/schema-engine-wasm/schema_engine_bg.wasm')
    const { instance } = await WebAssembly.instantiate(await readFile(wasmFile), {
      './schema_engine_bg.js': bg,
    })
    bg.__wbg_set_wasm(instance.exports)
    instance.exports.__wbindgen_start()
    return bg
  })()
  return enginePromise
}

let psw = null
function prismaSchemaWasm() {
  psw ??= require('@prisma/prisma-schema-wasm')
  return psw
}

let utils = null
// adapterFactory returns the factory the engine gets, and a cleanup that
// disposes every connection the engine opened through it: the engine does not
// dispose them when it is freed, and a long-lived oracle must not leak one
// PostgreSQL pool (or SQLite handle) per request.
async function adapterFactory(provider, url) {
  utils ??= await import('@prisma/driver-adapter-utils')
  let raw
  if (provider === 'postgresql' || provider === 'postgres') {
    if (!url) throw new OracleError('postgresql needs "url": a reachable PostgreSQL server (even for schema-to-schema diffs)')
    patchPgCharType()
    const { PrismaPg } = await import('@prisma/adapter-pg')
    raw = new PrismaPg({ connectionString: url, max: 4 })
  } else if (provider === 'sqlite') {
    const { PrismaBetterSqlite3 } = await import('@prisma/adapter-better-sqlite3')
    raw = new PrismaBetterSqlite3({ url: url || ':memory:' })
  } else {
    throw new OracleError(
      `provider ${JSON.stringify(provider)} is not supported by the schema engine's WebAssembly build (postgresql, sqlite)`,
    )
  }
  const opened = []
  const track = (open) => async () => {
    const a = await open()
    opened.push(a)
    return a
  }
  const tracked = {
    provider: raw.provider,
    adapterName: raw.adapterName,
    connect: track(() => raw.connect()),
    connectToShadowDb: track(() => raw.connectToShadowDb()),
  }
  const cleanup = async () => {
    // Shadow databases first (they are dropped through the main connection's pool).
    for (const a of opened.reverse()) {
      try {
        await Promise.race([Promise.resolve(a.dispose()), new Promise((r) => setTimeout(r, 5000).unref())])
      } catch {}
    }
  }
  return { factory: utils.bindMigrationAwareSqlAdapterFactory(tracked), cleanup }
}

// The schema engine's catalog queries return columns of PostgreSQL's one-byte
// "char" type (oid 18: pg_class.relkind, pg_constraint.contype...), which
// @prisma/adapter-pg 7.10 does not map, so every read of a live PostgreSQL
// schema fails with "Column type 'char' could not be deserialized". Reported
// as text instead (its text form is the one character), they read as the
// engine expects. This touches only how result columns are typed in transit.
let pgPatched = false
function patchPgCharType() {
  if (pgPatched) return
  pgPatched = true
  const pg = require('pg')
  const addFields = pg.Result.prototype.addFields
  pg.Result.prototype.addFields = function (fieldDescriptions) {
    for (const f of fieldDescriptions) if (f.dataTypeID === 18) f.dataTypeID = 25
    return addFields.call(this, fieldDescriptions)
  }
}

class OracleError extends Error {
  constructor(message, code) {
    super(message)
    this.code = code
  }
}

// ---------- schema files ----------

const URL_KEYS = /^\s*(url|directUrl|shadowDatabaseUrl)\s*=/

// stripUrls blanks the connection keys inside datasource blocks, keeping line numbers.
export function stripUrls(text) {
  const lines = text.split('\n')
  let inDatasource = false
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]
    if (!inDatasource) {
      if (/^\s*datasource\s+\w+\s*\{/.test(l)) inDatasource = !/\}\s*(\/\/.*)?$/.test(l)
      continue
    }
    if (/^\s*\}/.test(l)) {
      inDatasource = false
      continue
    }
    if (URL_KEYS.test(l)) lines[i] = ''
  }
  return lines.join('\n')
}

function normFiles(files, provider, what) {
  if (!Array.isArray(files) || files.length === 0) throw new OracleError(`"${what}" must be a non-empty list of {path, content}`)
  const out = files.map((f) => {
    if (typeof f?.path !== 'string' || typeof f?.content !== 'string') throw new OracleError(`"${what}": every file needs string path and content`)
    return { path: f.path, content: stripUrls(f.content) }
  })
  const hasDatasource = out.some((f) => /^\s*datasource\s+\w+\s*\{/m.test(f.content))
  if (!hasDatasource) {
    if (!provider) throw new OracleError(`"${what}" has no datasource block and the request names no provider`)
    out.push({ path: 'migrate-bot-oracle-datasource.prisma', content: `datasource db {\n  provider = "${provider}"\n}\n` })
  }
  return out
}

function datasourceOnly(provider) {
  return [{ path: 'schema.prisma', content: `datasource db {\n  provider = "${provider}"\n}\n` }]
}

const noFilters = { externalTables: [], externalEnums: [] }

async function withEngine(provider, url, datamodelFiles, fn) {
  const bg = await schemaEngineModule()
  const { factory, cleanup } = await adapterFactory(provider, url)
  let engine = null
  try {
    engine = await bg.SchemaEngine.new(
      { datamodels: datamodelFiles.map((f) => [f.path, f.content]) },
      (l) => {
        if (process.env.PRISMA_ORACLE_DEBUG) process.stderr.write(`${l}\n`)
      },
      factory,
    )
    return await fn(engine)
  } finally {
    try {
      engine?.free()
    } catch {}
    await cleanup()
  }
}

// ---------- commands ----------

async function cmdDiff(req) {
  const provider = req.provider
  const to = normFiles(req.to, provider, 'to')
  const from = req.from == null ? null : normFiles(req.from, provider, 'from')
  return withEngine(provider, req.url, to, async (engine) => {
    const r = await engine.diff({
      from: from ? { tag: 'schemaDatamodel', files: from } : { tag: 'empty' },
      to: { tag: 'schemaDatamodel', files: to },
      script: true,
      exitCode: null,
      filters: noFilters,
    })
    return { sql: r.stdout ?? '' }
  })
}

async function cmdDBDiff(req) {
  const provider = req.provider
  const to = normFiles(req.to, provider, 'to')
  return withEngine(provider, req.url, to, async (engine) => {
    const r = await engine.diff({
      from: { tag: 'schemaDatasource', files: to, configDir: process.cwd() },
      to: { tag: 'schemaDatamodel', files: to },
      script: true,
      exitCode: null,
      filters: noFilters,
    })
    return { sql: emptyScript(r.stdout ?? '') ? '' : r.stdout }
  })
}

// emptyScript: the engine answers an empty diff with a comment-only script.
function emptyScript(sql) {
  return sql
    .split('\n')
    .every((l) => l.trim() === '' || l.trim().startsWith('--'))
}

async function loadMigrations(dir) {
  const baseDir = path.resolve(dir)
  const entries = await readdir(baseDir, { withFileTypes: true })
  const dirs = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort()
  const migrationDirectories = []
  for (const name of dirs) {
    const file = path.join(baseDir, name, 'migration.sql')
    let content
    try {
      content = { tag: 'ok', value: await readFile(file, 'utf8') }
    } catch (e) {
      if (e.code === 'ENOENT') continue // not a migration folder
      content = { tag: 'error', value: String(e.message) }
    }
    migrationDirectories.push({ path: name, migrationFile: { path: 'migration.sql', content } })
  }
  const lockPath = path.join(baseDir, 'migration_lock.toml')
  let lockContent = null
  try {
    lockContent = await readFile(lockPath, 'utf8')
  } catch {}
  return {
    baseDir,
    lockfile: { path: 'migration_lock.toml', content: lockContent },
    shadowDbInitScript: '',
    migrationDirectories,
  }
}

async function cmdApply(req) {
  const provider = req.provider
  if (!req.migrationsDir) throw new OracleError('"migrationsDir" is required')
  const st = await stat(req.migrationsDir).catch(() => null)
  if (!st?.isDirectory()) throw new OracleError(`migrationsDir ${req.migrationsDir} is not a directory`)
  const schema = req.schema ? normFiles(req.schema, provider, 'schema') : datasourceOnly(provider)
  const migrationsList = await loadMigrations(req.migrationsDir)
  return withEngine(provider, req.url, schema, async (engine) => {
    const r = await engine.applyMigrations({ migrationsList, filters: noFilters })
    return { applied: r.appliedMigrationNames }
  })
}

async function cmdPush(req) {
  const provider = req.provider
  const to = normFiles(req.to, provider, 'to')
  return withEngine(provider, req.url, to, async (engine) => {
    const r = await engine.schemaPush({ force: true, schema: { files: to }, filters: noFilters })
    return r
  })
}

function schemaErrors(e) {
  const s = String(e?.message ?? e)
  try {
    const j = JSON.parse(s.replace(/^Error:\s*/, ''))
    return j.message ?? s
  } catch {
    return s
  }
}

function cmdValidate(req) {
  const files = normFiles(req.files, req.provider, 'files')
  try {
    prismaSchemaWasm().validate(JSON.stringify({ prismaSchema: files.map((f) => [f.path, f.content]), noColor: true }))
  } catch (e) {
    return { ok: false, errors: schemaErrors(e) }
  }
  if (req.provider) {
    const got = datasourceProvider(files)
    if (got && got !== req.provider && !(got === 'postgresql' && req.provider === 'postgres')) {
      return { ok: false, errors: `datasource provider is ${JSON.stringify(got)}, request says ${JSON.stringify(req.provider)}` }
    }
  }
  return { ok: true, errors: '' }
}

function datasourceProvider(files) {
  for (const f of files) {
    const m = /datasource\s+\w+\s*\{[^}]*?provider\s*=\s*"([^"]+)"/m.exec(f.content)
    if (m) return m[1]
  }
  return null
}

function cmdFormat(req) {
  const files = normFiles(req.files, req.provider, 'files')
  const v = cmdValidate(req)
  if (!v.ok) return { ok: false, files: [], errors: v.errors }
  // The formatter only formats documents named by a file:// URI.
  const uri = (i) => `file:///oracle/${i}.prisma`
  // Format the text as given (url keys included: the formatter keeps them); validation above ran on the stripped text.
  const input = JSON.stringify(files.map((f, i) => [uri(i), i < req.files.length ? req.files[i].content : f.content]))
  const out = []
  for (let i = 0; i < req.files.length; i++) {
    const formatted = JSON.parse(
      prismaSchemaWasm().format(input, JSON.stringify({ textDocument: { uri: uri(i) }, options: { tabSize: 2, insertSpaces: true } })),
    )
    const mine = formatted.find(([p]) => p === uri(i))
    out.push({ path: req.files[i].path, content: mine ? mine[1] : req.files[i].content })
  }
  return { ok: true, files: out, errors: '' }
}

async function cmdVersion() {
  const bg = await schemaEngineModule()
  const pkg = (name) => require(path.join(here, 'node_modules', name, 'package.json')).version
  return {
    schemaEngine: pkg('@prisma/schema-engine-wasm'),
    schemaEngineCommit: bg.version(),
    prismaSchemaWasm: pkg('@prisma/prisma-schema-wasm'),
    adapterPg: pkg('@prisma/adapter-pg'),
    adapterBetterSqlite3: pkg('@prisma/adapter-better-sqlite3'),
  }
}

const commands = {
  diff: cmdDiff,
  dbdiff: cmdDBDiff,
  apply: cmdApply,
  push: cmdPush,
  validate: cmdValidate,
  format: cmdFormat,
  version: cmdVersion,
}

async function run(cmd, req) {
  const f = commands[cmd]
  if (!f) throw new OracleError(`unknown command ${JSON.stringify(cmd)}; one of ${Object.keys(commands).join(', ')}`)
  panicMessage = null
  return await f(req ?? {})
}

function errorReply(e) {
  const message = panicMessage ? `schema engine panicked: ${panicMessage}` : String(e?.message ?? e)
  return { error: { message, code: e?.code ?? null } }
}

// ---------- main ----------

async function readAll(stream) {
  const chunks = []
  for await (const c of stream) chunks.push(c)
  return Buffer.concat(chunks).toString('utf8')
}

async function main() {
  const cmd = process.argv[2]
  if (!cmd || cmd === '-h' || cmd === '--help') {
    process.stderr.write(`usage: node oracle.mjs <${Object.keys(commands).join('|')}|serve>  (JSON request on stdin)\n`)
    process.exit(2)
  }
  if (cmd === 'serve') {
    const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity })
    for await (const line of rl) {
      if (line.trim() === '') continue
      let reply
      let poisoned = false
      try {
        const req = JSON.parse(line)
        reply = await run(req.cmd, req)
      } catch (e) {
        reply = errorReply(e)
        poisoned = panicMessage !== null
      }
      process.stdout.write(JSON.stringify(reply) + '\n')
      // A panic leaves the WebAssembly instance unusable: stop, the caller starts a new process.
      if (poisoned) process.exit(3)
    }
    process.exit(0)
  }
  let reply
  let status = 0
  try {
    const text = await readAll(process.stdin)
    reply = await run(cmd, text.trim() === '' ? {} : JSON.parse(text))
  } catch (e) {
    reply = errorReply(e)
    status = 1
  }
  process.stdout.write(JSON.stringify(reply) + '\n', () => process.exit(status))
}

main()

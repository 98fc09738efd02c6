#!/usr/bin/env node
// `npm run audit:offline`: what `npm audit` would tell us, without its endpoint (unreachable from
// the project's machines). Plain Node ESM with no dependencies, so it runs before anything is built
// and cannot itself be a supply-chain risk.
//
// It reads package-lock.json and security/advisories.json and fails (exit 1) when
//   - an installed package's version is inside an advisory's affected range and the advisory has
//     no dated exception that still holds;
//   - a lockfile entry does not come from the npm registry: a `resolved` address anywhere else
//     (git, a tarball URL, a local file), or no sha512 `integrity` hash.
// Exit 2: the lockfile or the advisory list cannot be read or is malformed.
//
// Lockfile entries without `resolved`: npm leaves registry addresses out of the lockfile when
// `omit-lockfile-registry-resolved` is set (it is on these machines), and then fetches the package
// from the configured registry, checking it against `integrity`. npm always records `resolved` for
// the other sources (git, file, remote tarball), so a missing address means "a registry package".
//
// Ranges: only the forms the advisory list uses, checked here rather than with an undeclared
// `semver` from node_modules: `*`, comparators `<x.y.z`, `<=`, `>`, `>=`, `=` and a bare version,
// several joined by spaces (all must hold), sets joined by `||` (any may hold). A prerelease
// (20.8.9-beta.1) is compared by semver precedence, so it is inside `<20.8.9`; npm's own range
// matching would skip it, the stricter reading suits an audit.

import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

export const NPM_REGISTRY = 'https://registry.npmjs.org/'
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const SHA512 = /^sha512-[A-Za-z0-9+/]{86}==$/
const DATE = /^\d{4}-\d{2}-\d{2}$/

// ---- versions and ranges ----------------------------------------------------------------------

const VERSION = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/

/** "1.2.3-beta.1+build" → {major, minor, patch, pre: ["beta", "1"]}, or null if not semver. */
export function parseVersion(text) {
  const m = typeof text === 'string' ? VERSION.exec(text.trim()) : null
  if (!m) return null
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), pre: m[4] ? m[4].split('.') : [] }
}

function comparePre(a, b) {
  // A release outranks its prereleases (semver 2.0.0, §11).
  if (a.length === 0 || b.length === 0) return b.length - a.length
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] === undefined) return -1
    if (b[i] === undefined) return 1
    const an = /^\d+$/.test(a[i])
    const bn = /^\d+$/.test(b[i])
    if (an && bn) {
      const d = Number(a[i]) - Number(b[i])
      if (d !== 0) return Math.sign(d)
    } else if (an !== bn) {
      return an ? -1 : 1
    } else if (a[i] !== b[i]) {
      return a[i] < b[i] ? -1 : 1
    }
  }
  return 0
}

/** -1, 0 or 1 by semver precedence (build metadata ignored). */
export function compareVersions(a, b) {
  for (const part of ['major', 'minor', 'patch']) {
    if (a[part] !== b[part]) return a[part] < b[part] ? -1 : 1
  }
  return comparePre(a.pre, b.pre)
}

const TESTS = {
  '<': (c) => c < 0,
  '<=': (c) => c <= 0,
  '>': (c) => c > 0,
  '>=': (c) => c >= 0,
  '=': (c) => c === 0,
}

/**
 * Parses a range into sets of comparators: [[{op, version}], …]; an empty set matches everything.
 * Throws an Error naming the part it does not understand.
 */
export function parseRange(range) {
  if (typeof range !== 'string' || range.trim() === '') throw new Error('expected a range such as "<20.8.9", ">=1.0.0 <1.4.2" or "*"')
  return range.split('||').map((set) => {
    const text = set.trim().replace(/(<=|>=|<|>|=)\s+/g, '$1')
    if (text === '*') return []
    if (text === '') throw new Error(`empty alternative in "${range}"`)
    return text.split(/\s+/).map((part) => {
      const m = /^(<=|>=|<|>|=)?(.*)$/.exec(part)
      const version = parseVersion(m[2])
      if (!version) throw new Error(`"${part}" in "${range}" is not a comparator this script reads (use <, <=, >, >=, = and a full x.y.z version, or *)`)
      return { op: m[1] ?? '=', version }
    })
  })
}

/** Whether `version` (a string) is inside `range` (a string). Throws on a range it cannot read. */
export function satisfies(version, range) {
  const v = parseVersion(version)
  if (!v) throw new Error(`"${version}" is not a semver version`)
  return parseRange(range).some((set) => set.every(({ op, version: bound }) => TESTS[op](compareVersions(v, bound))))
}

// ---- the advisory list ------------------------------------------------------------------------

const ADVISORY_FIELDS = ['id', 'aliases', 'package', 'affected', 'severity', 'summary', 'url', 'exception']
const EXCEPTION_FIELDS = ['decided', 'reason', 'until', 'devOnly']

function isDate(text) {
  return typeof text === 'string' && DATE.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`))
}

/** Validates security/advisories.json; throws an Error naming the advisory and field. */
export function readAdvisories(value) {
  const list = value?.advisories
  if (!Array.isArray(list)) throw new Error('expected {"advisories": [...]}')
  return list.map((a, i) => {
    const at = `advisories[${i}]${typeof a?.id === 'string' ? ` (${a.id})` : ''}`
    if (typeof a !== 'object' || a === null || Array.isArray(a)) throw new Error(`${at}: expected an object`)
    for (const key of Object.keys(a)) if (key !== '$comment' && !ADVISORY_FIELDS.includes(key)) throw new Error(`${at}: unknown field "${key}"`)
    for (const key of ['id', 'package', 'affected', 'summary']) {
      if (typeof a[key] !== 'string' || a[key].trim() === '') throw new Error(`${at}: "${key}" must be a non-empty string`)
    }
    try {
      parseRange(a.affected)
    } catch (error) {
      throw new Error(`${at}: affected: ${error.message}`)
    }
    const e = a.exception ?? null
    if (e !== null) {
      if (typeof e !== 'object' || Array.isArray(e)) throw new Error(`${at}: exception: expected an object or null`)
      for (const key of Object.keys(e)) if (!EXCEPTION_FIELDS.includes(key)) throw new Error(`${at}: exception: unknown field "${key}"`)
      if (!isDate(e.decided)) throw new Error(`${at}: exception.decided: expected the date of the decision, YYYY-MM-DD`)
      if (typeof e.reason !== 'string' || e.reason.trim().length < 20) throw new Error(`${at}: exception.reason: say why the advisory does not apply (a sentence at least)`)
      if (e.until !== undefined && !isDate(e.until)) throw new Error(`${at}: exception.until: expected YYYY-MM-DD`)
      if (e.devOnly !== undefined && typeof e.devOnly !== 'boolean') throw new Error(`${at}: exception.devOnly: expected true or false`)
    }
    return { ...a, exception: e }
  })
}

// ---- the lockfile -----------------------------------------------------------------------------

/** "node_modules/a/node_modules/@s/b" → "@s/b". */
function nameAt(path) {
  const i = path.lastIndexOf('node_modules/')
  return i === -1 ? null : path.slice(i + 'node_modules/'.length)
}

/** Where Node would find `name` required from the package at `from` ("" is the root). */
function resolveFrom(packages, from, name) {
  let base = from
  for (;;) {
    const candidate = base === '' ? `node_modules/${name}` : `${base}/node_modules/${name}`
    if (Object.hasOwn(packages, candidate)) return candidate
    if (base === '') return null
    const i = base.lastIndexOf('/node_modules/')
    base = i === -1 ? '' : base.slice(0, i)
  }
}

/** For each lockfile path, the shortest chain of package names from the root that installs it. */
function dependencyChains(packages) {
  const chains = new Map([['', []]])
  const queue = ['']
  while (queue.length > 0) {
    const from = queue.shift()
    const entry = packages[from] ?? {}
    const names = new Set(
      ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'].flatMap((field) => Object.keys(entry[field] ?? {})),
    )
    for (const name of names) {
      let to = resolveFrom(packages, from, name)
      if (to === null) continue
      // A workspace link points at the package's own folder.
      if (packages[to]?.link && typeof packages[to].resolved === 'string') to = packages[to].resolved
      if (chains.has(to)) continue
      chains.set(to, [...chains.get(from), name])
      queue.push(to)
    }
  }
  return chains
}

function scopeOf(entry) {
  if (entry.dev) return 'dev'
  if (entry.devOptional) return 'dev, optional'
  if (entry.optional) return 'optional'
  return 'runtime'
}

/** "registry.npmjs.org/@scope/name/-/name-1.2.3.tgz" is where npm publishes name@1.2.3. */
function registryTarball(name, version) {
  const bare = name.includes('/') ? name.slice(name.indexOf('/') + 1) : name
  return `${NPM_REGISTRY}${name}/-/${bare}-${version}.tgz`
}

/**
 * Checks a parsed package-lock.json against the advisories. Pure: `today` (YYYY-MM-DD) decides
 * whether an exception's `until` has passed. Returns lines to print: `failures` (each one fails
 * the audit) and `notes` (exceptions that applied), plus counts for the summary line.
 */
export function audit(lock, advisories, today) {
  const failures = []
  const notes = []
  if (!lock || typeof lock !== 'object' || typeof lock.packages !== 'object' || lock.packages === null) {
    throw new Error('expected a package-lock.json with "packages" (lockfileVersion 2 or 3; run npm 7 or later)')
  }
  const packages = lock.packages
  const chains = dependencyChains(packages)
  let checked = 0
  let excepted = 0
  const installed = []

  for (const [path, entry] of Object.entries(packages)) {
    if (path === '') continue
    // Workspace folders and links to them are this repository's own code, not downloads.
    if (entry.link || !path.includes('node_modules/')) continue
    // A bundled dependency travels inside its parent's tarball, covered by the parent's hash.
    if (entry.inBundle) continue
    const name = typeof entry.name === 'string' ? entry.name : nameAt(path)
    const version = entry.version
    const where = `${name}@${version} (${path})`
    checked++
    if (!parseVersion(version)) {
      failures.push(`${where}: version "${version}" is not a registry version; every package must come from ${NPM_REGISTRY}`)
      continue
    }
    if (entry.resolved !== undefined) {
      if (typeof entry.resolved !== 'string' || !entry.resolved.startsWith(NPM_REGISTRY)) {
        failures.push(`${where}: resolved from ${JSON.stringify(entry.resolved)}, not from ${NPM_REGISTRY}`)
      } else if (entry.resolved !== registryTarball(name, version)) {
        failures.push(`${where}: resolved to ${entry.resolved}, which is not the registry's tarball for ${name}@${version}`)
      }
    }
    const hashes = typeof entry.integrity === 'string' ? entry.integrity.split(/\s+/) : []
    if (hashes.length === 0) failures.push(`${where}: no integrity hash; npm could not check what it downloads`)
    else if (!hashes.some((h) => SHA512.test(h))) failures.push(`${where}: integrity is not a sha512 hash (${hashes[0].split('-')[0]}); reinstall it to record one`)
    installed.push({ path, name, version, entry })
  }

  for (const advisory of advisories) {
    const hits = installed.filter((p) => p.name === advisory.package && satisfies(p.version, advisory.affected))
    for (const hit of hits) {
      const chain = chains.get(hit.path)
      const via = chain ? `via ${chain.join(' > ')}` : 'not reachable from package.json'
      const where = `${hit.name}@${hit.version} (${hit.path}, ${scopeOf(hit.entry)}, ${via})`
      const title = `${advisory.id} (affected ${advisory.affected}): ${advisory.summary}`
      const e = advisory.exception
      let refused = null
      if (e === null) refused = 'no exception'
      else if (e.decided > today) refused = `the exception is dated ${e.decided}, after today`
      else if (e.until !== undefined && e.until < today) refused = `the exception lapsed on ${e.until}; review it and date it again`
      else if (e.devOnly && scopeOf(hit.entry) !== 'dev') refused = `the exception holds only for a dev-only install, and this copy is ${scopeOf(hit.entry)}`
      if (refused === null) {
        excepted++
        notes.push(`excepted: ${where}: ${title}. Decided ${e.decided}${e.until ? `, until ${e.until}` : ''}: ${e.reason}`)
      } else {
        failures.push(`${where} is affected by ${title} [${refused}: upgrade it, or record a dated exception in security/advisories.json]`)
      }
    }
  }
  return { failures, notes, checked, advisories: advisories.length, excepted }
}

// ---- command line -----------------------------------------------------------------------------

function readJson(path) {
  let text
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new Error(`cannot read ${path}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`)
  }
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new Error(`${path}: not valid JSON: ${error.message}`)
  }
}

/** `[--lockfile PATH] [--advisories PATH] [--today YYYY-MM-DD]`; returns the exit code. */
export function main(argv, io = { out: (l) => console.log(l), err: (l) => console.error(l) }, cwd = process.cwd()) {
  const options = { '--lockfile': join(ROOT, 'package-lock.json'), '--advisories': join(ROOT, 'security', 'advisories.json'), '--today': new Date().toISOString().slice(0, 10) }
  for (let i = 0; i < argv.length; i += 2) {
    if (!Object.hasOwn(options, argv[i]) || argv[i + 1] === undefined) {
      io.err(`audit:offline: usage: audit-offline.mjs [--lockfile PATH] [--advisories PATH] [--today YYYY-MM-DD]`)
      return 2
    }
    options[argv[i]] = argv[i] === '--today' ? argv[i + 1] : resolve(cwd, argv[i + 1])
  }
  if (!isDate(options['--today'])) {
    io.err('audit:offline: --today: expected YYYY-MM-DD')
    return 2
  }
  let result
  try {
    const lock = readJson(options['--lockfile'])
    let advisories
    try {
      advisories = readAdvisories(readJson(options['--advisories']))
    } catch (error) {
      throw new Error(error.message.startsWith(options['--advisories']) || error.message.startsWith('cannot read') ? error.message : `${options['--advisories']}: ${error.message}`)
    }
    result = audit(lock, advisories, options['--today'])
  } catch (error) {
    io.err(`audit:offline: ${error.message}`)
    return 2
  }
  for (const note of result.notes) io.out(`audit:offline: ${note}`)
  for (const failure of result.failures) io.err(`audit:offline: FAIL ${failure}`)
  const summary = `${result.checked} packages checked against ${result.advisories} advisories; ${result.excepted} excepted`
  if (result.failures.length > 0) {
    io.err(`audit:offline: ${result.failures.length} problem${result.failures.length === 1 ? '' : 's'} (${summary})`)
    return 1
  }
  io.out(`audit:offline: ok: ${summary}; none from outside ${NPM_REGISTRY}, each with a sha512 integrity hash`)
  return 0
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2))
}

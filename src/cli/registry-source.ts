// The only module that reads the human-edited registry source (registry/source/) and the pinned
// keys (registry/keys.json) from disk. Everything it returns has been through src/core validation.

import { readFileSync, statSync } from 'node:fs'
import { isAbsolute, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { MAX_REGISTRY_BYTES, validatePayload } from '../core/registry-schema'
import { REGISTRY_SCHEMA, type Organisation, type PinnedKey, type RegistryPayload } from '../core/registry-types'
import { verifyEnvelope, type VerifyResult } from '../core/signature'
import { checkConfidenceRules } from './registry-rules'

/** The repository root, found from this file's location so the CLI works from any cwd. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
export const SOURCE_DIR = join(REPO_ROOT, 'registry', 'source')

/** Keys a source file may carry for humans; they are dropped from the built payload. */
const COMMENT_KEYS = ['$comment', 'comment']

type Obj = Record<string, unknown>

/** A path relative to the repository root when inside it ("registry/source/meta.json"), else absolute. */
export function displayPath(path: string): string {
  const rel = relative(REPO_ROOT, path)
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel
}

/** "ENOENT: no such file…" → "no such file or directory". */
export function describeFsError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code
  if (code === 'ENOENT') return 'no such file or directory'
  if (code === 'EISDIR') return 'is a directory'
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied'
  return error instanceof Error ? error.message : String(error)
}

function readJson(path: string): unknown {
  const label = displayPath(path)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new Error(`${label}: cannot read: ${describeFsError(error)}`)
  }
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new Error(`${label}: not valid JSON: ${(error as Error).message}`)
  }
}

function withoutComments(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value
  return Object.fromEntries(Object.entries(value).filter(([key]) => !COMMENT_KEYS.includes(key)))
}

/** A source file that must be an object with exactly these fields (comment keys aside). */
function readShaped(dir: string, file: string, fields: readonly string[]): Obj {
  const path = join(dir, file)
  const label = displayPath(path)
  const value = withoutComments(readJson(path))
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${label}: expected an object with ${fields.join(', ')}`)
  }
  for (const key of Object.keys(value)) {
    if (!fields.includes(key)) throw new Error(`${label}: unknown field "${key}"; expected ${fields.join(', ')}`)
  }
  for (const key of fields) {
    if (!Object.hasOwn(value, key)) throw new Error(`${label}: missing field "${key}"`)
  }
  return value as Obj
}

/** Copies an object with `keys` first, in that order, then any others (left for the schema to reject). */
function ordered(value: unknown, keys: readonly string[]): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value
  const source = value as Obj
  const out: Obj = {}
  for (const key of keys) if (Object.hasOwn(source, key)) out[key] = source[key]
  for (const key of Object.keys(source)) if (!keys.includes(key)) out[key] = source[key]
  return out
}

function orderedList(value: unknown, keys: readonly string[]): unknown {
  return Array.isArray(value) ? value.map((item) => ordered(item, keys)) : value
}

const NUMBER_KEYS = ['e164', 'national', 'country', 'service', 'display', 'vanity', 'languages', 'hours', 'sources', 'confidence', 'checked']
const RETIRED_KEYS = ['e164', 'country', 'display', 'retired', 'source']
const CHANNEL_KEYS = ['kind', 'label', 'url']

function loadOrganisation(dir: string, id: string): Obj {
  const org = readShaped(dir, `${id}/organisation.json`, ['id', 'name', 'reportEmail', 'domains', 'channels'])
  if (org.id !== id) throw new Error(`${displayPath(join(dir, id, 'organisation.json'))}: id: expected "${id}" (as listed in meta.json), got ${JSON.stringify(org.id)}`)
  const numbers = readShaped(dir, `${id}/numbers.json`, ['numbers', 'retired', 'noSupportNumber'])
  const lexicon = readShaped(dir, `${id}/lexicon.json`, ['brand', 'support', 'notBrand', 'fake'])
  const organisation: Record<keyof Organisation, unknown> = {
    id: org.id,
    name: org.name,
    channels: orderedList(org.channels, CHANNEL_KEYS),
    reportEmail: org.reportEmail,
    domains: org.domains,
    numbers: orderedList(numbers.numbers, NUMBER_KEYS),
    retired: orderedList(numbers.retired, RETIRED_KEYS),
    noSupportNumber: numbers.noSupportNumber,
    coverage: withoutComments(readJson(join(dir, id, 'coverage.json'))),
    lexicon: { brand: lexicon.brand, support: lexicon.support, notBrand: lexicon.notBrand, fake: lexicon.fake },
  }
  return organisation
}

/** The source file a payload field comes from, for error messages. */
export function sourceFileOf(path: string, orgIds: readonly string[]): string {
  const org = /^organisations\[(\d+)\]\.(\w+)/.exec(path)
  if (org) {
    const id = orgIds[Number(org[1])] ?? '?'
    const field = org[2]!
    if (field === 'lexicon') return `${id}/lexicon.json`
    if (field === 'coverage') return `${id}/coverage.json`
    if (['numbers', 'retired', 'noSupportNumber'].includes(field)) return `${id}/numbers.json`
    return `${id}/organisation.json`
  }
  if (path.startsWith('redFlags')) return 'red-flags.json'
  if (path.startsWith('fraudReport')) return 'fraud-report.json'
  return 'meta.json'
}

/**
 * Builds the registry payload from the source tree, keys in a fixed order so that
 * JSON.stringify of the result is byte-for-byte reproducible. Throws an Error naming the source
 * file and the field when anything is missing or invalid, or when an entry breaks a confidence
 * rule (registry-rules.ts; one line per broken rule).
 */
export function loadSource(dir: string = SOURCE_DIR): RegistryPayload {
  return loadSourceWithWarnings(dir).payload
}

/** loadSource, plus the confidence-rule warnings that do not stop a build. */
export function loadSourceWithWarnings(dir: string = SOURCE_DIR): { payload: RegistryPayload; warnings: string[] } {
  const payload = loadValidSource(dir)
  const findings = payload.organisations.flatMap((org) =>
    checkConfidenceRules(org, {
      numbers: displayPath(join(dir, org.id, 'numbers.json')),
      coverage: displayPath(join(dir, org.id, 'coverage.json')),
    }),
  )
  const errors = findings.filter((f) => f.level === 'error').map((f) => f.message)
  if (errors.length > 0) throw new Error(errors.join('\n'))
  return { payload, warnings: findings.filter((f) => f.level === 'warning').map((f) => f.message) }
}

function loadValidSource(dir: string): RegistryPayload {
  const meta = readShaped(dir, 'meta.json', ['schema', 'version', 'issued', 'expires', 'organisations'])
  const ids = meta.organisations
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string' && /^[a-z][a-z0-9-]{0,31}$/.test(id))) {
    throw new Error(`${displayPath(join(dir, 'meta.json'))}: organisations: expected a non-empty list of lowercase organisation ids like "apple"`)
  }
  if (new Set(ids).size !== ids.length) throw new Error(`${displayPath(join(dir, 'meta.json'))}: organisations: lists an id twice`)
  const payload: Record<keyof RegistryPayload, unknown> = {
    schema: meta.schema,
    version: meta.version,
    issued: meta.issued,
    expires: meta.expires,
    organisations: ids.map((id: string) => loadOrganisation(dir, id)),
    redFlags: withoutComments(readJson(join(dir, 'red-flags.json'))),
    fraudReport: withoutComments(readJson(join(dir, 'fraud-report.json'))),
  }
  const result = validatePayload(payload)
  if (!result.ok) {
    throw new Error(`${displayPath(join(dir, sourceFileOf(result.error, ids)))}: ${result.error}`)
  }
  return result.payload
}

/** Pinned keys from a keys file in the registry/keys.json format: {"keys": [{keyid, publicKey, …}]}. */
export function readKeysFile(path: string): PinnedKey[] {
  const value = readJson(path) as { keys?: unknown } | null
  const keys = value?.keys
  if (!Array.isArray(keys)) throw new Error(`${displayPath(path)}: keys: expected an array of {keyid, publicKey}`)
  return keys.map((entry: unknown, i) => {
    const { keyid, publicKey } = (entry ?? {}) as { keyid?: unknown; publicKey?: unknown }
    if (typeof keyid !== 'string' || typeof publicKey !== 'string') {
      throw new Error(`${displayPath(path)}: keys[${i}]: expected string fields keyid and publicKey`)
    }
    return { keyid, publicKey }
  })
}

/** The keys pinned in <repoRoot>/registry/keys.json. */
export function readPinnedKeys(repoRoot: string = REPO_ROOT): PinnedKey[] {
  return readKeysFile(join(repoRoot, 'registry', 'keys.json'))
}

/**
 * Reads and verifies a signed registry file. Expired registries come back ok with
 * `expired: true` so the caller decides. Throws only when the file cannot be read.
 */
export async function loadSignedRegistry(path: string, pinned: readonly PinnedKey[], now: Date): Promise<VerifyResult> {
  let text: string
  try {
    // Refuse oversized files before reading them into memory (verifyEnvelope checks again).
    const size = statSync(path).size
    if (size > MAX_REGISTRY_BYTES) {
      return { ok: false, code: 'too-large', error: `too large: ${size} bytes; the limit is 1 MB` }
    }
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new Error(`cannot read ${path}: ${describeFsError(error)}`, { cause: error })
  }
  return verifyEnvelope(text, pinned, now, { allowExpired: true })
}

/** A registry read for comparison: a signed file, a payload file or a source directory. */
export type RegistryInput =
  | {
      ok: true
      kind: 'signed' | 'payload' | 'source'
      payload: RegistryPayload
      /** The exact payload text: what a signature covers (for a signed file, the envelope's payload). */
      text: string
      /** Things the reader should know: an unverified signature, an older schema. */
      notes: string[]
    }
  /** missing: no file there; unreadable: another reason it cannot be read; invalid: not a registry. */
  | { ok: false; code: 'missing' | 'unreadable' | 'invalid'; error: string }

/** Fields later schemas added, with the value that means "nothing" (see REGISTRY_SCHEMA). */
function withLaterFields(value: Obj): Obj {
  const organisations = Array.isArray(value.organisations) ? value.organisations : []
  return {
    ...value,
    schema: REGISTRY_SCHEMA,
    organisations: organisations.map((org: unknown) => {
      if (typeof org !== 'object' || org === null) return org
      const o = org as Obj
      const lexicon = (typeof o.lexicon === 'object' && o.lexicon !== null ? o.lexicon : {}) as Obj
      return { domains: [], coverage: {}, ...o, lexicon: { notBrand: {}, fake: {}, ...lexicon } }
    }),
  }
}

/**
 * A payload to compare, validated like any registry. One made for an older schema is read as if
 * upgraded (fields it lacks are empty), so that a change of schema can still be shown.
 */
function payloadForComparison(value: unknown): { payload: RegistryPayload; notes: string[] } | { error: string } {
  const result = validatePayload(value)
  if (result.ok) return { payload: result.payload, notes: [] }
  const schema = (value as { schema?: unknown } | null)?.schema
  if (typeof schema === 'number' && Number.isInteger(schema) && schema >= 1 && schema < REGISTRY_SCHEMA) {
    const upgraded = validatePayload(withLaterFields(value as Obj))
    if (upgraded.ok) {
      upgraded.payload.schema = schema
      return { payload: upgraded.payload, notes: [`schema ${schema}: compared as if it had the fields of schema ${REGISTRY_SCHEMA}, empty`] }
    }
  }
  return { error: result.error }
}

/**
 * Reads a registry to compare with another: a signed file (its signature checked against `pinned`
 * when given; a failure is a note, not an error), a payload file, or a source directory (built and
 * checked as `registry build` does). Never throws.
 */
export async function readRegistryInput(path: string, pinned: readonly PinnedKey[] | null, now: Date): Promise<RegistryInput> {
  let size: number
  try {
    const stat = statSync(path)
    if (stat.isDirectory()) {
      try {
        const { payload } = loadSourceWithWarnings(path)
        return { ok: true, kind: 'source', payload, text: JSON.stringify(payload), notes: [] }
      } catch (error) {
        return { ok: false, code: 'invalid', error: `invalid source: ${(error as Error).message.split('\n')[0]}` }
      }
    }
    size = stat.size
  } catch (error) {
    const missing = (error as { code?: unknown } | null)?.code === 'ENOENT'
    return { ok: false, code: missing ? 'missing' : 'unreadable', error: describeFsError(error) }
  }
  if (size > MAX_REGISTRY_BYTES) return { ok: false, code: 'invalid', error: `too large: ${size} bytes; the limit is 1 MB` }
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    return { ok: false, code: 'unreadable', error: describeFsError(error) }
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return { ok: false, code: 'invalid', error: `not valid JSON: ${(error as Error).message}` }
  }
  const envelope = value as { payload?: unknown; signatures?: unknown } | null
  const signed = typeof envelope?.payload === 'string' && Array.isArray(envelope.signatures)
  const payloadText = signed ? (envelope.payload as string) : text
  let payloadValue: unknown = value
  if (signed) {
    try {
      payloadValue = JSON.parse(payloadText)
    } catch (error) {
      return { ok: false, code: 'invalid', error: `payload: not valid JSON: ${(error as Error).message}` }
    }
  }
  const read = payloadForComparison(payloadValue)
  if ('error' in read) return { ok: false, code: 'invalid', error: `invalid payload: ${read.error}` }
  const notes = [...read.notes]
  if (signed && pinned !== null) {
    const check = await verifyEnvelope(text, pinned, now, { allowExpired: true })
    if (!check.ok) notes.push(`TrueDial would refuse it: ${check.error}`)
  }
  return { ok: true, kind: signed ? 'signed' : 'payload', payload: read.payload, text: payloadText, notes }
}

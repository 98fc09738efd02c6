// `truedial registry build|sign|verify|diff`: the contributor's and publisher's tools for the
// signed registry.
// build  → the compact payload from registry/source/ (what gets signed, byte for byte), and what
//          changed against the signed registry, with the next step
// sign   → the envelope, with an Ed25519 key that must be pinned in registry/keys.json; refuses
//          new content under a version that is already signed
// verify → the same check the extension runs, as one line of output
// diff   → what changed between two registries (signed files, payload files or source folders)

import { createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, isAbsolute, join, relative, resolve } from 'node:path'
import { encodeBase64 } from '../core/base64'
import { validatePayload } from '../core/registry-schema'
import type { PinnedKey, RegistryPayload, SignedEnvelope } from '../core/registry-types'
import { keyIdOf, verifyEnvelope } from '../core/signature'
import { UsageError, type CliIo } from './io'
import { countNumberChanges, diffPayloads } from './registry-diff'
import {
  REPO_ROOT,
  SOURCE_DIR,
  describeFsError,
  loadSignedRegistry,
  loadSourceWithWarnings,
  readKeysFile,
  readRegistryInput,
  type RegistryInput,
} from './registry-source'

const OK = 0
/** The registry or its source is invalid. */
const INVALID = 1
/** A file could not be read or written, or the command refuses to proceed. */
const CANNOT = 2

const DEFAULT_PAYLOAD = join(REPO_ROOT, 'registry', 'registry.payload.json')
const DEFAULT_SIGNED = join(REPO_ROOT, 'registry', 'registry.signed.json')
const DEFAULT_KEYS = join(REPO_ROOT, 'registry', 'keys.json')

const USAGE = [
  'truedial registry build [--source DIR] [--out FILE] [--against SIGNED]',
  'truedial registry sign [--key PATH] [--payload FILE] [--source DIR] [--keys FILE] [--out FILE] [--allow-unpinned]',
  'truedial registry verify FILE [--keys FILE]',
  'truedial registry diff OLD NEW [--keys FILE]',
]
const SUBCOMMANDS = 'build, sign, verify or diff'

interface Parsed {
  values: Map<string, string>
  flags: Set<string>
  positionals: string[]
}

function parseArgs(command: string, args: string[], valueOptions: string[], flagOptions: string[], maxPositionals: number): Parsed {
  const parsed: Parsed = { values: new Map(), flags: new Set(), positionals: [] }
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (!arg.startsWith('--')) {
      if (parsed.positionals.length >= maxPositionals) throw new UsageError(`registry ${command}: unexpected argument "${arg}"`)
      parsed.positionals.push(arg)
      continue
    }
    const eq = arg.indexOf('=')
    const name = eq === -1 ? arg : arg.slice(0, eq)
    if (flagOptions.includes(name) && eq === -1) {
      parsed.flags.add(name)
    } else if (valueOptions.includes(name)) {
      const value = eq === -1 ? args[++i] : arg.slice(eq + 1)
      if (value === undefined || value === '') throw new UsageError(`registry ${command}: ${name} needs a value`)
      if (parsed.values.has(name)) throw new UsageError(`registry ${command}: ${name} given twice`)
      parsed.values.set(name, value)
    } else {
      const known = [...valueOptions, ...flagOptions].join(', ') || 'none'
      throw new UsageError(`registry ${command}: unknown option "${name}" (options: ${known})`)
    }
  }
  return parsed
}

/** Relative to the working directory when inside it, as the user typed it; otherwise absolute. */
function shown(io: CliIo, path: string): string {
  const rel = relative(io.cwd, path)
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel
}

function pathOption(io: CliIo, parsed: Parsed, name: string, fallback: string): string {
  const value = parsed.values.get(name)
  return value === undefined ? fallback : resolve(io.cwd, value)
}

function refuse(io: CliIo, line: string, code: number): number {
  io.stderr(line)
  return code
}

function writeText(io: CliIo, path: string, text: string): boolean {
  try {
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, text)
    return true
  } catch (error) {
    io.stderr(`cannot write ${shown(io, path)}: ${describeFsError(error)}`)
    return false
  }
}

/** "79 numbers in 39 countries" and the lexicon's language count. */
export function summarise(payload: RegistryPayload): { numbers: number; countries: number; languages: number } {
  const countries = new Set<string>()
  const languages = new Set<string>()
  let numbers = 0
  for (const org of payload.organisations) {
    numbers += org.numbers.length
    for (const n of org.numbers) countries.add(n.country)
    for (const language of [...Object.keys(org.lexicon.brand), ...Object.keys(org.lexicon.support)]) languages.add(language)
  }
  return { numbers, countries: countries.size, languages: languages.size }
}

/** loadSourceWithWarnings, or each reason it failed as its own "invalid source: …" line. */
function loadSourceOrReport(io: CliIo, dir: string): { payload: RegistryPayload; warnings: string[] } | null {
  try {
    return loadSourceWithWarnings(dir)
  } catch (error) {
    for (const line of (error as Error).message.split('\n')) io.stderr(`invalid source: ${line}`)
    return null
  }
}

/**
 * What `registry build` prints after building: the changes against the registry signed before,
 * and what to do next. Exported for the test that guards registry/registry.signed.json, so that
 * it fails with the same list and commands.
 */
export function changeReport(
  previous: { payload: RegistryPayload; text: string; label: string },
  payload: RegistryPayload,
  metaPath: string,
): { out: string[]; warning: string | null } {
  if (previous.text === JSON.stringify(payload)) {
    return { out: [`no change against registry v${previous.payload.version} in ${previous.label}: nothing to sign`], warning: null }
  }
  const lines = diffPayloads(previous.payload, payload)
  const was = previous.payload.version
  const out = [`changes against registry v${was} in ${previous.label} (${countNumberChanges(lines)}):`, ...lines.map((l) => `  ${l}`)]
  if (payload.version <= was) {
    out.push(`next: raise "version" in ${metaPath} to ${was + 1}, run "npx truedial registry build" again, then "npm run test:unit"`)
    const relation = payload.version === was ? 'the version of' : 'lower than'
    return {
      out,
      warning:
        `warning: "version" in ${metaPath} is ${payload.version}, ${relation} the signed registry, but the content differs: ` +
        `raise it to ${was + 1}. "registry sign" refuses new content under a version it has signed, and a browser that has v${was} keeps it`,
    }
  }
  out.push(
    `next: "npm run test:unit"; then the publisher signs it with "npx truedial registry sign" (key in REGISTRY_SIGNING_KEY; see CONTRIBUTING.md). ` +
      `Until then registry.signed.json, which "npm run build" ships, is still v${was}`,
  )
  return { out, warning: null }
}

async function build(args: string[], io: CliIo, now: Date): Promise<number> {
  const parsed = parseArgs('build', args, ['--out', '--source', '--against'], [], 0)
  const out = pathOption(io, parsed, '--out', DEFAULT_PAYLOAD)
  const source = pathOption(io, parsed, '--source', SOURCE_DIR)
  const against = pathOption(io, parsed, '--against', DEFAULT_SIGNED)
  const built = loadSourceOrReport(io, source)
  if (built === null) return INVALID
  const { payload } = built
  // Exactly the bytes that `registry sign` signs: no trailing newline.
  if (!writeText(io, out, JSON.stringify(payload))) return CANNOT
  const s = summarise(payload)
  io.stdout(`built registry v${payload.version}: ${s.numbers} numbers in ${s.countries} countries, ${s.languages} languages → ${shown(io, out)}`)
  for (const warning of built.warnings) io.stderr(`warning: ${warning}`)

  const previous = await readRegistryInput(against, null, now)
  if (!previous.ok) {
    if (previous.code === 'missing') io.stdout(`no signed registry at ${shown(io, against)} to compare with`)
    else io.stderr(`warning: cannot compare with ${shown(io, against)}: ${previous.error}`)
    return OK
  }
  const report = changeReport({ ...previous, label: shown(io, against) }, payload, shown(io, join(source, 'meta.json')))
  for (const line of report.out) io.stdout(line)
  if (report.warning !== null) io.stderr(report.warning)
  return OK
}

/** The PEM text from --key PATH, or from REGISTRY_SIGNING_KEY (the PEM itself, or a path to it). */
function readSigningKey(io: CliIo, parsed: Parsed): { pem: string } | { error: string } {
  const option = parsed.values.get('--key')
  const env = io.env.REGISTRY_SIGNING_KEY
  let path: string
  if (option !== undefined) path = resolve(io.cwd, option)
  else if (env !== undefined && env.includes('-----BEGIN')) return { pem: env }
  else if (env !== undefined && env.trim() !== '') path = resolve(io.cwd, env.trim())
  else throw new UsageError('registry sign: no signing key: pass --key PATH or set REGISTRY_SIGNING_KEY')
  try {
    return { pem: readFileSync(path, 'utf8') }
  } catch (error) {
    return { error: `cannot read the signing key ${shown(io, path)}: ${describeFsError(error)}` }
  }
}

function parsePrivateKey(pem: string): KeyObject | string {
  let key: KeyObject
  try {
    key = createPrivateKey({ key: pem, format: 'pem' })
  } catch {
    // Node's message is not shown: never echo anything derived from key material.
    return 'the signing key is not a PEM private key (expected an Ed25519 key in PKCS#8 PEM form)'
  }
  if (key.asymmetricKeyType !== 'ed25519') return `the signing key is ${key.asymmetricKeyType ?? 'of an unknown type'}; expected Ed25519`
  return key
}

function readPayloadFile(io: CliIo, path: string): RegistryPayload | { error: string; code: number } {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    return { error: `cannot read ${shown(io, path)}: ${describeFsError(error)}`, code: CANNOT }
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return { error: `invalid payload ${shown(io, path)}: not valid JSON: ${(error as Error).message}`, code: INVALID }
  }
  const result = validatePayload(value)
  return result.ok ? result.payload : { error: `invalid payload ${shown(io, path)}: ${result.error}`, code: INVALID }
}

/**
 * Why `sign` must not replace the registry already at `out`, or null. A browser takes an update
 * only when its version is higher (src/background), so new content under a signed version would
 * never reach anyone who has that version: it would answer "No change" while the lists differ.
 * Signing the very same payload again is fine.
 */
function sameVersionRefusal(io: CliIo, previous: RegistryInput, payload: RegistryPayload, text: string, out: string, metaPath: string): string[] | null {
  if (!previous.ok) {
    if (previous.code === 'missing') return null
    return [`refusing to sign: cannot compare with the registry already at ${shown(io, out)}: ${previous.error}; move it away or sign to another --out`]
  }
  if (previous.text === text || payload.version > previous.payload.version) return null
  const was = previous.payload.version
  return [
    `refusing to sign: this registry v${payload.version} differs from registry v${was} already signed in ${shown(io, out)}:`,
    ...diffPayloads(previous.payload, payload).map((line) => `  ${line}`),
    `raise "version" in ${metaPath} to ${was + 1} and build again: a browser that has v${was} takes only a higher version`,
  ]
}

async function signCommand(args: string[], io: CliIo, now: Date): Promise<number> {
  const parsed = parseArgs('sign', args, ['--key', '--payload', '--source', '--keys', '--out'], ['--allow-unpinned'], 0)
  const out = pathOption(io, parsed, '--out', DEFAULT_SIGNED)
  const keysPath = pathOption(io, parsed, '--keys', DEFAULT_KEYS)

  const pem = readSigningKey(io, parsed)
  if ('error' in pem) return refuse(io, pem.error, CANNOT)
  // The payload first: a broken registry is reported before anything about the key.
  let payload: RegistryPayload
  const payloadPath = parsed.values.get('--payload')
  const source = pathOption(io, parsed, '--source', SOURCE_DIR)
  if (payloadPath !== undefined) {
    const read = readPayloadFile(io, resolve(io.cwd, payloadPath))
    if ('error' in read) return refuse(io, read.error, read.code)
    payload = read
  } else {
    const built = loadSourceOrReport(io, source)
    if (built === null) return INVALID
    payload = built.payload
  }
  const text = JSON.stringify(payload)
  const previous = await readRegistryInput(out, null, now)
  const refusal = sameVersionRefusal(io, previous, payload, text, out, payloadPath === undefined ? shown(io, join(source, 'meta.json')) : 'meta.json')
  if (refusal !== null) {
    for (const line of refusal) io.stderr(line)
    return CANNOT
  }

  const privateKey = parsePrivateKey(pem.pem)
  if (typeof privateKey === 'string') return refuse(io, privateKey, CANNOT)
  const x = createPublicKey(privateKey).export({ format: 'jwk' }).x
  const raw = typeof x === 'string' ? new Uint8Array(Buffer.from(x, 'base64url')) : null
  if (raw === null || raw.length !== 32) return refuse(io, 'could not derive the public key from the signing key', CANNOT)
  const own: PinnedKey = { keyid: await keyIdOf(raw), publicKey: encodeBase64(raw) }

  const allowUnpinned = parsed.flags.has('--allow-unpinned')
  let pinned: PinnedKey[] = []
  try {
    pinned = readKeysFile(keysPath)
  } catch (error) {
    // With --allow-unpinned the keys file only feeds a warning; without it, it decides.
    if (!allowUnpinned) return refuse(io, (error as Error).message, CANNOT)
  }
  const isPinned = pinned.some((k) => k.keyid === own.keyid && k.publicKey === own.publicKey)
  if (!isPinned && !allowUnpinned) {
    io.stderr(
      `refusing to sign: key ${own.keyid} is not pinned in ${shown(io, keysPath)}; ` +
        'add it there in a release first, or pass --allow-unpinned for a registry nobody will accept',
    )
    return CANNOT
  }
  if (!isPinned) io.stderr(`warning: key ${own.keyid} is not pinned in ${shown(io, keysPath)}; clients will refuse this registry`)

  const envelope: SignedEnvelope = {
    payload: text,
    signatures: [{ keyid: own.keyid, sig: encodeBase64(sign(null, new TextEncoder().encode(text), privateKey)) }],
  }
  const envelopeText = `${JSON.stringify(envelope, null, 2)}\n`
  // Check our own output the way clients will, at the moment it becomes valid.
  const check = await verifyEnvelope(envelopeText, [own], new Date(Date.parse(payload.issued)), { allowExpired: true })
  if (!check.ok) return refuse(io, `the new envelope does not verify: ${check.error}`, INVALID)
  if (Date.parse(payload.expires) < now.getTime()) io.stderr(`warning: registry v${payload.version} already expired on ${payload.expires}`)

  if (!writeText(io, out, envelopeText)) return CANNOT
  io.stdout(`signed registry v${payload.version} with key ${own.keyid} → ${shown(io, out)}`)
  return OK
}

async function verifyCommand(args: string[], io: CliIo, now: Date): Promise<number> {
  const parsed = parseArgs('verify', args, ['--keys'], [], 1)
  const file = parsed.positionals[0]
  if (file === undefined) throw new UsageError(`registry verify: which file? ${USAGE[2]}`)
  let pinned: PinnedKey[]
  try {
    pinned = readKeysFile(pathOption(io, parsed, '--keys', DEFAULT_KEYS))
  } catch (error) {
    return refuse(io, (error as Error).message, CANNOT)
  }
  const path = resolve(io.cwd, file)
  let result
  try {
    result = await loadSignedRegistry(path, pinned, now)
  } catch (error) {
    return refuse(io, `cannot read ${shown(io, path)}: ${describeFsError((error as Error).cause)}`, CANNOT)
  }
  if (!result.ok) return refuse(io, `invalid: ${result.error}`, INVALID)
  const { payload } = result
  if (result.expired) return refuse(io, `invalid: expired: registry v${payload.version} expired on ${payload.expires}`, INVALID)
  const s = summarise(payload)
  io.stdout(
    `valid: registry v${payload.version} issued ${payload.issued.slice(0, 10)}, expires ${payload.expires.slice(0, 10)}, ` +
      `signed by ${result.keyid}; ${s.numbers} numbers in ${s.countries} countries`,
  )
  return OK
}

async function diffCommand(args: string[], io: CliIo, now: Date): Promise<number> {
  const parsed = parseArgs('diff', args, ['--keys'], [], 2)
  const [first, second] = parsed.positionals
  if (first === undefined || second === undefined) throw new UsageError(`registry diff: which two registries? ${USAGE[3]}`)
  let pinned: PinnedKey[]
  try {
    pinned = readKeysFile(pathOption(io, parsed, '--keys', DEFAULT_KEYS))
  } catch (error) {
    return refuse(io, (error as Error).message, CANNOT)
  }
  const inputs: Array<{ label: string; payload: RegistryPayload; text: string }> = []
  for (const arg of [first, second]) {
    const path = resolve(io.cwd, arg)
    const read = await readRegistryInput(path, pinned, now)
    if (!read.ok) {
      return read.code !== 'invalid'
        ? refuse(io, `cannot read ${shown(io, path)}: ${read.error}`, CANNOT)
        : refuse(io, `invalid ${shown(io, path)}: ${read.error}`, INVALID)
    }
    for (const note of read.notes) io.stderr(`note: ${shown(io, path)}: ${note}`)
    inputs.push({ label: shown(io, path), payload: read.payload, text: read.text })
  }
  const [before, after] = inputs as [(typeof inputs)[number], (typeof inputs)[number]]
  if (before.text === after.text) {
    io.stdout(`no change: ${before.label} and ${after.label} hold the same registry v${after.payload.version}`)
    return OK
  }
  const lines = diffPayloads(before.payload, after.payload)
  io.stdout(`registry v${before.payload.version} (${before.label}) → v${after.payload.version} (${after.label}), ${countNumberChanges(lines)}:`)
  for (const line of lines) io.stdout(`  ${line}`)
  if (after.payload.version <= before.payload.version) {
    io.stderr(`warning: the content differs but the version did not rise (v${before.payload.version} → v${after.payload.version}): a browser that has v${before.payload.version} would keep it`)
  }
  return OK
}

export async function runRegistryCommand(args: string[], io: CliIo, clock: () => Date = () => new Date()): Promise<number> {
  const [subcommand, ...rest] = args
  switch (subcommand) {
    case 'build':
      return build(rest, io, clock())
    case 'sign':
      return signCommand(rest, io, clock())
    case 'verify':
      return verifyCommand(rest, io, clock())
    case 'diff':
      return diffCommand(rest, io, clock())
    case undefined:
      throw new UsageError(`registry: expected a subcommand: ${SUBCOMMANDS} (${USAGE.join(' | ')})`)
    default:
      throw new UsageError(`registry: unknown subcommand "${subcommand}"; expected ${SUBCOMMANDS}`)
  }
}

// Verification of the signed registry envelope: Ed25519 over the UTF-8 bytes of the payload string,
// checked with WebCrypto so the same code runs in Node, the service worker and Firefox's background.
// Every failure is a result with a code, never an exception and never a fall-through to "valid".

import { decodeBase64 } from './base64'
import { MAX_REGISTRY_BYTES, describeValue, validatePayload } from './registry-schema'
import type { PinnedKey, RegistryPayload, SignedEnvelope } from './registry-types'

export const MAX_SIGNATURES = 8
/** Clock skew allowed before a registry counts as issued in the future. */
export const ISSUED_TOLERANCE_MS = 24 * 60 * 60 * 1000

const KEYID = /^[0-9a-f]{16}$/

export type VerifyCode =
  | 'too-large'
  | 'malformed'
  | 'unknown-key'
  | 'bad-signature'
  | 'schema'
  | 'expired'
  | 'not-yet-valid'

export type VerifyResult =
  | { ok: true; payload: RegistryPayload; keyid: string; expired: boolean }
  | { ok: false; code: VerifyCode; error: string }

export type ParseEnvelopeResult =
  | { ok: true; envelope: SignedEnvelope }
  | { ok: false; code: 'too-large' | 'malformed'; error: string }

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

/** First 16 hex digits of SHA-256 over the raw 32-byte public key. */
/** A parser's message, which may quote the file: control and bidi characters removed, shortened. */
function printable(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  return text.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '\ufffd').slice(0, 200)
}

export async function keyIdOf(raw: Uint8Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', raw as Uint8Array<ArrayBuffer>)
  return toHex(new Uint8Array(digest)).slice(0, 16)
}

/** UTF-8 length of a string without allocating the encoded bytes. */
export function utf8Length(text: string): number {
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x80) bytes += 1
    else if (c < 0x800) bytes += 2
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4 // a surrogate pair is one 4-byte code point
      i++
    } else bytes += 3 // includes lone surrogates, which TextEncoder writes as U+FFFD
  }
  return bytes
}

function tooLarge(text: string): number | null {
  // Each UTF-16 code unit is at least one UTF-8 byte: a cheap early exit for huge inputs.
  if (text.length > MAX_REGISTRY_BYTES) return utf8Length(text)
  if (text.length * 3 <= MAX_REGISTRY_BYTES) return null
  const bytes = utf8Length(text)
  return bytes > MAX_REGISTRY_BYTES ? bytes : null
}

function malformed(error: string): { ok: false; code: 'malformed'; error: string } {
  return { ok: false, code: 'malformed', error }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Size check, then JSON.parse, then the envelope's shape. The payload itself is not parsed here. */
export function parseEnvelope(text: string): ParseEnvelopeResult {
  if (typeof text !== 'string') return malformed(`expected text, got ${describeValue(text)}`)
  const size = tooLarge(text)
  if (size !== null) return { ok: false, code: 'too-large', error: `too large: ${size} bytes; the limit is 1 MB` }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return malformed(`not valid JSON: ${printable(error)}`)
  }
  if (!isObject(value)) return malformed(`envelope: expected an object, got ${describeValue(value)}`)
  for (const key of Object.keys(value)) {
    if (key !== 'payload' && key !== 'signatures') {
      return malformed(`envelope: unknown field ${describeValue(key)}; expected only payload, signatures`)
    }
  }
  if (typeof value.payload !== 'string' || value.payload === '') {
    return malformed(`payload: expected the registry JSON as a non-empty string, got ${describeValue(value.payload)}`)
  }
  const signatures = value.signatures
  if (!Array.isArray(signatures) || signatures.length === 0 || signatures.length > MAX_SIGNATURES) {
    const got = Array.isArray(signatures) ? `${signatures.length} items` : describeValue(signatures)
    return malformed(`signatures: expected an array of 1-${MAX_SIGNATURES} signatures, got ${got}`)
  }
  const checked: SignedEnvelope['signatures'] = []
  for (const [i, entry] of signatures.entries()) {
    const path = `signatures[${i}]`
    if (!isObject(entry)) return malformed(`${path}: expected an object, got ${describeValue(entry)}`)
    for (const key of Object.keys(entry)) {
      if (key !== 'keyid' && key !== 'sig') return malformed(`${path}: unknown field ${describeValue(key)}; expected only keyid, sig`)
    }
    if (typeof entry.keyid !== 'string' || !KEYID.test(entry.keyid)) {
      return malformed(`${path}.keyid: expected 16 lowercase hex digits, got ${describeValue(entry.keyid)}`)
    }
    const sig = entry.sig
    const bytes = typeof sig === 'string' ? decodeBase64(sig) : null
    if (typeof sig !== 'string' || bytes === null || bytes.length !== 64) {
      return malformed(`${path}.sig: expected base64 of a 64-byte Ed25519 signature, got ${describeValue(sig)}`)
    }
    checked.push({ keyid: entry.keyid, sig })
  }
  return { ok: true, envelope: { payload: value.payload, signatures: checked } }
}

/** Pinned entries whose key decodes to 32 bytes and whose keyid matches it; the others are ignored. */
async function usablePinnedKeys(pinned: readonly PinnedKey[]): Promise<Map<string, Uint8Array>> {
  const keys = new Map<string, Uint8Array>()
  if (!Array.isArray(pinned)) return keys
  for (const entry of pinned) {
    if (!isObject(entry) || typeof entry.keyid !== 'string' || typeof entry.publicKey !== 'string') continue
    const raw = decodeBase64(entry.publicKey)
    if (raw === null || raw.length !== 32) continue
    if ((await keyIdOf(raw)) !== entry.keyid) continue
    keys.set(entry.keyid, raw)
  }
  return keys
}

/** Ed25519 check through WebCrypto. False on a bad signature and on any error; never throws. */
export async function verifyEd25519(publicKey: Uint8Array, signature: Uint8Array, message: Uint8Array): Promise<boolean> {
  try {
    const subtle = globalThis.crypto.subtle
    const key = await subtle.importKey('raw', publicKey as Uint8Array<ArrayBuffer>, { name: 'Ed25519' }, false, ['verify'])
    return (await subtle.verify({ name: 'Ed25519' }, key, signature as Uint8Array<ArrayBuffer>, message as Uint8Array<ArrayBuffer>)) === true
  } catch {
    // An exception (unsupported algorithm, bad key, …) is a failed check, never a pass.
    return false
  }
}

function fail(code: VerifyCode, error: string): VerifyResult {
  return { ok: false, code, error }
}

/**
 * Verifies a signed registry file against the pinned keys.
 * Order: size → JSON → envelope shape → pinned key → signature → payload JSON → schema → dates.
 */
export async function verifyEnvelope(
  text: string,
  pinned: readonly PinnedKey[],
  now: Date,
  options: { allowExpired?: boolean } = {},
): Promise<VerifyResult> {
  const parsed = parseEnvelope(text)
  if (!parsed.ok) return fail(parsed.code, parsed.error)
  const { envelope } = parsed

  let keys: Map<string, Uint8Array>
  try {
    keys = await usablePinnedKeys(pinned)
  } catch (error) {
    return fail('unknown-key', `could not read the pinned keys: ${String(error)}`)
  }
  const candidates = envelope.signatures.filter((s) => keys.has(s.keyid))
  if (candidates.length === 0) {
    const seen = envelope.signatures.map((s) => s.keyid).join(', ')
    const trusted = [...keys.keys()].join(', ') || 'none'
    return fail('unknown-key', `no signature from a pinned key: signed by ${seen}; pinned ${trusted}`)
  }

  const message = new TextEncoder().encode(envelope.payload)
  let keyid: string | null = null
  for (const candidate of candidates) {
    const sig = decodeBase64(candidate.sig)
    if (sig !== null && (await verifyEd25519(keys.get(candidate.keyid)!, sig, message))) {
      keyid = candidate.keyid
      break
    }
  }
  if (keyid === null) {
    const ids = candidates.map((c) => c.keyid).join(', ')
    return fail('bad-signature', `bad signature: the payload does not match the signature by key ${ids}`)
  }

  let value: unknown
  try {
    value = JSON.parse(envelope.payload)
  } catch (error) {
    return fail('malformed', `payload: not valid JSON: ${printable(error)}`)
  }
  const validation = validatePayload(value)
  if (!validation.ok) return fail('schema', validation.error)
  const { payload } = validation

  const time = now instanceof Date ? now.getTime() : NaN
  if (!Number.isFinite(time)) return fail('expired', 'cannot check the dates: the current time is invalid')
  if (Date.parse(payload.issued) > time + ISSUED_TOLERANCE_MS) {
    return fail('not-yet-valid', `not yet valid: issued ${payload.issued}, which is in the future`)
  }
  const expired = Date.parse(payload.expires) < time
  if (expired && options.allowExpired !== true) {
    return fail('expired', `expired: registry v${payload.version} expired on ${payload.expires}`)
  }
  return { ok: true, payload, keyid, expired }
}

/** An update must carry a higher version than the registry in use (no rollback to older data). */
export function compareForUpdate(
  active: { version: number } | null,
  candidate: { version: number },
): { ok: true } | { ok: false; code: 'rollback'; error: string } {
  if (active === null || candidate.version > active.version) return { ok: true }
  return {
    ok: false,
    code: 'rollback',
    error: `version ${candidate.version} is not newer than the active version ${active.version}`,
  }
}

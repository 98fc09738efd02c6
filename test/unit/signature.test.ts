import { createPrivateKey, sign } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { decodeBase64, encodeBase64 } from '../../src/core/base64'
import { MAX_REGISTRY_BYTES } from '../../src/core/registry-schema'
import {
  compareForUpdate,
  keyIdOf,
  parseEnvelope,
  utf8Length,
  verifyEd25519,
  verifyEnvelope,
} from '../../src/core/signature'
import {
  FIXTURE_NOW,
  fixturePayload,
  generateTestKey,
  makePinned,
  signEnvelope,
  signText,
  upperKeyid,
} from '../helpers/test-key'

const hex = (text: string) => new Uint8Array(Buffer.from(text, 'hex'))

// RFC 8032 §7.1, TEST 1 and TEST 2: https://www.rfc-editor.org/rfc/rfc8032#section-7.1
const RFC8032 = [
  {
    name: 'TEST 1 (empty message)',
    secret: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    publicKey: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    message: '',
    signature:
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  },
  {
    name: 'TEST 2 (one byte 0x72)',
    secret: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
    publicKey: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
    message: '72',
    signature:
      '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
  },
]

function flipBit(bytes: Uint8Array, index: number): Uint8Array {
  const copy = bytes.slice()
  copy[index]! ^= 0x01
  return copy
}

function mutateEnvelope(text: string, change: (envelope: { payload: string; signatures: Array<{ keyid: string; sig: string }> }) => void): string {
  const envelope = JSON.parse(text)
  change(envelope)
  return JSON.stringify(envelope)
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('base64', () => {
  it('round-trips every length from 0 to 70 bytes exactly as Buffer encodes them', () => {
    for (let n = 0; n <= 70; n++) {
      const bytes = new Uint8Array(n).map((_, i) => (i * 37 + n) & 255)
      const text = encodeBase64(bytes)
      expect(text).toBe(Buffer.from(bytes).toString('base64'))
      expect(decodeBase64(text)).toEqual(bytes)
    }
  })

  it.each([
    ['missing padding', 'QQ'],
    ['whitespace', 'QUJD RA=='],
    ['a trailing newline', 'QUJD\n'],
    ['URL-safe characters', 'ab-_'],
    ['padding in the middle', 'QQ==QUJD'],
    ['three padding characters', 'Q==='],
    ['non-zero bits hidden by "=="', 'QR=='],
    ['non-zero bits hidden by "="', 'QUI='.replace('I', 'J')],
    ['non-ASCII', 'QUJé'],
  ])('rejects %s', (_, text) => {
    expect(decodeBase64(text)).toBeNull()
  })
})

describe('verifyEd25519 (WebCrypto)', () => {
  it.each(RFC8032)('accepts the RFC 8032 $name signature', async (vector) => {
    expect(await verifyEd25519(hex(vector.publicKey), hex(vector.signature), hex(vector.message))).toBe(true)
  })

  it.each(RFC8032)('reproduces the RFC 8032 $name signature from its secret key', (vector) => {
    const key = createPrivateKey({
      key: {
        kty: 'OKP',
        crv: 'Ed25519',
        d: Buffer.from(vector.secret, 'hex').toString('base64url'),
        x: Buffer.from(vector.publicKey, 'hex').toString('base64url'),
      },
      format: 'jwk',
    })
    expect(sign(null, hex(vector.message), key).toString('hex')).toBe(vector.signature)
  })

  it.each(RFC8032)('rejects the RFC 8032 $name signature with one bit flipped in the signature, key or message', async (vector) => {
    const publicKey = hex(vector.publicKey)
    const signature = hex(vector.signature)
    const message = hex(vector.message)
    expect(await verifyEd25519(publicKey, flipBit(signature, 0), message)).toBe(false)
    expect(await verifyEd25519(publicKey, flipBit(signature, 63), message)).toBe(false)
    expect(await verifyEd25519(flipBit(publicKey, 5), signature, message)).toBe(false)
    expect(await verifyEd25519(publicKey, signature, new Uint8Array([...message, 0]))).toBe(false)
  })

  it('returns false instead of throwing for a key or signature of the wrong length', async () => {
    const vector = RFC8032[0]!
    expect(await verifyEd25519(new Uint8Array(31), hex(vector.signature), new Uint8Array())).toBe(false)
    expect(await verifyEd25519(hex(vector.publicKey), new Uint8Array(63), new Uint8Array())).toBe(false)
  })

  it('returns false when WebCrypto itself throws', async () => {
    vi.spyOn(globalThis.crypto.subtle, 'verify').mockRejectedValue(new Error('boom'))
    const vector = RFC8032[1]!
    expect(await verifyEd25519(hex(vector.publicKey), hex(vector.signature), hex(vector.message))).toBe(false)
  })
})

describe('keyIdOf', () => {
  it('is the first 16 hex digits of SHA-256 over the raw public key', async () => {
    const key = generateTestKey()
    expect(await keyIdOf(key.publicKeyRaw)).toBe(key.keyid)
    expect(key.keyid).toMatch(/^[0-9a-f]{16}$/)
  })

  it('matches the keyid of every key pinned in registry/keys.json', async () => {
    const pinned = JSON.parse(readFileSync(new URL('../../registry/keys.json', import.meta.url), 'utf8')) as {
      keys: Array<{ keyid: string; publicKey: string }>
    }
    expect(pinned.keys.length).toBeGreaterThan(0)
    for (const entry of pinned.keys) {
      const raw = decodeBase64(entry.publicKey)
      expect(raw?.length).toBe(32)
      expect(await keyIdOf(raw!)).toBe(entry.keyid)
    }
  })
})

describe('verifyEnvelope', () => {
  const key = generateTestKey()
  const pinned = makePinned(key)
  const valid = signEnvelope(fixturePayload(), key)

  it('accepts an envelope signed by a pinned key and returns the payload', async () => {
    const result = await verifyEnvelope(valid, pinned, FIXTURE_NOW)
    expect(result).toEqual({ ok: true, payload: fixturePayload(), keyid: key.keyid, expired: false })
  })

  it('rejects a payload with one digit changed as bad-signature', async () => {
    const tampered = mutateEnvelope(valid, (e) => {
      e.payload = e.payload.replace('+18002752273', '+18002752274')
    })
    expect(tampered).not.toBe(valid)
    const result = await verifyEnvelope(tampered, pinned, FIXTURE_NOW)
    expect(result).toMatchObject({ ok: false, code: 'bad-signature' })
    expect(!result.ok && result.error).toContain('bad signature')
  })

  it.each([0, 31, 32, 63])('rejects a signature with byte %i flipped as bad-signature', async (index) => {
    const tampered = mutateEnvelope(valid, (e) => {
      e.signatures[0]!.sig = encodeBase64(flipBit(decodeBase64(e.signatures[0]!.sig)!, index))
    })
    expect(await verifyEnvelope(tampered, pinned, FIXTURE_NOW)).toMatchObject({ ok: false, code: 'bad-signature' })
  })

  it('rejects a signature whose keyid has one digit changed as unknown-key', async () => {
    const other = key.keyid.replace(/^./, (c) => (c === '0' ? '1' : '0'))
    const tampered = mutateEnvelope(valid, (e) => {
      e.signatures[0]!.keyid = other
    })
    const result = await verifyEnvelope(tampered, pinned, FIXTURE_NOW)
    expect(result).toMatchObject({ ok: false, code: 'unknown-key' })
    expect(!result.ok && result.error).toContain(other)
  })

  it('rejects an envelope signed by a key that is not pinned, listing the keyids it saw', async () => {
    const stranger = generateTestKey()
    const result = await verifyEnvelope(signEnvelope(fixturePayload(), stranger), pinned, FIXTURE_NOW)
    expect(result).toMatchObject({ ok: false, code: 'unknown-key' })
    expect(!result.ok && result.error).toContain(stranger.keyid)
  })

  it('rejects everything when nothing is pinned', async () => {
    expect(await verifyEnvelope(valid, [], FIXTURE_NOW)).toMatchObject({ ok: false, code: 'unknown-key' })
  })

  it('ignores a pinned entry whose keyid is not the hash of its key, even if the signature is good', async () => {
    const fakeId = 'aaaaaaaaaaaaaaaa'
    const envelope = signEnvelope(fixturePayload(), key, { keyid: fakeId })
    const result = await verifyEnvelope(envelope, [{ keyid: fakeId, publicKey: key.publicKey }], FIXTURE_NOW)
    expect(result).toMatchObject({ ok: false, code: 'unknown-key' })
  })

  it('ignores a pinned entry that claims a keyid with somebody else\'s key', async () => {
    const attacker = generateTestKey()
    const envelope = signEnvelope(fixturePayload(), attacker, { keyid: key.keyid })
    const result = await verifyEnvelope(envelope, [{ keyid: key.keyid, publicKey: attacker.publicKey }], FIXTURE_NOW)
    expect(result).toMatchObject({ ok: false, code: 'unknown-key' })
  })

  it('ignores pinned entries that are not 32-byte base64 keys', async () => {
    const junk = [
      { keyid: key.keyid, publicKey: 'not base64' },
      { keyid: key.keyid, publicKey: encodeBase64(new Uint8Array(31)) },
      null,
      42,
    ] as unknown as typeof pinned
    expect(await verifyEnvelope(valid, junk, FIXTURE_NOW)).toMatchObject({ ok: false, code: 'unknown-key' })
    expect(await verifyEnvelope(valid, null as unknown as typeof pinned, FIXTURE_NOW)).toMatchObject({ ok: false, code: 'unknown-key' })
  })

  it('accepts an envelope where one of several signatures is by a pinned key', async () => {
    const stranger = generateTestKey()
    const text = JSON.stringify(fixturePayload())
    const envelope = JSON.stringify({
      payload: text,
      signatures: [
        { keyid: stranger.keyid, sig: signText(text, stranger) },
        { keyid: key.keyid, sig: signText(text, key) },
      ],
    })
    expect(await verifyEnvelope(envelope, pinned, FIXTURE_NOW)).toMatchObject({ ok: true, keyid: key.keyid })
  })

  it('rejects a good signature by a pinned key over a different payload', async () => {
    const other = fixturePayload()
    other.version = 4
    const text = JSON.stringify(fixturePayload())
    const envelope = JSON.stringify({ payload: text, signatures: [{ keyid: key.keyid, sig: signText(JSON.stringify(other), key) }] })
    expect(await verifyEnvelope(envelope, pinned, FIXTURE_NOW)).toMatchObject({ ok: false, code: 'bad-signature' })
  })

  it('rejects a valid signature over an invalid payload as schema, naming the field', async () => {
    const payload = fixturePayload()
    payload.organisations[0]!.numbers[1]!.e164 = '12345'
    const result = await verifyEnvelope(signEnvelope(payload, key), pinned, FIXTURE_NOW)
    expect(result).toEqual({
      ok: false,
      code: 'schema',
      error: 'organisations[0].numbers[1].e164: expected E.164 like "+18002752273", got "12345"',
    })
  })

  it('rejects a valid signature over a payload that is not JSON as malformed', async () => {
    const result = await verifyEnvelope(signEnvelope('{"schema": 1,', key), pinned, FIXTURE_NOW)
    expect(result).toMatchObject({ ok: false, code: 'malformed' })
    expect(!result.ok && result.error).toMatch(/^payload: not valid JSON/)
  })

  it('checks the signature before parsing the payload', async () => {
    const tampered = mutateEnvelope(signEnvelope(fixturePayload(), key), (e) => {
      e.payload = '{not json'
    })
    expect(await verifyEnvelope(tampered, pinned, FIXTURE_NOW)).toMatchObject({ ok: false, code: 'bad-signature' })
  })

  it('rejects an expired registry unless allowExpired, then reports it as expired', async () => {
    const later = new Date('2027-05-26T00:00:00Z')
    const refused = await verifyEnvelope(valid, pinned, later)
    expect(refused).toMatchObject({ ok: false, code: 'expired' })
    expect(!refused.ok && refused.error).toContain('2027-05-25T00:00:00Z')
    expect(await verifyEnvelope(valid, pinned, later, { allowExpired: true })).toMatchObject({ ok: true, expired: true })
  })

  it('rejects a registry issued more than 24 hours in the future as not-yet-valid', async () => {
    const issued = Date.parse('2026-11-25T00:00:00Z')
    const hour = 60 * 60 * 1000
    expect(await verifyEnvelope(valid, pinned, new Date(issued - 25 * hour))).toMatchObject({ ok: false, code: 'not-yet-valid' })
    expect(await verifyEnvelope(valid, pinned, new Date(issued - 23 * hour))).toMatchObject({ ok: true, expired: false })
  })

  it('refuses rather than passes when the current time is invalid', async () => {
    expect(await verifyEnvelope(valid, pinned, new Date(Number.NaN))).toMatchObject({ ok: false })
  })

  it('rejects a 2 MB file as too-large without calling JSON.parse', async () => {
    const parse = vi.spyOn(JSON, 'parse')
    const huge = `{"payload": "${'x'.repeat(2 * 1024 * 1024)}`
    const result = await verifyEnvelope(huge, pinned, FIXTURE_NOW)
    expect(result).toEqual({ ok: false, code: 'too-large', error: `too large: ${huge.length} bytes; the limit is 1 MB` })
    expect(parse).not.toHaveBeenCalled()
  })

  it('counts UTF-8 bytes, not characters, against the 1 MB limit', async () => {
    const text = '€'.repeat(400_000) // 400k characters, 1.2 MB of UTF-8
    expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length)
    expect(parseEnvelope(text)).toEqual({ ok: false, code: 'too-large', error: 'too large: 1200000 bytes; the limit is 1 MB' })
  })

  it('accepts exactly MAX_REGISTRY_BYTES and refuses one byte more', () => {
    const prefix = '{"payload":"x","signatures":[],"p":"'
    const pad = (n: number) => `${prefix}${' '.repeat(n - prefix.length - 2)}"}`
    expect(utf8Length(pad(MAX_REGISTRY_BYTES))).toBe(MAX_REGISTRY_BYTES)
    expect(parseEnvelope(pad(MAX_REGISTRY_BYTES))).toMatchObject({ ok: false, code: 'malformed' })
    expect(parseEnvelope(pad(MAX_REGISTRY_BYTES + 1))).toMatchObject({ ok: false, code: 'too-large' })
  })

  it('counts surrogate pairs as 4 bytes and lone surrogates as 3', () => {
    for (const text of ['😀', 'a😀b', '\ud800', '\udc00x', 'é中']) {
      expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length)
    }
  })

  it('never throws on deeply nested junk', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`
    expect(await verifyEnvelope(deep, pinned, FIXTURE_NOW)).toMatchObject({ ok: false, code: 'malformed' })
    const deepPayload = signEnvelope(`{"schema":1,"organisations":${'['.repeat(50_000)}${']'.repeat(50_000)}}`, key)
    expect(await verifyEnvelope(deepPayload, pinned, FIXTURE_NOW)).toMatchObject({ ok: false, code: 'schema' })
  })
})

describe('parseEnvelope', () => {
  const key = generateTestKey()
  const good = { keyid: key.keyid, sig: signText('x', key) }

  it('parses a well-formed envelope', () => {
    expect(parseEnvelope(JSON.stringify({ payload: 'x', signatures: [good] }))).toEqual({
      ok: true,
      envelope: { payload: 'x', signatures: [good] },
    })
  })

  it('reports malformed JSON with the parser message', () => {
    const result = parseEnvelope('{"payload": ')
    expect(result).toMatchObject({ ok: false, code: 'malformed' })
    expect(!result.ok && result.error).toMatch(/^not valid JSON: ./)
  })

  it.each([
    ['null', 'envelope: expected an object, got null'],
    ['[]', 'envelope: expected an object, got an array'],
    ['"text"', 'envelope: expected an object'],
    [{ payload: 'x', signatures: [good], extra: 1 }, 'envelope: unknown field "extra"'],
    [{ signatures: [good] }, 'payload: expected the registry JSON as a non-empty string, got undefined'],
    [{ payload: { schema: 1 }, signatures: [good] }, 'payload: expected the registry JSON as a non-empty string, got an object'],
    [{ payload: '', signatures: [good] }, 'payload: expected'],
    [{ payload: 'x' }, 'signatures: expected an array of 1-8 signatures, got undefined'],
    [{ payload: 'x', signatures: [] }, 'signatures: expected an array of 1-8 signatures, got 0 items'],
    [{ payload: 'x', signatures: Array(9).fill(good) }, 'signatures: expected an array of 1-8 signatures, got 9 items'],
    [{ payload: 'x', signatures: { 0: good } }, 'signatures: expected an array'],
    [{ payload: 'x', signatures: ['sig'] }, 'signatures[0]: expected an object, got "sig"'],
    [{ payload: 'x', signatures: [good, { ...good, extra: true }] }, 'signatures[1]: unknown field "extra"'],
    [{ payload: 'x', signatures: [{ ...good, keyid: upperKeyid(key.keyid) }] }, 'signatures[0].keyid: expected 16 lowercase hex digits'],
    [{ payload: 'x', signatures: [{ ...good, keyid: key.keyid.slice(1) }] }, 'signatures[0].keyid: expected 16 lowercase hex digits'],
    [{ payload: 'x', signatures: [{ ...good, keyid: 5 }] }, 'signatures[0].keyid: expected 16 lowercase hex digits, got 5'],
    [{ payload: 'x', signatures: [{ keyid: key.keyid }] }, 'signatures[0].sig: expected base64 of a 64-byte Ed25519 signature, got undefined'],
    [{ payload: 'x', signatures: [{ ...good, sig: encodeBase64(new Uint8Array(63)) }] }, 'signatures[0].sig: expected base64 of a 64-byte'],
    [{ payload: 'x', signatures: [{ ...good, sig: good.sig.replace(/=+$/, '') }] }, 'signatures[0].sig: expected base64'],
    [{ payload: 'x', signatures: [{ ...good, sig: ` ${good.sig}` }] }, 'signatures[0].sig: expected base64'],
  ])('rejects the malformed envelope %j naming the field', (value, message) => {
    const result = parseEnvelope(typeof value === 'string' ? value : JSON.stringify(value))
    expect(result).toMatchObject({ ok: false, code: 'malformed' })
    expect(!result.ok && result.error).toContain(message)
  })
})

describe('compareForUpdate', () => {
  it('accepts any version when no registry is active', () => {
    expect(compareForUpdate(null, { version: 1 })).toEqual({ ok: true })
  })

  it('accepts a newer version', () => {
    expect(compareForUpdate({ version: 5 }, { version: 6 })).toEqual({ ok: true })
  })

  it('refuses an older version as a rollback', () => {
    expect(compareForUpdate({ version: 5 }, { version: 3 })).toEqual({
      ok: false,
      code: 'rollback',
      error: 'version 3 is not newer than the active version 5',
    })
  })

  it('refuses the same version again', () => {
    expect(compareForUpdate({ version: 5 }, { version: 5 })).toMatchObject({ ok: false, code: 'rollback' })
  })
})

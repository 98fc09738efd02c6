// Hostile registry files, end to end through the RegistryStore: whatever a user imports or an
// update server sends, the store answers with a refusal in one sentence, keeps the active
// registry and never touches the stored one.
import { describe, it, expect, beforeEach } from 'vitest'
import { ATTEMPT_KEY, RegistryStore, STORAGE_KEY } from '../../src/background/registry-store'
import type { RegistryPayload } from '../../src/core/registry-types'
import { MemoryStore as CopyingStore } from '../helpers/memory-store'
import { FIXTURE_NOW, fixturePayload, generateTestKey, makePinned, schemaOnePayload, signEnvelope, signText, upperKeyid, type TestKey } from '../helpers/test-key'

class MemoryStore extends CopyingStore {
  /** Everything but the record of the last attempt, which every import rewrites. */
  snapshot(): unknown {
    return structuredClone([...this.data].filter(([k]) => k !== ATTEMPT_KEY))
  }
}

const key: TestKey = generateTestKey()
const withVersion = (version: number, mutate?: (p: RegistryPayload) => void): RegistryPayload => {
  const p = fixturePayload()
  p.version = version
  mutate?.(p)
  return p
}
/** A signed envelope around any payload text, as a valid signer would make it. */
const envelope = (payload: string, signatures?: unknown): string =>
  JSON.stringify({ payload, signatures: signatures ?? [{ keyid: key.keyid, sig: signText(payload, key) }] })
/** A newer payload with one change, serialised and validly signed. */
const signedWith = (mutate: (p: Record<string, unknown>) => void): string => {
  const p = withVersion(5) as unknown as Record<string, unknown>
  mutate(p)
  return signEnvelope(p, key)
}

const GOOD = signEnvelope(withVersion(4), key)
const goodSig = JSON.parse(GOOD).signatures[0] as { keyid: string; sig: string }
const goodPayload = JSON.parse(GOOD).payload as string

let storage: MemoryStore
let store: RegistryStore
let before: unknown

beforeEach(async () => {
  storage = new MemoryStore()
  store = new RegistryStore(storage, signEnvelope(withVersion(1), key), makePinned(key), () => FIXTURE_NOW)
  const imported = await store.importText(signEnvelope(withVersion(2), key), 'file')
  expect(imported).toMatchObject({ ok: true, status: { version: 2, source: 'file' } })
  before = storage.snapshot()
})

/**
 * Imports `text` and checks the refusal: one clear sentence, nothing changed. `quotesInput`:
 * the message quotes the first characters of the file as JSON.parse reports them, so raw bytes
 * may put control characters into it (one line is then not asserted).
 */
async function expectRefused(text: string, mention?: RegExp, { quotesInput = false } = {}): Promise<string> {
  const result = await store.importText(text, 'file')
  expect(result.ok).toBe(false)
  const { message } = result
  expect(message.length).toBeGreaterThan(0)
  expect(message.length).toBeLessThan(600)
  expect(message).toMatch(/^Refused: /)
  expect(message).toMatch(/\.$/)
  if (!quotesInput) expect(message).not.toMatch(/[\n\r\u2028\u2029]/)
  if (mention) expect(message).toMatch(mention)
  expect(result.status).toMatchObject({ state: 'ok', version: 2, source: 'file' })
  expect((await store.status()).version).toBe(2)
  expect(storage.snapshot()).toEqual(before)
  expect((storage.data.get(ATTEMPT_KEY) as { ok: boolean; message: string }).message).toBe(message)
  return message
}

describe('a hostile registry file', () => {
  it('starts from a stored, verified registry at version 2', async () => {
    expect(storage.data.get(STORAGE_KEY)).toMatchObject({ source: 'file' })
    // The good file of these tests is accepted, so every refusal below is about its damage.
    const fresh = new RegistryStore(new MemoryStore(), signEnvelope(withVersion(1), key), makePinned(key), () => FIXTURE_NOW)
    expect((await fresh.importText(GOOD, 'file')).ok).toBe(true)
  })

  it.each([0, 1, 2, 3, 4, 5, 6, 7])('is refused when truncated to %i/8 of its length', async (eighths) => {
    await expectRefused(GOOD.slice(0, Math.floor((GOOD.length * eighths) / 8)), /not a registry/)
  })

  it('is refused when it is a 5 MB string, before it is parsed', async () => {
    await expectRefused(`{"payload":"${'x'.repeat(5 * 1024 * 1024)}","signatures":[]}`, /too large/)
    await expectRefused('\u{1F600}'.repeat(300_000), /too large/) // 1.2 MB of 4-byte UTF-8 in 600k code units
  })

  it.each([
    ['arrays nested 100,000 deep', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
    ['objects nested 100,000 deep', `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`],
    ['a payload nested 100,000 deep in the envelope', `{"payload":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)},"signatures":[]}`],
  ])('is refused when it is %s', async (_name, text) => {
    await expectRefused(text, /not a registry/)
  })

  it('is refused when a validly signed payload is nested 100,000 deep', async () => {
    await expectRefused(envelope(`${'['.repeat(100_000)}${']'.repeat(100_000)}`), /contents are invalid.*payload/)
    await expectRefused(envelope(`{"schema":3,"version":5,"organisations":${'['.repeat(50_000)}${']'.repeat(50_000)}}`), /contents are invalid/)
  })

  it.each<[string, unknown]>([
    ['null', null],
    ['an array', [GOOD]],
    ['a number', 4],
    ['a string', GOOD],
    ['true', true],
  ])('is refused when the whole file is %s', async (_name, value) => {
    await expectRefused(JSON.stringify(value), /not a registry/)
  })

  describe('with a wrong type in an envelope field', () => {
    it.each<[string, unknown]>([
      ['a number', 4],
      ['null', null],
      ['an object', JSON.parse(goodPayload)],
      ['an array', [goodPayload]],
      ['an empty string', ''],
      ['true', true],
    ])('refuses a payload that is %s', async (_name, payload) => {
      await expectRefused(JSON.stringify({ payload, signatures: [goodSig] }), /not a registry.*payload/)
    })

    it.each<[string, unknown]>([
      ['missing', undefined],
      ['null', null],
      ['a string', goodSig.sig],
      ['an object', goodSig],
      ['an empty array', []],
      ['an array of null', [null]],
      ['an array of strings', [goodSig.sig]],
      ['an array of arrays', [[goodSig.keyid, goodSig.sig]]],
      ['nine signatures', Array.from({ length: 9 }, () => goodSig)],
      ['a thousand signatures', Array.from({ length: 1000 }, () => goodSig)],
    ])('refuses signatures that are %s', async (_name, signatures) => {
      const text = JSON.stringify(signatures === undefined ? { payload: goodPayload } : { payload: goodPayload, signatures })
      await expectRefused(text, /not a registry.*signatures/)
    })

    it.each<[string, unknown]>([
      ['a numeric keyid', { keyid: 1234567890123456, sig: goodSig.sig }],
      ['a missing keyid', { sig: goodSig.sig }],
      ['an uppercase keyid', { keyid: upperKeyid(goodSig.keyid), sig: goodSig.sig }],
      ['a short keyid', { keyid: goodSig.keyid.slice(1), sig: goodSig.sig }],
      ['a null sig', { keyid: goodSig.keyid, sig: null }],
      ['a numeric sig', { keyid: goodSig.keyid, sig: 42 }],
      ['a sig that is not base64', { keyid: goodSig.keyid, sig: '!'.repeat(88) }],
      ['a 63-byte sig', { keyid: goodSig.keyid, sig: Buffer.alloc(63, 1).toString('base64') }],
      ['a 65-byte sig', { keyid: goodSig.keyid, sig: Buffer.alloc(65, 1).toString('base64') }],
      ['an extra field', { ...goodSig, alg: 'none' }],
    ])('refuses a signature with %s', async (_name, signature) => {
      await expectRefused(JSON.stringify({ payload: goodPayload, signatures: [signature] }), /not a registry.*signatures\[0\]/)
    })

    it('refuses an envelope with an extra field', async () => {
      await expectRefused(JSON.stringify({ payload: goodPayload, signatures: [goodSig], trusted: true }), /not a registry.*unknown field/)
    })
  })

  it('is refused when it is validly signed, but only by a key that is not pinned', async () => {
    const other = generateTestKey()
    const text = envelope(goodPayload, [{ keyid: other.keyid, sig: signText(goodPayload, other) }])
    await expectRefused(text, /not signed by a key TrueDial trusts/)
  })

  it('is refused as made for an older TrueDial when it is a validly signed, newer schema-1 registry', async () => {
    await expectRefused(signEnvelope(schemaOnePayload(9), key), /contents are invalid \(schema: this registry was made for an older TrueDial; its schema is 1, this TrueDial reads schema 3\)\.$/)
  })

  it('is refused when its signature is valid for different bytes', async () => {
    const text = JSON.stringify({ payload: goodPayload.replace(/"version":\d+/, '"version":40'), signatures: [goodSig] })
    await expectRefused(text, /signature does not match/)
  })

  describe('with a valid signature over an invalid payload', () => {
    it('names the duplicate number', async () => {
      const text = signedWith((p) => {
        const org = (p.organisations as Array<{ numbers: unknown[] }>)[0]!
        org.numbers.push(structuredClone(org.numbers[0]))
      })
      await expectRefused(text, /contents are invalid.*organisations\[0\]\.numbers\[3\].*duplicate/)
    })

    it.each<[string, (p: Record<string, unknown>) => void, RegExp]>([
      ['a version that is a string', (p) => (p.version = '5'), /version: expected a positive integer/],
      ['a version of zero', (p) => (p.version = 0), /version: expected a positive integer/],
      ['a fractional version', (p) => (p.version = 5.5), /version: expected a positive integer/],
      ['an unsafe integer version', (p) => (p.version = 2 ** 53 + 2), /version: expected a positive integer/],
      ['a schema from a newer TrueDial', (p) => (p.schema = 4), /schema: this registry was made for a newer TrueDial/],
      ['issued after expires', (p) => (p.expires = '2026-01-01T00:00:00Z'), /expires: expected a date-time later than issued/],
      ['an impossible date', (p) => (p.issued = '2026-02-30T00:00:00Z'), /issued: expected an ISO 8601 date-time/],
      ['no organisations', (p) => (p.organisations = []), /organisations: expected at least 1 item/],
      ['a number without E.164 or national', (p) => ((p.organisations as Array<{ numbers: Array<Record<string, unknown>> }>)[0]!.numbers[0]!.e164 = null), /organisations\[0\]\.numbers\[0\]\.national/],
      ['an E.164 with letters', (p) => ((p.organisations as Array<{ numbers: Array<Record<string, unknown>> }>)[0]!.numbers[0]!.e164 = '+1800APPLE'), /organisations\[0\]\.numbers\[0\]\.e164: expected E\.164/],
      ['a channel on http', (p) => ((p.organisations as Array<{ channels: Array<Record<string, unknown>> }>)[0]!.channels[0]!.url = 'http://evil.example/'), /organisations\[0\]\.channels\[0\]\.url: expected an https:\/\/ URL/],
      ['a fraud site on javascript:', (p) => (p.fraudReport = { US: { name: 'FTC', url: 'javascript:alert(1)' } }), /fraudReport\.US\.url: expected an https:\/\/ URL/],
      ['a brand term of 5,000 characters', (p) => ((p.organisations as Array<{ lexicon: { brand: Record<string, string[]> } }>)[0]!.lexicon.brand.en = ['A'.repeat(5000)]), /lexicon\.brand\.en\[0\]: expected at most 60 characters/],
      ['redFlags as an array', (p) => (p.redFlags = ['gift card']), /redFlags: expected an object/],
    ])('names the field for %s', async (_name, mutate, mention) => {
      await expectRefused(signedWith(mutate), new RegExp(`contents are invalid.*${mention.source}`))
    })

    it('refuses a payload that is not JSON', async () => {
      await expectRefused(envelope('this is not JSON'), /not a registry.*payload: not valid JSON/)
    })

    it.each<[string, string, RegExp]>([
      ['a version of 1e400 (Infinity)', goodPayload.replace(/"version":\d+/, '"version":1e400'), /version: expected a positive integer, got Infinity/],
      ['a version of -1e400 (-Infinity)', goodPayload.replace(/"version":\d+/, '"version":-1e400'), /version: expected a positive integer, got -Infinity/],
      ['a version of 1e308', goodPayload.replace(/"version":\d+/, '"version":1e308'), /version: expected a positive integer/],
      ['a schema of 2.0000000000000004', goodPayload.replace('"schema":3', '"schema":3.0000000000000004'), /schema: expected a positive integer/],
      ['a version written NaN', goodPayload.replace(/"version":\d+/, '"version":NaN'), /payload: not valid JSON/],
      ['a version written Infinity', goodPayload.replace(/"version":\d+/, '"version":Infinity'), /payload: not valid JSON/],
    ])('refuses %s', async (_name, payload, mention) => {
      expect(payload).not.toBe(goodPayload)
      await expectRefused(envelope(payload), mention)
    })
  })

  describe('with unknown fields in a validly signed payload', () => {
    it.each<[string, (p: Record<string, unknown>) => void, RegExp]>([
      ['at the top level', (p) => (p.trustEverything = true), /trustEverything: unknown field/],
      ['in a number', (p) => ((p.organisations as Array<{ numbers: Array<Record<string, unknown>> }>)[0]!.numbers[0]!.official = true), /organisations\[0\]\.numbers\[0\]\.official: unknown field/],
      ['in an organisation', (p) => ((p.organisations as Array<Record<string, unknown>>)[0]!.homepage = 'https://evil.example/'), /organisations\[0\]\.homepage: unknown field/],
      ['in the lexicon', (p) => ((p.organisations as Array<{ lexicon: Record<string, unknown> }>)[0]!.lexicon.regex = '.*'), /organisations\[0\]\.lexicon\.regex: unknown field/],
    ])('refuses one %s and names it', async (_name, mutate, mention) => {
      await expectRefused(signedWith(mutate), mention)
    })
  })

  describe('with a "__proto__" key', () => {
    it.each<[string, string, RegExp]>([
      ['at the top of the payload', goodPayload.replace('{"schema":3', '{"__proto__":{"version":99},"schema":3'), /__proto__: unknown field/],
      ['in a number', goodPayload.replace('{"e164":"+18002752273"', '{"__proto__":{"official":true},"e164":"+18002752273"'), /organisations\[0\]\.numbers\[0\]\.__proto__: unknown field/],
      ['as a lexicon language', goodPayload.replace('"brand":{"en":', '"brand":{"__proto__":["x"],"en":'), /lexicon\.brand\.__proto__: expected a language key/],
      ['as a fraud-report country', goodPayload.replace('"fraudReport":{', '"fraudReport":{"__proto__":{"name":"x","url":"https://x.example/"},'), /fraudReport\.__proto__: expected an ISO 3166-1/],
      ['as a coverage country', goodPayload.replace('"coverage":{', '"coverage":{"__proto__":{"support":"complete"},'), /coverage\.__proto__: expected an ISO 3166-1/],
      ['as a coverage service', goodPayload.replace('"coverage":{"US":{', '"coverage":{"US":{"__proto__":"complete",'), /coverage\.US\.__proto__: expected a service/],
      ['as a notBrand language', goodPayload.replace('"notBrand":{', '"notBrand":{"__proto__":["Apple"],'), /lexicon\.notBrand\.__proto__: expected a language key/],
    ])('refuses one %s', async (_name, payload, mention) => {
      expect(payload).not.toBe(goodPayload)
      await expectRefused(envelope(payload), mention)
      expect(({} as Record<string, unknown>).official).toBeUndefined()
      expect(({} as Record<string, unknown>).version).toBeUndefined()
    })

    it('refuses one in the envelope and in a signature', async () => {
      await expectRefused(`{"__proto__":{"payload":"x"},"payload":${JSON.stringify(goodPayload)},"signatures":[${JSON.stringify(goodSig)}]}`, /not a registry.*unknown field "__proto__"/)
      await expectRefused(`{"payload":${JSON.stringify(goodPayload)},"signatures":[{"__proto__":{},"keyid":"${goodSig.keyid}","sig":"${goodSig.sig}"}]}`, /not a registry.*signatures\[0\]: unknown field "__proto__"/)
    })
  })

  describe('decoded from bytes that are not UTF-8', () => {
    const decode = (bytes: Uint8Array): string => new TextDecoder('utf-8', { fatal: false }).decode(bytes)

    it('refuses a signed file whose non-ASCII text was saved as Latin-1', async () => {
      // The payload says "苹果" in UTF-8; the same text saved in another encoding decodes to U+FFFD.
      const utf8 = Buffer.from(GOOD, 'utf8')
      const latin1 = Buffer.from(GOOD, 'latin1') // every non-Latin-1 char becomes one byte, often invalid UTF-8
      expect(latin1.equals(utf8)).toBe(false)
      await expectRefused(decode(latin1), /signature does not match|not a registry/)
    })

    it('refuses the file saved as UTF-16', async () => {
      await expectRefused(decode(Buffer.from(`\ufeff${GOOD}`, 'utf16le')), /not a registry/, { quotesInput: true })
    })

    it('refuses random bytes and invalid UTF-8 sequences', async () => {
      const random = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)
      await expectRefused(decode(random), /not a registry/, { quotesInput: true })
      await expectRefused(decode(Uint8Array.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc])), /not a registry/, { quotesInput: true })
    })

    it('refuses a valid file with one byte changed to an invalid UTF-8 sequence in the payload', async () => {
      const bytes = Buffer.from(GOOD, 'utf8')
      const at = bytes.indexOf(Buffer.from('AppleCare'))
      bytes[at] = 0xc3 // a lead byte followed by ASCII: decoded as U+FFFD
      await expectRefused(decode(bytes), /signature does not match/)
    })
  })

  it('leaves a registry the store can still load after every refusal', async () => {
    for (const text of ['', '{', '[]', 'x'.repeat(2 * 1024 * 1024), envelope('null'), GOOD.replace(/"version\\":\d+/, '"version\\":9999')]) {
      expect((await store.importText(text, 'url', 'https://mirror.example/registry.json')).ok).toBe(false)
    }
    expect(storage.snapshot()).toEqual(before)
    const reloaded = new RegistryStore(storage, signEnvelope(withVersion(1), key), makePinned(key), () => FIXTURE_NOW)
    expect(await reloaded.status()).toMatchObject({ state: 'ok', version: 2, source: 'file' })
  })

  it('never throws, whatever the text', async () => {
    const texts: unknown[] = [undefined, null, 42, {}, [], '\u0000', '\ud800', '"', 'null', 'true', '{"payload":"\\ud800","signatures":[]}']
    for (const text of texts) {
      const result = await store.importText(text as string, 'file')
      expect(result.ok).toBe(false)
      expect(result.status.version).toBe(2)
    }
    expect(storage.snapshot()).toEqual(before)
  })
})

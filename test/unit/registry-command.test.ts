import { generateKeyPairSync } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { UsageError, type CliIo } from '../../src/cli/io'
import { runRegistryCommand } from '../../src/cli/registry-command'
import { loadSignedRegistry, loadSource, readPinnedKeys, REPO_ROOT, SOURCE_DIR } from '../../src/cli/registry-source'
import { validatePayload } from '../../src/core/registry-schema'
import { keyIdOf, verifyEnvelope } from '../../src/core/signature'
import { decodeBase64 } from '../../src/core/base64'
import { FIXTURE_NOW, generateTestKey, makePinned, privateKeyPem, type TestKey } from '../helpers/test-key'

const FIXTURE_SOURCE = fileURLToPath(new URL('../fixtures/registry-source/', import.meta.url))
const clock = () => FIXTURE_NOW

interface FakeIo extends CliIo {
  out: string[]
  err: string[]
}

let dir: string
let io: FakeIo
let key: TestKey

function fakeIo(cwd: string, env: Record<string, string | undefined> = {}): FakeIo {
  const out: string[] = []
  const err: string[] = []
  return { out, err, cwd, env, stdout: (line) => out.push(line), stderr: (line) => err.push(line) }
}

function run(...args: string[]): Promise<number> {
  return runRegistryCommand(args, io, clock)
}

/** A keys file in the registry/keys.json format pinning the given keys. */
function writeKeys(name: string, ...keys: TestKey[]): string {
  const path = join(dir, name)
  writeFileSync(path, JSON.stringify({ keys: keys.map((k) => ({ keyid: k.keyid, publicKey: k.publicKey, owner: 'test' })) }))
  return path
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'truedial-registry-'))
  io = fakeIo(dir)
  key = generateTestKey()
  writeFileSync(join(dir, 'test.key'), privateKeyPem(key))
})

afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('loadSource', () => {
  it('builds a valid payload from the fixture source tree in a fixed key order', () => {
    const payload = loadSource(FIXTURE_SOURCE)
    expect(validatePayload(payload).ok).toBe(true)
    expect(Object.keys(payload)).toEqual(['schema', 'version', 'issued', 'expires', 'organisations', 'redFlags', 'fraudReport'])
    expect(Object.keys(payload.organisations[0]!)).toEqual([
      'id', 'name', 'channels', 'reportEmail', 'domains', 'numbers', 'retired', 'noSupportNumber', 'coverage', 'lexicon',
    ])
    expect(Object.keys(payload.organisations[0]!.lexicon)).toEqual(['brand', 'support', 'notBrand', 'fake'])
    expect(payload.organisations[0]!.numbers).toHaveLength(3)
    expect(payload.organisations[0]!.domains).toEqual(['apple.com', 'icloud.com'])
    expect(payload.organisations[0]!.coverage).toEqual({ GB: { support: 'partial' }, US: { support: 'complete' } })
  })

  it('builds byte-identical JSON every time', () => {
    expect(JSON.stringify(loadSource(FIXTURE_SOURCE))).toBe(JSON.stringify(loadSource(FIXTURE_SOURCE)))
  })

  it('builds a valid payload from the real registry/source', () => {
    const payload = loadSource()
    expect(validatePayload(payload).ok).toBe(true)
    expect(payload.organisations.map((o) => o.id)).toContain('apple')
  })

  function brokenSource(change: (root: string) => void): string {
    const root = join(dir, 'source')
    cpSync(FIXTURE_SOURCE, root, { recursive: true })
    change(root)
    return root
  }
  const editJson = (path: string, edit: (value: any) => void) => {
    const value = JSON.parse(readFileSync(path, 'utf8'))
    edit(value)
    writeFileSync(path, JSON.stringify(value))
  }

  it.each<[string, (root: string) => void, RegExp]>([
    ['a missing numbers.json', (r) => rmSync(join(r, 'apple/numbers.json')), /apple\/numbers\.json: cannot read: no such file or directory$/],
    ['invalid JSON in meta.json', (r) => writeFileSync(join(r, 'meta.json'), '{'), /meta\.json: not valid JSON: /],
    ['an unknown field in numbers.json', (r) => editJson(join(r, 'apple/numbers.json'), (v) => (v.numberz = [])), /apple\/numbers\.json: unknown field "numberz"/],
    ['a missing field in lexicon.json', (r) => editJson(join(r, 'apple/lexicon.json'), (v) => delete v.support), /apple\/lexicon\.json: missing field "support"/],
    ['an organisation id that differs from meta.json', (r) => editJson(join(r, 'apple/organisation.json'), (v) => (v.id = 'pear')), /apple\/organisation\.json: id: expected "apple"/],
    ['a bad number', (r) => editJson(join(r, 'apple/numbers.json'), (v) => (v.numbers[1].e164 = '12345')), /apple\/numbers\.json: organisations\[0\]\.numbers\[1\]\.e164: expected E\.164/],
    ['a bad lexicon term', (r) => editJson(join(r, 'apple/lexicon.json'), (v) => (v.brand.en = [''])), /apple\/lexicon\.json: organisations\[0\]\.lexicon\.brand\.en\[0\]/],
    ['a bad channel', (r) => editJson(join(r, 'apple/organisation.json'), (v) => (v.channels[0].url = 'http://x')), /apple\/organisation\.json: organisations\[0\]\.channels\[0\]\.url/],
    ['a bad version', (r) => editJson(join(r, 'meta.json'), (v) => (v.version = 0)), /meta\.json: version: expected a positive integer/],
    ['a bad red flag', (r) => editJson(join(r, 'red-flags.json'), (v) => (v.en = 'gift card')), /red-flags\.json: redFlags\.en: expected an array/],
    ['a bad fraud-report site', (r) => editJson(join(r, 'fraud-report.json'), (v) => (v.US.url = 'ftp://x')), /fraud-report\.json: fraudReport\.US\.url/],
    ['an organisation listed twice', (r) => editJson(join(r, 'meta.json'), (v) => (v.organisations = ['apple', 'apple'])), /meta\.json: organisations: lists an id twice/],
    ['a source still at schema 1', (r) => editJson(join(r, 'meta.json'), (v) => (v.schema = 1)), /meta\.json: schema: this registry was made for an older TrueDial/],
    ['a missing coverage.json', (r) => rmSync(join(r, 'apple/coverage.json')), /apple\/coverage\.json: cannot read: no such file or directory$/],
    ['a coverage level that is not one', (r) => editJson(join(r, 'apple/coverage.json'), (v) => (v.US.support = 'full')), /apple\/coverage\.json: organisations\[0\]\.coverage\.US\.support: expected one of complete, partial, none/],
    ['coverage of a country without numbers', (r) => editJson(join(r, 'apple/coverage.json'), (v) => (v.FR = { support: 'partial' })), /apple\/coverage\.json: organisations\[0\]\.coverage\.FR\.support: "partial" needs at least one support number for FR/],
    ['a missing domains field', (r) => editJson(join(r, 'apple/organisation.json'), (v) => delete v.domains), /apple\/organisation\.json: missing field "domains"/],
    ['a public suffix as a domain', (r) => editJson(join(r, 'apple/organisation.json'), (v) => v.domains.push('co.uk')), /apple\/organisation\.json: organisations\[0\]\.domains\[2\]: "co\.uk" is a public suffix/],
    ['a missing notBrand table', (r) => editJson(join(r, 'apple/lexicon.json'), (v) => delete v.notBrand), /apple\/lexicon\.json: missing field "notBrand"/],
    ['a notBrand phrase without a brand term', (r) => editJson(join(r, 'apple/lexicon.json'), (v) => v.notBrand.en.push('orange juice')), /apple\/lexicon\.json: organisations\[0\]\.lexicon\.notBrand\.en\[2\]: "orange juice" contains no term/],
  ])('throws naming the file and the field for %s', (_, change, message) => {
    const root = brokenSource(change)
    expect(() => loadSource(root)).toThrow(message)
  })

  it('ignores "$comment" keys in source files', () => {
    const root = brokenSource((r) => editJson(join(r, 'apple/numbers.json'), (v) => (v.$comment = 'for humans')))
    expect(JSON.stringify(loadSource(root))).toBe(JSON.stringify(loadSource(FIXTURE_SOURCE)))
  })
})

describe('readPinnedKeys', () => {
  it('reads registry/keys.json, whose keyids match their keys', async () => {
    const keys = readPinnedKeys()
    expect(keys.length).toBeGreaterThan(0)
    for (const entry of keys) expect(await keyIdOf(decodeBase64(entry.publicKey)!)).toBe(entry.keyid)
    expect(readPinnedKeys(REPO_ROOT)).toEqual(keys)
  })
})

describe('loadSignedRegistry', () => {
  it('refuses a file over 1 MB without reading it', async () => {
    const path = join(dir, 'big.json')
    writeFileSync(path, 'x'.repeat(1_048_577))
    expect(await loadSignedRegistry(path, [], FIXTURE_NOW)).toMatchObject({ ok: false, code: 'too-large' })
  })

  it('throws with the reason when the file is missing', async () => {
    await expect(loadSignedRegistry(join(dir, 'nope.json'), [], FIXTURE_NOW)).rejects.toThrow(/no such file or directory/)
  })
})

describe('truedial registry build', () => {
  it('writes the compact payload and prints one summary line', async () => {
    expect(await run('build', '--source', FIXTURE_SOURCE, '--out', 'out/payload.json')).toBe(0)
    expect(io.out).toEqual(['built registry v2: 3 numbers in 3 countries, 3 languages → out/payload.json'])
    expect(io.err).toEqual([])
    const text = readFileSync(join(dir, 'out/payload.json'), 'utf8')
    expect(text).toBe(JSON.stringify(loadSource(FIXTURE_SOURCE)))
    expect(validatePayload(JSON.parse(text)).ok).toBe(true)
  })

  it('builds the real source', async () => {
    expect(await run('build', '--out', 'payload.json')).toBe(0)
    expect(io.out[0]).toMatch(/^built registry v\d+: \d+ numbers in \d+ countries, \d+ languages → payload\.json$/)
  })

  it('exits 1 naming the file and field when the source is invalid', async () => {
    const root = join(dir, 'source')
    cpSync(FIXTURE_SOURCE, root, { recursive: true })
    writeFileSync(join(root, 'meta.json'), JSON.stringify({ schema: 3, version: 1, issued: 'soon', expires: 'later', organisations: ['apple'] }))
    expect(await run('build', '--source', root, '--out', 'payload.json')).toBe(1)
    expect(io.err).toHaveLength(1)
    expect(io.err[0]).toMatch(/^invalid source: .*meta\.json: issued: expected an ISO 8601 date-time/)
    expect(existsSync(join(dir, 'payload.json'))).toBe(false)
  })
})

describe('truedial registry sign and verify', () => {
  it('signs with an unpinned throwaway key when allowed, and verify accepts it with that key pinned', async () => {
    expect(await run('sign', '--key', 'test.key', '--source', FIXTURE_SOURCE, '--out', 'signed.json', '--allow-unpinned')).toBe(0)
    expect(io.out).toEqual([`signed registry v2 with key ${key.keyid} → signed.json`])
    expect(io.err).toEqual([`warning: key ${key.keyid} is not pinned in ${join(REPO_ROOT, 'registry', 'keys.json')}; clients will refuse this registry`])

    const text = readFileSync(join(dir, 'signed.json'), 'utf8')
    const envelope = JSON.parse(text)
    expect(text).toBe(`${JSON.stringify(envelope, null, 2)}\n`)
    expect(envelope.payload).toBe(JSON.stringify(loadSource(FIXTURE_SOURCE)))

    const keys = writeKeys('keys.json', key)
    io = fakeIo(dir)
    expect(await run('verify', 'signed.json', '--keys', keys)).toBe(0)
    expect(io.out).toEqual([
      `valid: registry v2 issued 2026-11-25, expires 2027-05-25, signed by ${key.keyid}; 3 numbers in 3 countries`,
    ])
    expect(io.err).toEqual([])
  })

  it('signs without --allow-unpinned when the key is pinned in the --keys file', async () => {
    const keys = writeKeys('keys.json', key)
    expect(await run('sign', '--key', 'test.key', '--keys', keys, '--source', FIXTURE_SOURCE, '--out', 'signed.json')).toBe(0)
    const text = readFileSync(join(dir, 'signed.json'), 'utf8')
    expect(await verifyEnvelope(text, makePinned(key), FIXTURE_NOW)).toMatchObject({ ok: true, keyid: key.keyid })
  })

  it('refuses to sign with a key that is not pinned, writing nothing', async () => {
    expect(await run('sign', '--key', 'test.key', '--source', FIXTURE_SOURCE, '--out', 'signed.json')).toBe(2)
    expect(io.err).toHaveLength(1)
    expect(io.err[0]).toContain(`refusing to sign: key ${key.keyid} is not pinned`)
    expect(existsSync(join(dir, 'signed.json'))).toBe(false)
  })

  it('reads the key from REGISTRY_SIGNING_KEY and never prints key material', async () => {
    const pem = privateKeyPem(key)
    io = fakeIo(dir, { REGISTRY_SIGNING_KEY: pem })
    expect(await run('sign', '--source', FIXTURE_SOURCE, '--out', 'signed.json', '--allow-unpinned')).toBe(0)
    const body = pem.split('\n').slice(1, -2).join('')
    const printed = [...io.out, ...io.err].join('\n')
    expect(body.length).toBeGreaterThan(40)
    expect(printed).not.toContain(body.slice(0, 20))
    expect(printed).not.toContain('PRIVATE KEY')
  })

  it('signs a payload file given with --payload', async () => {
    await run('build', '--source', FIXTURE_SOURCE, '--out', 'payload.json')
    expect(await run('sign', '--key', 'test.key', '--payload', 'payload.json', '--out', 'signed.json', '--allow-unpinned')).toBe(0)
    const envelope = JSON.parse(readFileSync(join(dir, 'signed.json'), 'utf8'))
    expect(envelope.payload).toBe(readFileSync(join(dir, 'payload.json'), 'utf8'))
  })

  it('refuses to sign an invalid payload file, naming the field', async () => {
    const payload = loadSource(FIXTURE_SOURCE) as unknown as { organisations: Array<{ numbers: Array<{ country: string }> }> }
    payload.organisations[0]!.numbers[0]!.country = 'USA'
    writeFileSync(join(dir, 'payload.json'), JSON.stringify(payload))
    expect(await run('sign', '--key', 'test.key', '--payload', 'payload.json', '--out', 'signed.json', '--allow-unpinned')).toBe(1)
    expect(io.err[0]).toContain('organisations[0].numbers[0].country: expected an ISO 3166-1 alpha-2 code')
    expect(existsSync(join(dir, 'signed.json'))).toBe(false)
  })

  it('refuses a key that is not Ed25519', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    writeFileSync(join(dir, 'ec.key'), privateKey.export({ format: 'pem', type: 'pkcs8' }))
    expect(await run('sign', '--key', 'ec.key', '--source', FIXTURE_SOURCE, '--allow-unpinned', '--out', 'signed.json')).toBe(2)
    expect(io.err).toEqual(['the signing key is ec; expected Ed25519'])
  })

  it('refuses a key file that is not a PEM private key without echoing it', async () => {
    writeFileSync(join(dir, 'junk.key'), 'secret-looking-junk')
    expect(await run('sign', '--key', 'junk.key', '--source', FIXTURE_SOURCE, '--allow-unpinned', '--out', 'signed.json')).toBe(2)
    expect(io.err[0]).toMatch(/^the signing key is not a PEM private key/)
    expect(io.err.join('')).not.toContain('secret-looking-junk')
  })

  it('exits 2 when the key file is missing', async () => {
    expect(await run('sign', '--key', 'missing.key', '--allow-unpinned', '--out', 'signed.json')).toBe(2)
    expect(io.err).toEqual(['cannot read the signing key missing.key: no such file or directory'])
  })

  it('throws a usage error when no key is given', async () => {
    await expect(run('sign', '--source', FIXTURE_SOURCE)).rejects.toThrow(UsageError)
  })

  describe('verify', () => {
    let keys: string
    beforeEach(async () => {
      keys = writeKeys('keys.json', key)
      await run('sign', '--key', 'test.key', '--source', FIXTURE_SOURCE, '--out', 'signed.json', '--keys', keys)
      io = fakeIo(dir)
    })

    it('exits 1 naming a bad signature when one digit of the payload changes', async () => {
      const path = join(dir, 'signed.json')
      const text = readFileSync(path, 'utf8')
      const tampered = text.replace('+18002752273', '+18002752274')
      expect(tampered).not.toBe(text)
      writeFileSync(path, tampered)
      expect(await run('verify', 'signed.json', '--keys', keys)).toBe(1)
      expect(io.out).toEqual([])
      expect(io.err).toHaveLength(1)
      expect(io.err[0]).toMatch(/^invalid: bad signature/)
    })

    it('exits 1 with unknown key against the real pinned keys', async () => {
      expect(await run('verify', 'signed.json')).toBe(1)
      expect(io.err[0]).toMatch(/^invalid: no signature from a pinned key: signed by [0-9a-f]{16}; pinned 970c938c35f3e100/)
    })

    it('exits 1 when the registry has expired', async () => {
      expect(await runRegistryCommand(['verify', 'signed.json', '--keys', keys], io, () => new Date('2027-06-01T00:00:00Z'))).toBe(1)
      expect(io.err).toEqual(['invalid: expired: registry v2 expired on 2027-05-25T00:00:00Z'])
    })

    it('exits 1 for a file that is not JSON', async () => {
      writeFileSync(join(dir, 'junk.json'), 'not json')
      expect(await run('verify', 'junk.json', '--keys', keys)).toBe(1)
      expect(io.err[0]).toMatch(/^invalid: not valid JSON: /)
    })

    it('exits 1 for a file over 1 MB', async () => {
      writeFileSync(join(dir, 'big.json'), ' '.repeat(2 * 1024 * 1024))
      expect(await run('verify', 'big.json', '--keys', keys)).toBe(1)
      expect(io.err).toEqual(['invalid: too large: 2097152 bytes; the limit is 1 MB'])
    })

    it('exits 2 with one line when the file is missing', async () => {
      expect(await run('verify', 'missing.json', '--keys', keys)).toBe(2)
      expect(io.err).toEqual(['cannot read missing.json: no such file or directory'])
    })

    it('exits 2 with one line when the path is a directory', async () => {
      mkdirSync(join(dir, 'folder'))
      expect(await run('verify', 'folder', '--keys', keys)).toBe(2)
      expect(io.err).toEqual(['cannot read folder: is a directory'])
    })

    it('exits 2 when the keys file is missing', async () => {
      expect(await run('verify', 'signed.json', '--keys', 'nokeys.json')).toBe(2)
      expect(io.err).toHaveLength(1)
      expect(io.err[0]).toContain('no such file or directory')
    })
  })

  it(
    'the committed registry.signed.json verifies against registry/keys.json and matches a fresh build of the source',
    async () => {
      const text = readFileSync(join(REPO_ROOT, 'registry', 'registry.signed.json'), 'utf8')
      const issued = new Date(JSON.parse(JSON.parse(text).payload).issued)
      const result = await verifyEnvelope(text, readPinnedKeys(), issued)
      expect(result).toMatchObject({ ok: true })
      expect(JSON.parse(text).payload).toBe(JSON.stringify(loadSource()))
    },
  )
})

describe('usage errors', () => {
  it.each<[string[], RegExp]>([
    [[], /expected a subcommand: build, sign or verify/],
    [['publish'], /unknown subcommand "publish"; expected build, sign or verify/],
    [['verify'], /registry verify: which file\?/],
    [['verify', 'a.json', 'b.json'], /unexpected argument "b\.json"/],
    [['build', '--frobnicate'], /unknown option "--frobnicate"/],
    [['build', '--out'], /--out needs a value/],
    [['build', '--out', 'a', '--out', 'b'], /--out given twice/],
    [['sign', '--allow-unpinned=yes'], /unknown option "--allow-unpinned"/],
  ])('throws a UsageError for %j', async (args, message) => {
    const error = await runRegistryCommand(args, io, clock).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UsageError)
    expect((error as Error).message).toMatch(message)
    expect((error as Error).message).not.toContain('\n')
  })
})

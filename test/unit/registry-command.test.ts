import { generateKeyPairSync } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, assert, beforeEach, describe, expect, it } from 'vitest'
import { UsageError, type CliIo } from '../../src/cli/io'
import { changeReport, runRegistryCommand } from '../../src/cli/registry-command'
import { loadSignedRegistry, loadSource, readPinnedKeys, REPO_ROOT, SOURCE_DIR } from '../../src/cli/registry-source'
import { validatePayload } from '../../src/core/registry-schema'
import type { RegistryPayload } from '../../src/core/registry-types'
import { keyIdOf, verifyEnvelope } from '../../src/core/signature'
import { decodeBase64 } from '../../src/core/base64'
import { FIXTURE_NOW, generateTestKey, makePinned, privateKeyPem, schemaOnePayload, signEnvelope, type TestKey } from '../helpers/test-key'

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

/** A copy of the fixture source in the test's folder, changed by `change`. */
function sourceCopy(change: (root: string) => void = () => {}, name = 'source'): string {
  const root = join(dir, name)
  cpSync(FIXTURE_SOURCE, root, { recursive: true })
  change(root)
  return root
}

function editJson(path: string, edit: (value: any) => void): void {
  const value = JSON.parse(readFileSync(path, 'utf8'))
  edit(value)
  writeFileSync(path, JSON.stringify(value))
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

  const brokenSource = sourceCopy

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
  it('writes the compact payload and prints a summary line', async () => {
    expect(await run('build', '--source', FIXTURE_SOURCE, '--out', 'out/payload.json', '--against', 'none.json')).toBe(0)
    expect(io.out).toEqual(['built registry v2: 3 numbers in 3 countries, 3 languages → out/payload.json', 'no signed registry at none.json to compare with'])
    // The fixture's TR entry is "medium" with one source: a warning, not an error.
    expect(io.err).toEqual([expect.stringMatching(/^warning: .*apple\/numbers\.json: numbers\[2\] \(TR support 00800448829873\): confidence "medium" means two independent secondary copies agree/)])
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
      // Fails with the change list and the commands, not a 100 KB one-line JSON diff.
      const problem = signedRegistryMismatch(text, loadSource(), 'registry/registry.signed.json', 'registry/source/meta.json')
      if (problem !== null) assert.fail(problem)
    },
  )
})

/**
 * Why a signed registry file is not the signed form of a source, as the guard test above reports
 * it: the same change list `registry build` prints, and the commands to run. Null when it is.
 */
function signedRegistryMismatch(signedText: string, built: RegistryPayload, label: string, metaPath: string): string | null {
  const signedPayload = JSON.parse(signedText).payload as string
  if (signedPayload === JSON.stringify(built)) return null
  const report = changeReport({ payload: JSON.parse(signedPayload), text: signedPayload, label }, built, metaPath)
  return [
    `${label} is not the signed form of the registry source:`,
    ...report.out,
    ...(report.warning === null ? [] : [report.warning]),
    'To update it (CONTRIBUTING.md, "Publishing a registry"):',
    '  npx truedial registry build                       # this list again; validates the source',
    '  REGISTRY_SIGNING_KEY=/path/to/registry-publisher.pem npx truedial registry sign   # the publisher only',
    `  npx truedial registry verify ${label}`,
  ].join('\n')
}

describe('the guard on registry.signed.json', () => {
  it('says nothing when the signed file is the signed form of the source', async () => {
    await run('sign', '--key', 'test.key', '--source', FIXTURE_SOURCE, '--out', 'signed.json', '--allow-unpinned')
    const text = readFileSync(join(dir, 'signed.json'), 'utf8')
    expect(signedRegistryMismatch(text, loadSource(FIXTURE_SOURCE), 'signed.json', 'meta.json')).toBeNull()
  })

  it('fails with the readable change list and the commands to run', async () => {
    await run('sign', '--key', 'test.key', '--source', FIXTURE_SOURCE, '--out', 'signed.json', '--allow-unpinned')
    const text = readFileSync(join(dir, 'signed.json'), 'utf8')
    const root = sourceCopy((r) => editJson(join(r, 'apple/numbers.json'), (v) => (v.numbers[0].hours = '24/7')))
    const message = signedRegistryMismatch(text, loadSource(root), 'signed.json', 'meta.json')!
    expect(message.split('\n')).toEqual([
      'signed.json is not the signed form of the registry source:',
      'changes against registry v2 in signed.json (numbers: 1 changed):',
      '  ~ number US support +18002752273: hours none → "24/7"',
      'next: raise "version" in meta.json to 3, run "npx truedial registry build" again, then "npm run test:unit"',
      expect.stringMatching(/^warning: "version" in meta\.json is 2, the version of the signed registry, but the content differs: raise it to 3/),
      'To update it (CONTRIBUTING.md, "Publishing a registry"):',
      '  npx truedial registry build                       # this list again; validates the source',
      '  REGISTRY_SIGNING_KEY=/path/to/registry-publisher.pem npx truedial registry sign   # the publisher only',
      '  npx truedial registry verify signed.json',
    ])
  })
})

describe('usage errors', () => {
  it.each<[string[], RegExp]>([
    [[], /expected a subcommand: build, sign, verify or diff/],
    [['publish'], /unknown subcommand "publish"; expected build, sign, verify or diff/],
    [['diff', 'a.json'], /registry diff: which two registries\?/],
    [['diff', 'a.json', 'b.json', 'c.json'], /unexpected argument "c\.json"/],
    [['build', '--against'], /--against needs a value/],
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

/**
 * A contributor's change to the fixture source: a new French number (and France's support
 * coverage), the Turkish number removed, new hours for the US line, a German brand term.
 */
function contributorChange(root: string, version?: number): void {
  editJson(join(root, 'apple/numbers.json'), (v) => {
    v.numbers[0].hours = '24/7'
    v.numbers.splice(2, 1)
    v.numbers.push({
      e164: '+33805540003', national: null, country: 'FR', service: 'support', display: '0805 540 003', vanity: null,
      languages: ['fr'], hours: null, sources: ['https://support.apple.com/fr-fr/contact'], confidence: 'high', checked: '2026-12-01',
    })
  })
  editJson(join(root, 'apple/coverage.json'), (v) => (v.FR = { support: 'complete' }))
  editJson(join(root, 'apple/lexicon.json'), (v) => v.brand.de.push('Apfel'))
  if (version !== undefined) editJson(join(root, 'meta.json'), (v) => (v.version = version))
}

const CHANGE_LINES = [
  '  + number FR support +33805540003 "0805 540 003", high',
  '  - number TR support 00800448829873 "00800 4488 29873", medium',
  '  ~ number US support +18002752273: hours none → "24/7"',
  '  ~ coverage FR support: none → complete',
  '  ~ lexicon brand de: 1 → 2 terms (+ "Apfel")',
]

/** Signs the fixture source (v2) into `out` with the test's throwaway key. */
async function signFixture(out = 'signed.json', source = FIXTURE_SOURCE): Promise<void> {
  expect(await runRegistryCommand(['sign', '--key', 'test.key', '--source', source, '--out', out, '--allow-unpinned'], fakeIo(dir), clock)).toBe(0)
}

describe('truedial registry build: what changed against the signed registry', () => {
  it('says there is nothing to sign when the source is what was signed', async () => {
    await signFixture()
    expect(await run('build', '--source', FIXTURE_SOURCE, '--out', 'payload.json', '--against', 'signed.json')).toBe(0)
    expect(io.out.slice(1)).toEqual(['no change against registry v2 in signed.json: nothing to sign'])
  })

  it('lists numbers added, removed and changed, coverage and lexicon changes, and warns that the version was not raised', async () => {
    await signFixture()
    const root = sourceCopy((r) => contributorChange(r))
    expect(await run('build', '--source', root, '--out', 'payload.json', '--against', 'signed.json')).toBe(0)
    expect(io.out).toEqual([
      'built registry v2: 3 numbers in 3 countries, 3 languages → payload.json',
      'changes against registry v2 in signed.json (numbers: 1 added, 1 removed, 1 changed):',
      ...CHANGE_LINES,
      'next: raise "version" in source/meta.json to 3, run "npx truedial registry build" again, then "npm run test:unit"',
    ])
    expect(io.err).toEqual([
      'warning: "version" in source/meta.json is 2, the version of the signed registry, but the content differs: raise it to 3. ' +
        '"registry sign" refuses new content under a version it has signed, and a browser that has v2 keeps it',
    ])
    // The payload is still written: the warning is for the release, not the build.
    expect(readFileSync(join(dir, 'payload.json'), 'utf8')).toBe(JSON.stringify(loadSource(root)))
  })

  it('gives the next step, tests then the publisher, once the version is raised', async () => {
    await signFixture()
    const root = sourceCopy((r) => contributorChange(r, 3))
    expect(await run('build', '--source', root, '--out', 'payload.json', '--against', 'signed.json')).toBe(0)
    expect(io.out.slice(1)).toEqual([
      'changes against registry v2 in signed.json (numbers: 1 added, 1 removed, 1 changed):',
      '  ~ version 2 → 3',
      ...CHANGE_LINES,
      'next: "npm run test:unit"; then the publisher signs it with "npx truedial registry sign" (key in REGISTRY_SIGNING_KEY; see CONTRIBUTING.md). ' +
        'Until then registry.signed.json, which "npm run build" ships, is still v2',
    ])
    expect(io.err.filter((line) => !line.includes('"medium"'))).toEqual([])
  })

  it('warns when the version went down', async () => {
    await signFixture()
    const root = sourceCopy((r) => contributorChange(r, 1))
    expect(await run('build', '--source', root, '--out', 'payload.json', '--against', 'signed.json')).toBe(0)
    expect(io.err).toContainEqual(expect.stringMatching(/^warning: "version" in source\/meta\.json is 1, lower than the signed registry, but the content differs: raise it to 3/))
  })

  it('compares with registry/registry.signed.json by default', async () => {
    expect(await run('build', '--out', 'payload.json')).toBe(0)
    expect(io.out[1]).toMatch(/^(no change against|changes against) registry v\d+ in .*registry\/registry\.signed\.json/)
  })

  it('builds all the same when the file to compare with is not a registry, and says why', async () => {
    writeFileSync(join(dir, 'junk.json'), '{')
    expect(await run('build', '--source', FIXTURE_SOURCE, '--out', 'payload.json', '--against', 'junk.json')).toBe(0)
    expect(io.err).toContainEqual(expect.stringMatching(/^warning: cannot compare with junk\.json: not valid JSON/))
    expect(existsSync(join(dir, 'payload.json'))).toBe(true)
  })
})

describe('the confidence rules', () => {
  const withUsSources = (sources: string[], confidence = 'high') => (r: string) =>
    editJson(join(r, 'apple/numbers.json'), (v) => {
      v.numbers[0].sources = sources
      v.numbers[0].confidence = confidence
    })

  it('refuses a "high" number none of whose sources names an official address, naming the file, the entry and the rule', async () => {
    const root = sourceCopy(withUsSources(['a blog post that lists Apple numbers', 'https://notapple.com/contact']))
    expect(await run('build', '--source', root, '--out', 'payload.json', '--against', 'none.json')).toBe(1)
    expect(io.err).toEqual([
      'invalid source: source/apple/numbers.json: numbers[0] (US support +18002752273): confidence "high" needs a source on an official Apple page ' +
        '(apple.com, icloud.com) or a verbatim copy that names its original address, such as "https://mirror.example/… (copy of https://www.apple.com/…)"; ' +
        'none of its 2 sources names one. Add that source, or lower the confidence to "medium" (two independent copies agree) or "low"',
    ].map((line) => line.replace('source/apple', `${join(dir, 'source')}/apple`)))
    expect(existsSync(join(dir, 'payload.json'))).toBe(false)
  })

  it.each([
    ['an apple.com page', 'https://support.apple.com/en-us/118223'],
    ['a proxy copy that names its apple.com address', 'https://proxy.example/?q=x (verbatim copy of https://www.apple.com/us/contact/)'],
    ['a text copy that names the address without a scheme', 'public GitHub copies (text copy of apple.com/contact, 2022)'],
    ['a page on another official domain', 'https://www.icloud.com/support/'],
  ])('accepts "high" with %s', async (_, source) => {
    expect(() => loadSource(sourceCopy(withUsSources([source])))).not.toThrow()
  })

  it.each([
    ['a look-alike host', 'https://apple.com.evil.example/contact'],
    ['a host that only ends in the name', 'https://evil-apple.com/contact'],
    ['a host that only ends in the name, without a scheme', 'copy of notapple.com/contact'],
    ['a card-statement descriptor', "card-statement descriptor 'APPLE.COM/BILL 866-712-7753'"],
    ['the domain without a page', 'seen on Apple.com'],
  ])('does not take %s for an official page', async (_, source) => {
    expect(() => loadSource(sourceCopy(withUsSources([source])))).toThrow(/confidence "high" needs a source on an official Apple page/)
  })

  it('accepts "high" from an archive that records the address it copied, with a warning asking for the address', async () => {
    const root = sourceCopy(withUsSources(['github:OpenTermsArchive/france-versions:Apple/Privacy Policy.md (archived snapshot)']))
    expect(await run('build', '--source', root, '--out', 'payload.json', '--against', 'none.json')).toBe(0)
    expect(io.err).toContainEqual(expect.stringMatching(/numbers\[0\] \(US support \+18002752273\): confidence "high" rests on a copy in Open Terms Archive, .* add it to the source/))
  })

  it('refuses "complete" coverage where every number of that service is low confidence, since none is one to call', async () => {
    const root = sourceCopy((r) => editJson(join(r, 'apple/coverage.json'), (v) => (v.GB.support = 'complete')))
    expect(() => loadSource(root)).toThrow(
      /apple\/coverage\.json: GB\.support is "complete", but every support number for GB in .*apple\/numbers\.json is low confidence, and a low-confidence number is never one to call; make it "partial"/,
    )
  })

  it('accepts "complete" coverage once one number of that service is medium or high', () => {
    const root = sourceCopy((r) => {
      editJson(join(r, 'apple/coverage.json'), (v) => (v.GB.support = 'complete'))
      editJson(join(r, 'apple/numbers.json'), (v) => {
        v.numbers[1].confidence = 'medium'
        v.numbers[1].sources = ['copy one', 'copy two']
      })
    })
    expect(() => loadSource(root)).not.toThrow()
  })

  it('reports every broken rule, each on its own line', async () => {
    const root = sourceCopy((r) => {
      withUsSources(['a blog post'])(r)
      editJson(join(r, 'apple/coverage.json'), (v) => (v.GB.support = 'complete'))
    })
    expect(await run('build', '--source', root, '--out', 'payload.json', '--against', 'none.json')).toBe(1)
    expect(io.err).toHaveLength(2)
    expect(io.err[0]).toMatch(/^invalid source: .*numbers\.json: numbers\[0\] \(US support \+18002752273\): confidence "high"/)
    expect(io.err[1]).toMatch(/^invalid source: .*coverage\.json: GB\.support is "complete"/)
  })

  it('stops `registry sign` too', async () => {
    const root = sourceCopy(withUsSources(['a blog post']))
    expect(await run('sign', '--key', 'test.key', '--source', root, '--out', 'signed.json', '--allow-unpinned')).toBe(1)
    expect(io.err[0]).toMatch(/^invalid source: .*confidence "high" needs a source on an official Apple page/)
    expect(existsSync(join(dir, 'signed.json'))).toBe(false)
  })
})

describe('truedial registry sign: one content per version', () => {
  it('refuses new content under the version already signed, listing the change, and leaves the file alone', async () => {
    await signFixture()
    const before = readFileSync(join(dir, 'signed.json'), 'utf8')
    const root = sourceCopy((r) => contributorChange(r))
    expect(await run('sign', '--key', 'test.key', '--source', root, '--out', 'signed.json', '--allow-unpinned')).toBe(2)
    expect(io.err).toEqual([
      'refusing to sign: this registry v2 differs from registry v2 already signed in signed.json:',
      ...CHANGE_LINES,
      'raise "version" in source/meta.json to 3 and build again: a browser that has v2 takes only a higher version',
    ])
    expect(io.out).toEqual([])
    expect(readFileSync(join(dir, 'signed.json'), 'utf8')).toBe(before)
  })

  it('refuses a payload file under a lower version than the signed one', async () => {
    await signFixture('signed.json', sourceCopy((r) => editJson(join(r, 'meta.json'), (v) => (v.version = 5)), 'v5'))
    await run('build', '--source', FIXTURE_SOURCE, '--out', 'payload.json', '--against', 'none.json')
    io = fakeIo(dir)
    expect(await run('sign', '--key', 'test.key', '--payload', 'payload.json', '--out', 'signed.json', '--allow-unpinned')).toBe(2)
    expect(io.err[0]).toBe('refusing to sign: this registry v2 differs from registry v5 already signed in signed.json:')
    expect(io.err.at(-1)).toBe('raise "version" in meta.json to 6 and build again: a browser that has v5 takes only a higher version')
  })

  it('signs the same payload again into a byte-identical file', async () => {
    await signFixture()
    const first = readFileSync(join(dir, 'signed.json'), 'utf8')
    expect(await run('sign', '--key', 'test.key', '--source', FIXTURE_SOURCE, '--out', 'signed.json', '--allow-unpinned')).toBe(0)
    expect(readFileSync(join(dir, 'signed.json'), 'utf8')).toBe(first)
  })

  it('signs the new content once the version is raised', async () => {
    await signFixture()
    const root = sourceCopy((r) => contributorChange(r, 3))
    expect(await run('sign', '--key', 'test.key', '--source', root, '--out', 'signed.json', '--allow-unpinned')).toBe(0)
    const text = readFileSync(join(dir, 'signed.json'), 'utf8')
    expect(await verifyEnvelope(text, makePinned(key), FIXTURE_NOW)).toMatchObject({ ok: true, payload: { version: 3 } })
  })

  it('refuses to replace a file it cannot read as a registry', async () => {
    writeFileSync(join(dir, 'signed.json'), 'not json')
    expect(await run('sign', '--key', 'test.key', '--source', FIXTURE_SOURCE, '--out', 'signed.json', '--allow-unpinned')).toBe(2)
    expect(io.err).toEqual([expect.stringMatching(/^refusing to sign: cannot compare with the registry already at signed\.json: not valid JSON: .*; move it away or sign to another --out$/)])
    expect(readFileSync(join(dir, 'signed.json'), 'utf8')).toBe('not json')
  })
})

describe('truedial registry diff', () => {
  let keys: string
  beforeEach(async () => {
    keys = writeKeys('keys.json', key)
    await signFixture('old.json')
    await signFixture('new.json', sourceCopy((r) => contributorChange(r, 3)))
  })

  it('shows what changed between two signed files', async () => {
    expect(await run('diff', 'old.json', 'new.json', '--keys', keys)).toBe(0)
    expect(io.out).toEqual([
      'registry v2 (old.json) → v3 (new.json), numbers: 1 added, 1 removed, 1 changed:',
      '  ~ version 2 → 3',
      ...CHANGE_LINES,
    ])
    expect(io.err).toEqual([])
  })

  it('compares a signed file with a source folder', async () => {
    expect(await run('diff', 'old.json', 'source', '--keys', keys)).toBe(0)
    expect(io.out.slice(1)).toEqual(['  ~ version 2 → 3', ...CHANGE_LINES])
  })

  it('says when both hold the same registry', async () => {
    expect(await run('diff', 'old.json', FIXTURE_SOURCE, '--keys', keys)).toBe(0)
    expect(io.out).toEqual([`no change: old.json and ${FIXTURE_SOURCE.replace(/\/$/, '')} hold the same registry v2`])
  })

  it('warns when the content changed but the version did not rise', async () => {
    expect(await run('diff', 'new.json', 'old.json', '--keys', keys)).toBe(0)
    expect(io.out[0]).toBe('registry v3 (new.json) → v2 (old.json), numbers: 1 added, 1 removed, 1 changed:')
    expect(io.err).toEqual(['warning: the content differs but the version did not rise (v3 → v2): a browser that has v3 would keep it'])
  })

  it('notes a file that TrueDial would refuse, and still compares it', async () => {
    expect(await run('diff', 'old.json', 'new.json')).toBe(0)
    expect(io.err).toEqual([
      expect.stringMatching(/^note: old\.json: TrueDial would refuse it: no signature from a pinned key/),
      expect.stringMatching(/^note: new\.json: TrueDial would refuse it: no signature from a pinned key/),
    ])
    expect(io.out.length).toBeGreaterThan(1)
  })

  it('reads a registry made for an older schema as far as it goes', async () => {
    writeFileSync(join(dir, 'schema1.json'), signEnvelope(schemaOnePayload(1), key))
    expect(await run('diff', 'schema1.json', 'old.json', '--keys', keys)).toBe(0)
    expect(io.err[0]).toMatch(/^note: schema1\.json: schema 1: compared as if it had the fields of schema 3, empty/)
    expect(io.out).toContain('  ~ schema 1 → 3')
    expect(io.out).toContain('  ~ official domains: + "apple.com", "icloud.com"')
  })

  it('exits 2 for a file it cannot read and 1 for one that is not a registry', async () => {
    expect(await run('diff', 'missing.json', 'new.json', '--keys', keys)).toBe(2)
    expect(io.err).toEqual(['cannot read missing.json: no such file or directory'])
    writeFileSync(join(dir, 'junk.json'), JSON.stringify({ payload: '{"schema": 3}', signatures: [] }))
    io = fakeIo(dir)
    expect(await run('diff', 'old.json', 'junk.json', '--keys', keys)).toBe(1)
    expect(io.err).toEqual([expect.stringMatching(/^invalid junk\.json: invalid payload: /)])
  })
})

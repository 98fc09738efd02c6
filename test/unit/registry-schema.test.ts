import { describe, expect, it } from 'vitest'
import { LIMITS, MAX_REGISTRY_BYTES, validatePayload } from '../../src/core/registry-schema'
import { REGISTRY_SCHEMA, type Lexicon, type Organisation, type RegistryPayload } from '../../src/core/registry-types'
import { fixturePayload } from '../helpers/test-key'

type Mutation = (p: RegistryPayload & Record<string, unknown>) => void

function errorAfter(mutate: Mutation): string {
  const payload = fixturePayload() as RegistryPayload & Record<string, unknown>
  mutate(payload)
  const result = validatePayload(JSON.parse(JSON.stringify(payload)))
  if (result.ok) throw new Error('expected the payload to be rejected')
  return result.error
}

const org = (p: RegistryPayload) => p.organisations[0]!
const num = (p: RegistryPayload, i = 0) => org(p).numbers[i]! as unknown as Record<string, unknown>
const set = (target: object, key: string, value: unknown) => {
  ;(target as Record<string, unknown>)[key] = value
}

describe('validatePayload', () => {
  it('accepts the fixture payload and returns it', () => {
    const payload = fixturePayload()
    expect(validatePayload(payload)).toEqual({ ok: true, payload })
  })

  it('exports the 1 MB size limit', () => {
    expect(MAX_REGISTRY_BYTES).toBe(1_048_576)
  })

  it.each([null, [], 'registry', 42, true])('rejects %j as the whole payload', (value) => {
    expect(validatePayload(value)).toMatchObject({ ok: false, error: expect.stringMatching(/^payload: expected an object/) })
  })

  // Each row: a mutation of a valid payload and the exact start of the message (the field path first).
  const cases: Array<[string, Mutation, string]> = [
    ['a schema given as a string', (p) => set(p, 'schema', '2'), 'schema: expected a positive integer, got "2"'],
    ['schema 0', (p) => set(p, 'schema', 0), 'schema: expected a positive integer, got 0'],
    ['an unknown top-level field', (p) => set(p, 'signedBy', 'me'), 'signedBy: unknown field'],
    ['a missing top-level field', (p) => delete (p as Partial<RegistryPayload>).redFlags, 'redFlags: missing'],
    ['version 0', (p) => set(p, 'version', 0), 'version: expected a positive integer, got 0'],
    ['a fractional version', (p) => set(p, 'version', 1.5), 'version: expected a positive integer, got 1.5'],
    ['a version beyond safe integers', (p) => set(p, 'version', 2 ** 53), 'version: expected a positive integer'],
    ['an issued that is not a date', (p) => set(p, 'issued', 'yesterday'), 'issued: expected an ISO 8601 date-time'],
    ['an issued date without a time zone', (p) => set(p, 'issued', '2026-11-25T00:00:00'), 'issued: expected an ISO 8601 date-time'],
    ['a date-only expires', (p) => set(p, 'expires', '2027-05-25'), 'expires: expected an ISO 8601 date-time'],
    ['an impossible calendar date', (p) => set(p, 'expires', '2027-02-30T00:00:00Z'), 'expires: expected an ISO 8601 date-time'],
    ['expires before issued', (p) => set(p, 'expires', '2026-01-01T00:00:00Z'), 'expires: expected a date-time later than issued'],
    ['expires equal to issued', (p) => set(p, 'expires', p.issued), 'expires: expected a date-time later than issued'],
    ['no organisations', (p) => set(p, 'organisations', []), 'organisations: expected at least 1 item, got 0'],
    ['an uppercase organisation id', (p) => set(org(p), 'id', 'Apple'), 'organisations[0].id: expected a lowercase id'],
    ['a duplicate organisation id', (p) => p.organisations.push(fixturePayload().organisations[0]!), 'organisations[1].id: duplicate id "apple" (also organisations[0].id)'],
    ['an empty organisation name', (p) => set(org(p), 'name', ' '), 'organisations[0].name: expected a non-empty string'],
    ['an http channel URL', (p) => set(org(p).channels[0]!, 'url', 'http://support.apple.com'), 'organisations[0].channels[0].url: expected an https:// URL'],
    ['a javascript: channel URL', (p) => set(org(p).channels[0]!, 'url', 'javascript:alert(1)'), 'organisations[0].channels[0].url: expected an https:// URL'],
    ['an uppercase channel kind', (p) => set(org(p).channels[0]!, 'kind', 'Web'), 'organisations[0].channels[0].kind'],
    ['a report email without @', (p) => set(org(p), 'reportEmail', 'apple.com'), 'organisations[0].reportEmail: expected an email address'],
    ['a number that is not E.164', (p) => set(num(p, 0), 'e164', '12345'), 'organisations[0].numbers[0].e164: expected E.164 like "+18002752273", got "12345"'],
    ['an E.164 number with a leading 0', (p) => set(num(p, 0), 'e164', '+08002752273'), 'organisations[0].numbers[0].e164: expected E.164'],
    ['an E.164 number of 16 digits', (p) => set(num(p, 0), 'e164', '+1800275227312345'), 'organisations[0].numbers[0].e164: expected E.164'],
    ['a null e164 without national digits', (p) => set(num(p, 2), 'national', null), 'organisations[0].numbers[2].national: expected a string of 6-17 digits when e164 is null'],
    ['national digits with spaces', (p) => set(num(p, 2), 'national', '00800 4488 29873'), 'organisations[0].numbers[2].national: expected a string of 6-17 digits'],
    ['national digits that are too short', (p) => set(num(p, 2), 'national', '12345'), 'organisations[0].numbers[2].national'],
    ['a lowercase country', (p) => set(num(p, 1), 'country', 'us'), 'organisations[0].numbers[1].country: expected an ISO 3166-1 alpha-2 code like "US", got "us"'],
    ['an unknown service', (p) => set(num(p, 1), 'service', 'repair'), 'organisations[0].numbers[1].service: expected one of support, sales'],
    ['an unknown confidence', (p) => set(num(p, 1), 'confidence', 'certain'), 'organisations[0].numbers[1].confidence: expected one of high, medium, low, got "certain"'],
    ['a checked date with month 13', (p) => set(num(p, 1), 'checked', '2026-13-01'), 'organisations[0].numbers[1].checked: expected a date like "2026-11-25"'],
    ['a checked date-time', (p) => set(num(p, 1), 'checked', '2026-11-25T00:00:00Z'), 'organisations[0].numbers[1].checked'],
    ['a 501-character display', (p) => set(num(p, 0), 'display', '1'.repeat(501)), 'organisations[0].numbers[0].display: expected at most 500 characters, got 501'],
    ['a numeric vanity', (p) => set(num(p, 0), 'vanity', 5), 'organisations[0].numbers[0].vanity: expected a string, got 5'],
    ['empty hours', (p) => set(num(p, 0), 'hours', ''), 'organisations[0].numbers[0].hours: expected a non-empty string'],
    ['an uppercase language', (p) => set(num(p, 0), 'languages', ['en', 'EN']), 'organisations[0].numbers[0].languages[1]: expected a language key'],
    ['no sources', (p) => set(num(p, 0), 'sources', []), 'organisations[0].numbers[0].sources: expected at least 1 item, got 0'],
    ['21 sources', (p) => set(num(p, 0), 'sources', Array(21).fill('x')), 'organisations[0].numbers[0].sources: expected at most 20 items, got 21'],
    ['an unknown number field', (p) => set(num(p, 1), 'notes', 'hi'), 'organisations[0].numbers[1].notes: unknown field'],
    ['a missing number field', (p) => delete num(p, 1).checked, 'organisations[0].numbers[1].checked: missing'],
    ['a retired number without E.164', (p) => set(org(p).retired[0]!, 'e164', null), 'organisations[0].retired[0].e164: expected E.164'],
    ['a retired date that is not a date', (p) => set(org(p).retired[0]!, 'retired', 'last year'), 'organisations[0].retired[0].retired: expected a date, year-month or year'],
    ['a retired month 13', (p) => set(org(p).retired[0]!, 'retired', '2019-13'), 'organisations[0].retired[0].retired'],
    ['a retired number that is also official', (p) => set(org(p).retired[0]!, 'e164', '+18006927753'), 'organisations[0].retired[0].e164: +18006927753 is retired but also listed as an official number at organisations[0].numbers[1]'],
    ['a lowercase noSupportNumber country', (p) => set(org(p), 'noSupportNumber', ['aq']), 'organisations[0].noSupportNumber[0]: expected an ISO 3166-1 alpha-2 code'],
    ['a duplicate noSupportNumber country', (p) => set(org(p), 'noSupportNumber', ['AQ', 'AQ']), 'organisations[0].noSupportNumber[1]: duplicate country AQ'],
    ['a noSupportNumber country that has a support number', (p) => set(org(p), 'noSupportNumber', ['AQ', 'US']), 'organisations[0].noSupportNumber[1]: US is listed as having no support number'],
    ['no brand terms at all', (p) => set(org(p).lexicon, 'brand', { en: [] }), 'organisations[0].lexicon.brand: expected at least one brand term'],
    ['no support terms at all', (p) => set(org(p).lexicon, 'support', {}), 'organisations[0].lexicon.support: expected at least one support term'],
    ['a 61-character term', (p) => set(org(p).lexicon.support, 'en', ['x'.repeat(61)]), 'organisations[0].lexicon.support.en[0]: expected at most 60 characters, got 61'],
    ['an empty term', (p) => set(org(p).lexicon.brand, 'en', ['Apple', '']), 'organisations[0].lexicon.brand.en[1]: expected a non-empty string'],
    ['501 terms in one language', (p) => set(org(p).lexicon.brand, 'en', Array(501).fill('Apple')), 'organisations[0].lexicon.brand.en: expected at most 500 items, got 501'],
    ['a language key that is a word', (p) => set(org(p).lexicon.brand, 'english', ['Apple']), 'organisations[0].lexicon.brand.english: expected a language key'],
    ['an unknown lexicon table', (p) => set(org(p).lexicon, 'scam', {}), 'organisations[0].lexicon.scam: unknown field'],
    ['a missing domains list', (p) => delete (org(p) as Partial<Organisation>).domains, 'organisations[0].domains: missing'],
    ['a missing coverage table', (p) => delete (org(p) as Partial<Organisation>).coverage, 'organisations[0].coverage: missing'],
    ['a missing notBrand table', (p) => delete (org(p).lexicon as Partial<Lexicon>).notBrand, 'organisations[0].lexicon.notBrand: missing'],
    ['a missing fake table', (p) => delete (org(p).lexicon as Partial<Lexicon>).fake, 'organisations[0].lexicon.fake: missing'],
    ['fake words as a list', (p) => set(org(p).lexicon, 'fake', ['fake']), 'organisations[0].lexicon.fake: expected an object of language → terms'],
    ['notBrand phrases as a list', (p) => set(org(p).lexicon, 'notBrand', ['Big Apple']), 'organisations[0].lexicon.notBrand: expected an object of language → terms'],
    ['a numeric notBrand phrase', (p) => set(org(p).lexicon.notBrand, 'en', [1]), 'organisations[0].lexicon.notBrand.en[0]: expected a string, got 1'],
    ['red flags as a list', (p) => set(p, 'redFlags', ['gift card']), 'redFlags: expected an object of language → terms, got an array'],
    ['a numeric red flag', (p) => set(p.redFlags, 'en', [1]), 'redFlags.en[0]: expected a string, got 1'],
    ['a fraud-report key that is not a country', (p) => set(p.fraudReport, 'usa', { name: 'x', url: 'https://x.example' }), 'fraudReport.usa: expected an ISO 3166-1 alpha-2 code like "US" as key'],
    ['an http fraud-report URL', (p) => set(p.fraudReport.US!, 'url', 'http://reportfraud.ftc.gov/'), 'fraudReport.US.url: expected an https:// URL'],
    ['an unknown fraud-report field', (p) => set(p.fraudReport.US!, 'phone', '+1'), 'fraudReport.US.phone: unknown field'],
  ]

  it.each(cases)('rejects %s, naming the field', (_, mutate, message) => {
    expect(errorAfter(mutate)).toContain(message)
    expect(errorAfter(mutate).startsWith(message.split(':')[0]!)).toBe(true)
  })

  it('rejects a duplicate number + country + service, naming both indexes', () => {
    const error = errorAfter((p) => org(p).numbers.push({ ...org(p).numbers[0]!, display: 'again' }))
    expect(error).toBe(
      'organisations[0].numbers[3]: duplicate of organisations[0].numbers[0] (same number, country and service: +18002752273 US support)',
    )
  })

  it('rejects duplicate national-only numbers the same way', () => {
    const error = errorAfter((p) => org(p).numbers.push({ ...org(p).numbers[2]! }))
    expect(error).toContain('organisations[0].numbers[3]: duplicate of organisations[0].numbers[2]')
  })

  it('accepts the same number for a different service or country', () => {
    const payload = fixturePayload()
    org(payload).numbers.push({ ...org(payload).numbers[0]!, service: 'accessibility' })
    org(payload).numbers.push({ ...org(payload).numbers[0]!, country: 'PR' })
    expect(validatePayload(payload).ok).toBe(true)
  })

  it(`accepts ${LIMITS.numbers} numbers and refuses one more`, () => {
    const many = (count: number) => (p: RegistryPayload) => {
      const base = org(p).numbers[0]!
      org(p).numbers = Array.from({ length: count }, (_, i) => ({ ...base, e164: `+1800${String(i).padStart(7, '0')}` }))
      org(p).coverage = { US: { support: 'complete' } }
    }
    const payload = fixturePayload()
    many(LIMITS.numbers)(payload)
    expect(validatePayload(payload).ok).toBe(true)
    expect(errorAfter(many(LIMITS.numbers + 1))).toBe('organisations[0].numbers: expected at most 5000 items, got 5001')
  })

  const wrongTypes: unknown[] = [null, 0, -1, '', 'x', true, [], {}, [[]], { a: 1 }]
  const topLevelFields = ['schema', 'version', 'issued', 'expires', 'organisations', 'redFlags', 'fraudReport'] as const
  const numberFields = ['e164', 'national', 'country', 'service', 'display', 'vanity', 'languages', 'hours', 'sources', 'confidence', 'checked']
  const orgFields = ['id', 'name', 'channels', 'reportEmail', 'domains', 'numbers', 'retired', 'noSupportNumber', 'coverage', 'lexicon']

  it('rejects a value of the wrong type in every top-level field, naming it', () => {
    for (const field of topLevelFields) {
      for (const value of wrongTypes) {
        if (field === 'redFlags' && JSON.stringify(value) === '{}') continue // no red flags is allowed
        if (field === 'fraudReport' && JSON.stringify(value) === '{}') continue // no fraud sites is allowed
        expect(errorAfter((p) => set(p, field, value)), `${field} = ${JSON.stringify(value)}`).toMatch(new RegExp(`^${field}\\b`))
      }
    }
  })

  it('rejects a value of the wrong type in every organisation field, naming it', () => {
    for (const field of orgFields) {
      for (const value of wrongTypes) {
        if (['retired', 'noSupportNumber', 'channels', 'numbers', 'domains'].includes(field) && JSON.stringify(value) === '[]') continue
        if (field === 'coverage' && JSON.stringify(value) === '{}') continue // no coverage at all is allowed
        if (field === 'reportEmail' && value === null) continue
        if ((field === 'id' || field === 'name') && value === 'x') continue
        expect(errorAfter((p) => set(org(p), field, value)), `${field} = ${JSON.stringify(value)}`).toMatch(
          new RegExp(`^organisations\\[0\\]\\.${field}\\b`),
        )
      }
    }
  })

  it('rejects a value of the wrong type in every number field, naming it', () => {
    for (const field of numberFields) {
      for (const value of wrongTypes) {
        if (['vanity', 'hours', 'national', 'e164'].includes(field) && value === null) continue // e164: null is covered above
        if (['vanity', 'hours', 'display'].includes(field) && value === 'x') continue
        if (field === 'languages' && JSON.stringify(value) === '[]') continue
        expect(errorAfter((p) => set(num(p, 1), field, value)), `${field} = ${JSON.stringify(value)}`).toMatch(
          new RegExp(`^organisations\\[0\\]\\.numbers\\[1\\]\\.${field}\\b`),
        )
      }
    }
  })

  it('rejects deeply nested junk without throwing', () => {
    let junk: unknown = 'bottom'
    for (let i = 0; i < 20_000; i++) junk = i % 2 ? [junk] : { nested: junk }
    for (const field of ['organisations', 'redFlags', 'fraudReport'] as const) {
      const result = validatePayload({ ...fixturePayload(), [field]: junk })
      expect(result.ok).toBe(false)
      expect(!result.ok && result.error).toMatch(new RegExp(`^${field}`))
    }
    expect(validatePayload({ ...fixturePayload(), organisations: [junk] })).toMatchObject({
      ok: false,
      error: 'organisations[0]: expected an object, got an array',
    })
  })

  it('rejects a "__proto__" language key from JSON', () => {
    const payload = JSON.parse(JSON.stringify(fixturePayload()).replace('"redFlags":{', '"redFlags":{"__proto__":["x"],'))
    expect(validatePayload(payload)).toMatchObject({ ok: false, error: expect.stringContaining('redFlags.__proto__: expected a language key') })
  })

  it('quotes and truncates odd field names and long values in messages', () => {
    const error = errorAfter((p) => set(p, 'line\nbreak'.repeat(10), 1))
    expect(error).not.toContain('\n')
    expect(error.length).toBeLessThan(200)
    const long = errorAfter((p) => set(num(p, 0), 'e164', '9'.repeat(10_000)))
    expect(long.length).toBeLessThan(150)
  })

  it('accepts an e164 number with national digits too, and a national-only number', () => {
    const payload = fixturePayload()
    num(payload, 0).national = '8002752273'
    expect(validatePayload(payload).ok).toBe(true)
  })

  it('accepts time zone offsets and fractional seconds in issued and expires', () => {
    const payload = fixturePayload()
    payload.issued = '2026-11-25T01:00:00.123+01:00'
    payload.expires = '2027-05-25T00:00:00-05:00'
    expect(validatePayload(payload).ok).toBe(true)
  })
})

describe('schema versions', () => {
  it('reads schema 3', () => {
    expect(REGISTRY_SCHEMA).toBe(3)
    expect(fixturePayload().schema).toBe(REGISTRY_SCHEMA)
  })

  it('refuses a schema-1 registry as made for an older TrueDial', () => {
    expect(errorAfter((p) => set(p, 'schema', 1))).toBe(
      'schema: this registry was made for an older TrueDial; its schema is 1, this TrueDial reads schema 3',
    )
  })

  it('refuses a schema-2 registry (no lexicon.fake) as made for an older TrueDial', () => {
    expect(errorAfter((p) => set(p, 'schema', 2))).toBe(
      'schema: this registry was made for an older TrueDial; its schema is 2, this TrueDial reads schema 3',
    )
  })

  it('refuses a schema-4 registry as made for a newer TrueDial', () => {
    expect(errorAfter((p) => set(p, 'schema', 4))).toBe(
      'schema: this registry was made for a newer TrueDial; its schema is 4, this TrueDial reads schema 3',
    )
  })
})

describe('organisation domains', () => {
  const withDomains = (...domains: unknown[]) => (p: RegistryPayload) => set(org(p), 'domains', domains)

  it('accepts registrable domains, including ones under a country-code second level', () => {
    const payload = fixturePayload()
    withDomains('apple.com', 'apple.com.cn', 'icloud.com.cn', 'me.com', 'apple.co', 'xn--80ak6aa92e.com')(payload)
    expect(validatePayload(payload).ok).toBe(true)
  })

  it('accepts an organisation with no domains', () => {
    const payload = fixturePayload()
    withDomains()(payload)
    expect(validatePayload(payload).ok).toBe(true)
  })

  it.each<[string, unknown, string]>([
    ['rejects a domain in upper case', 'Apple.com', 'organisations[0].domains[1]: expected a host name like "apple.com" in lowercase, got "Apple.com"'],
    ['rejects a domain with a scheme', 'https://apple.com', 'organisations[0].domains[1]: expected a host name like "apple.com" without a scheme, got "https://apple.com"'],
    ['rejects a domain with a path', 'apple.com/support', 'organisations[0].domains[1]: expected a host name like "apple.com" without a path, got "apple.com/support"'],
    ['rejects a wildcard domain', '*.apple.com', 'organisations[0].domains[1]: expected a host name like "apple.com", not a wildcard (a domain already covers its subdomains), got "*.apple.com"'],
    ['rejects a top-level domain alone, which has no dot', 'com', 'organisations[0].domains[1]: expected a host name like "apple.com" with at least one dot, got "com"'],
    ['rejects a host name with a port, a space or an underscore', 'apple.com:443', 'organisations[0].domains[1]: expected a host name like "apple.com": lowercase letters, digits, hyphens and dots, got "apple.com:443"'],
    ['rejects an IP address', '17.253.144.10', 'organisations[0].domains[1]: expected a host name like "apple.com": lowercase letters'],
    ['rejects a non-string domain', 42, 'organisations[0].domains[1]: expected a string, got 42'],
  ])('%s', (_, domain, message) => {
    expect(errorAfter(withDomains('apple.com', domain))).toContain(message)
  })

  it.each(['co.uk', 'com.cn', 'ne.jp', 'gob.mx', 'github.io', 's3.amazonaws.com'])('rejects the public suffix %s as a domain', (suffix) => {
    expect(errorAfter(withDomains('apple.com', suffix))).toBe(
      `organisations[0].domains[1]: ${JSON.stringify(suffix)} is a public suffix, under which anyone can have a domain; expected the organisation's own domain, got ${JSON.stringify(suffix)}`,
    )
  })

  it('rejects a domain listed twice', () => {
    expect(errorAfter(withDomains('apple.com', 'icloud.com', 'apple.com'))).toBe(
      'organisations[0].domains[2]: duplicate domain "apple.com" (also organisations[0].domains[0])',
    )
  })

  it(`rejects more than ${LIMITS.domains} domains`, () => {
    const many = Array.from({ length: LIMITS.domains + 1 }, (_, i) => `d${i}.example`)
    expect(errorAfter(withDomains(...many))).toBe(`organisations[0].domains: expected at most ${LIMITS.domains} items, got ${LIMITS.domains + 1}`)
  })
})

describe('organisation coverage', () => {
  const withCoverage = (coverage: unknown) => (p: RegistryPayload) => set(org(p), 'coverage', coverage)

  it('accepts complete, partial and none where the registry has numbers, and "none" anywhere', () => {
    const payload = fixturePayload()
    withCoverage({ US: { support: 'complete', sales: 'partial', other: 'none' }, TR: { support: 'complete' }, FR: { sales: 'none' } })(payload)
    expect(validatePayload(payload).ok).toBe(true)
  })

  it.each<[string, Record<string, unknown>, string]>([
    ['rejects a coverage level other than complete, partial and none', { US: { support: 'full' } }, 'organisations[0].coverage.US.support: expected one of complete, partial, none, got "full"'],
    ['rejects a coverage country that is not an uppercase ISO code', { us: { support: 'complete' } }, 'organisations[0].coverage.us: expected an ISO 3166-1 alpha-2 code like "US" as key, got "us"'],
    [
      'rejects coverage for a service the registry does not know',
      { US: { repairs: 'partial' } },
      'organisations[0].coverage.US.repairs: expected a service as key (one of support, sales, business, education, accessibility, subscriptions, other), got "repairs"',
    ],
    ['rejects a country whose coverage is not an object of services', { US: 'complete' }, 'organisations[0].coverage.US: expected an object of service → coverage, got "complete"'],
  ])('%s', (_name, coverage, message) => {
    expect(errorAfter(withCoverage(coverage))).toBe(message)
  })

  it('rejects complete or partial coverage of a country and service that have no number', () => {
    // The fixture has US support and sales, TR support; no US education and no GB at all.
    expect(errorAfter(withCoverage({ US: { education: 'complete' } }))).toBe(
      'organisations[0].coverage.US.education: "complete" needs at least one education number for US in organisations[0].numbers, and there is none',
    )
    expect(errorAfter(withCoverage({ GB: { support: 'partial' } }))).toBe(
      'organisations[0].coverage.GB.support: "partial" needs at least one support number for GB in organisations[0].numbers, and there is none',
    )
  })

  it('rejects support coverage of a country listed as having no support number', () => {
    expect(errorAfter(withCoverage({ AQ: { support: 'partial' } }))).toBe(
      'organisations[0].coverage.AQ.support: AQ is in organisations[0].noSupportNumber, so its support coverage can only be "none", got "partial"',
    )
  })

  it('accepts "none" as the support coverage of a country with no support number', () => {
    const payload = fixturePayload()
    withCoverage({ AQ: { support: 'none' } })(payload)
    expect(validatePayload(payload).ok).toBe(true)
  })
})

describe('lexicon notBrand', () => {
  const withNotBrand = (table: Record<string, unknown>) => (p: RegistryPayload) => set(org(p).lexicon, 'notBrand', table)
  const withBrand = (language: string, terms: string[]) => (p: RegistryPayload) => set(org(p).lexicon.brand, language, terms)

  it.each<[string, string, string[], string]>([
    ['a brand term ignoring case', 'en', ['Apple'], 'BIG APPLE'],
    ['a brand term of several words', 'en', ['Apple ID'], 'not my apple id card'],
    ['a brand term between hyphens', 'en', ['Apple'], 'Apple-Valley'],
    ['a Chinese brand term inside a word', 'zh-Hans', ['苹果'], '吃苹果'],
    ['a Japanese brand term inside a word', 'ja', ['アップル'], 'パインアップル'],
    ['a Korean brand term inside a word', 'ko', ['애플'], '파인애플'],
    ['a Thai brand term inside a word', 'th', ['แอปเปิ้ล'], 'น้ำแอปเปิ้ล'],
  ])('accepts a phrase holding %s', (_, language, brand, phrase) => {
    const payload = fixturePayload()
    withBrand(language, brand)(payload)
    withNotBrand({ [language]: [phrase] })(payload)
    expect(validatePayload(payload)).toMatchObject({ ok: true })
  })

  it('accepts a lexicon without notBrand phrases', () => {
    const payload = fixturePayload()
    withNotBrand({})(payload)
    expect(validatePayload(payload).ok).toBe(true)
  })

  it.each<[string, string, string[], string]>([
    ['no brand term at all', 'en', ['Apple'], 'orange juice'],
    ['a brand term only inside a longer word', 'en', ['Apple'], 'Pineapple'],
    ['a brand term only inside a longer word in Cyrillic', 'ru', ['Апл'], 'Аплодисменты'],
    ['only a brand term of another language', 'zh-Hans', ['苹果'], 'Big Apple'],
    ['a Japanese word that only looks close to a brand term', 'ja', ['アップル'], 'パイナップル'],
  ])('rejects a phrase holding %s, naming it', (_, language, brand, phrase) => {
    const error = errorAfter((p) => {
      withBrand(language, brand)(p)
      withNotBrand({ [language]: [phrase] })(p)
    })
    expect(error).toBe(
      `organisations[0].lexicon.notBrand.${language}[0]: ${JSON.stringify(phrase)} contains no term of organisations[0].lexicon.brand.${language}; a brand collision must contain a brand term`,
    )
  })

  it('rejects notBrand phrases for a language the brand table does not have', () => {
    expect(errorAfter(withNotBrand({ fr: ['Big Apple'] }))).toBe(
      'organisations[0].lexicon.notBrand.fr: expected a language of organisations[0].lexicon.brand, which has no "fr"',
    )
  })

  it('rejects a notBrand language key that is not a language key', () => {
    expect(errorAfter(withNotBrand({ english: ['Big Apple'] }))).toMatch(/^organisations\[0\]\.lexicon\.notBrand\.english: expected a language key/)
  })
})

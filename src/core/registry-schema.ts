// Field-by-field validation of an untrusted registry payload (after JSON.parse).
// Strict on purpose: unknown fields are rejected at every level, because the schema number is
// how the format grows, and a field this version does not understand must not be ignored silently.
// Every message starts with the path of the offending field: `organisations[0].numbers[12].e164: …`.

import { brandTermsMatcher } from './claims'
import {
  REGISTRY_SCHEMA,
  type Confidence,
  type Coverage,
  type RegistryPayload,
  type Service,
} from './registry-types'

/** Largest signed registry file accepted, in UTF-8 bytes. */
export const MAX_REGISTRY_BYTES = 1_048_576

export type ValidationResult =
  | { ok: true; payload: RegistryPayload }
  | { ok: false; error: string }

const SERVICES: readonly Service[] = [
  'support', 'sales', 'business', 'education', 'accessibility', 'subscriptions', 'other',
]
const CONFIDENCES: readonly Confidence[] = ['high', 'medium', 'low']
const COVERAGES: readonly Coverage[] = ['complete', 'partial', 'none']

export const LIMITS = {
  text: 500,
  organisations: 50,
  channels: 20,
  domains: 100,
  numbers: 5000,
  retired: 5000,
  sources: 20,
  numberLanguages: 50,
  countries: 300,
  languagesPerTable: 200,
  termsPerLanguage: 500,
  termLength: 60,
  redFlagLength: 120,
} as const

const E164 = /^\+[1-9]\d{7,14}$/
const NATIONAL = /^\d{6,17}$/
const COUNTRY = /^[A-Z]{2}$/
const ORG_ID = /^[a-z][a-z0-9-]{0,31}$/
const CHANNEL_KIND = /^[a-z][a-z0-9-]{0,31}$/
// BCP 47 primary language subtag plus optional subtags: "en", "pt-BR", "zh-Hans".
const LANGUAGE = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/
const DATE = /^\d{4}-\d{2}-\d{2}$/
const PARTIAL_DATE = /^\d{4}(?:-\d{2}(?:-\d{2})?)?$/
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
// Lowercase labels of letters, digits and inner hyphens; the last one (the top-level domain)
// starts with a letter, so an IP address is not a host name here.
const HOST = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/

/**
 * Second-level labels under which country-code registries let anyone register: "co.uk",
 * "com.cn", "ne.jp", "gob.mx". The Public Suffix List (publicsuffix.org) has thousands of
 * suffixes; this is the pattern behind the common ones, enough to catch a publisher's mistake
 * (a signed registry is trusted data; these checks are for typos, not attackers).
 */
const OPEN_SECOND_LEVEL = new Set([
  'ac', 'biz', 'co', 'com', 'edu', 'gob', 'gouv', 'gov', 'govt', 'go', 'info', 'int', 'ltd', 'me',
  'mil', 'name', 'ne', 'net', 'nom', 'or', 'org', 'plc', 'sch',
])
/**
 * Domains under which anyone can put up a site (the private part of the Public Suffix List):
 * listing one would make every scam page hosted there "official".
 */
const SHARED_HOSTING = new Set([
  'appspot.com', 'azurestaticapps.net', 'azurewebsites.net', 'blogspot.com', 'carrd.co', 'cloudfront.net',
  'codeberg.page', 'firebaseapp.com', 'fly.dev', 'framer.app', 'github.io', 'gitlab.io', 'glitch.me',
  'herokuapp.com', 'myshopify.com', 'netlify.app', 'ngrok.io', 'onrender.com', 'pages.dev', 'r2.dev',
  'repl.co', 's3.amazonaws.com', 'translate.goog', 'trycloudflare.com', 'vercel.app', 'web.app',
  'wixsite.com', 'workers.dev',
])

/** Internal: thrown by the checks below, turned into `{ok: false}` by validatePayload. */
class Invalid extends Error {}

function fail(path: string, message: string): never {
  throw new Invalid(`${path}: ${message}`)
}

/** A short, safe description of a bad value for error messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return 'an object'
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value
    return JSON.stringify(shown)
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return typeof value
}

type Obj = Record<string, unknown>

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function object(value: unknown, path: string, fields: readonly string[]): Obj {
  if (!isObject(value)) fail(path, `expected an object, got ${describeValue(value)}`)
  for (const key of Object.keys(value)) {
    if (!fields.includes(key)) fail(join(path, key), `unknown field; expected only ${fields.join(', ')}`)
  }
  for (const key of fields) {
    if (!Object.hasOwn(value, key)) fail(join(path, key), 'missing')
  }
  return value
}

/** Appends a key to a path; keys that are not plain identifiers are shown quoted and truncated. */
function join(path: string, key: string): string {
  if (!/^[A-Za-z_$][\w$-]{0,63}$/.test(key)) return `${path}[${describeValue(key)}]`
  return path === '' ? key : `${path}.${key}`
}

function array(value: unknown, path: string, max: number, min = 0): unknown[] {
  if (!Array.isArray(value)) fail(path, `expected an array, got ${describeValue(value)}`)
  if (value.length < min) fail(path, `expected at least ${min} item${min === 1 ? '' : 's'}, got ${value.length}`)
  if (value.length > max) fail(path, `expected at most ${max} items, got ${value.length}`)
  return value
}

function text(value: unknown, path: string, max: number = LIMITS.text): string {
  if (typeof value !== 'string') fail(path, `expected a string, got ${describeValue(value)}`)
  if (value.trim() === '') fail(path, 'expected a non-empty string')
  if (value.length > max) fail(path, `expected at most ${max} characters, got ${value.length}`)
  return value
}

function nullable<T>(value: unknown, path: string, check: (v: unknown, p: string) => T): T | null {
  return value === null ? null : check(value, path)
}

function matching(value: unknown, path: string, pattern: RegExp, expected: string): string {
  if (typeof value !== 'string' || !pattern.test(value)) fail(path, `expected ${expected}, got ${describeValue(value)}`)
  return value
}

function oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    fail(path, `expected one of ${allowed.join(', ')}, got ${describeValue(value)}`)
  }
  return value as T
}

function isCalendarDate(ymd: string): boolean {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number]
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

function dateTime(value: unknown, path: string): number {
  const expected = 'an ISO 8601 date-time like "2026-11-25T00:00:00Z"'
  const match = typeof value === 'string' ? DATE_TIME.exec(value) : null
  const time = match ? Date.parse(value as string) : NaN
  if (!match || !isCalendarDate(match[1]!) || !Number.isFinite(time)) fail(path, `expected ${expected}, got ${describeValue(value)}`)
  return time
}

function calendarDate(value: unknown, path: string): string {
  if (typeof value !== 'string' || !DATE.test(value) || !isCalendarDate(value)) {
    fail(path, `expected a date like "2026-11-25", got ${describeValue(value)}`)
  }
  return value
}

function httpsUrl(value: unknown, path: string): string {
  const url = text(value, path, 2000)
  let parsed: URL | null = null
  try {
    parsed = new URL(url)
  } catch {
    parsed = null
  }
  if (parsed?.protocol !== 'https:') fail(path, `expected an https:// URL, got ${describeValue(value)}`)
  return url
}

/** Record<language, string[]>: lexicon tables and red flags. Returns the total number of terms. */
function termTable(value: unknown, path: string, maxLength: number): number {
  if (!isObject(value)) fail(path, `expected an object of language → terms, got ${describeValue(value)}`)
  const languages = Object.keys(value)
  if (languages.length > LIMITS.languagesPerTable) {
    fail(path, `expected at most ${LIMITS.languagesPerTable} languages, got ${languages.length}`)
  }
  let total = 0
  for (const language of languages) {
    const languagePath = join(path, language)
    if (!LANGUAGE.test(language)) fail(languagePath, `expected a language key like "en" or "zh-Hans", got ${describeValue(language)}`)
    const terms = array(value[language], languagePath, LIMITS.termsPerLanguage)
    terms.forEach((term, i) => text(term, `${languagePath}[${i}]`, maxLength))
    total += terms.length
  }
  return total
}

function checkNumber(value: unknown, path: string): string {
  const n = object(value, path, [
    'e164', 'national', 'country', 'service', 'display', 'vanity', 'languages', 'hours', 'sources', 'confidence', 'checked',
  ])
  const e164 = nullable(n.e164, `${path}.e164`, (v, p) => matching(v, p, E164, 'E.164 like "+18002752273"'))
  const national = nullable(n.national, `${path}.national`, (v, p) => matching(v, p, NATIONAL, 'a string of 6-17 digits'))
  if (e164 === null && national === null) fail(`${path}.national`, 'expected a string of 6-17 digits when e164 is null, got null')
  matching(n.country, `${path}.country`, COUNTRY, 'an ISO 3166-1 alpha-2 code like "US"')
  oneOf(n.service, `${path}.service`, SERVICES)
  text(n.display, `${path}.display`)
  nullable(n.vanity, `${path}.vanity`, text)
  array(n.languages, `${path}.languages`, LIMITS.numberLanguages).forEach((language, i) =>
    matching(language, `${path}.languages[${i}]`, LANGUAGE, 'a language key like "en" or "zh-Hans"'),
  )
  nullable(n.hours, `${path}.hours`, text)
  array(n.sources, `${path}.sources`, LIMITS.sources, 1).forEach((source, i) => text(source, `${path}.sources[${i}]`))
  oneOf(n.confidence, `${path}.confidence`, CONFIDENCES)
  calendarDate(n.checked, `${path}.checked`)
  return `${e164 ?? national} ${n.country as string} ${n.service as string}`
}

function checkRetired(value: unknown, path: string): string {
  const r = object(value, path, ['e164', 'country', 'display', 'retired', 'source'])
  const e164 = matching(r.e164, `${path}.e164`, E164, 'E.164 like "+18002752273"')
  matching(r.country, `${path}.country`, COUNTRY, 'an ISO 3166-1 alpha-2 code like "US"')
  text(r.display, `${path}.display`)
  if (typeof r.retired !== 'string' || !PARTIAL_DATE.test(r.retired) || !isCalendarDate(`${r.retired}-01-01`.slice(0, 10))) {
    fail(`${path}.retired`, `expected a date, year-month or year like "2026-03", got ${describeValue(r.retired)}`)
  }
  text(r.source, `${path}.source`)
  return e164
}

/** Why a string is not a domain an organisation can own, or null when it is one. */
function domainProblem(host: string): string | null {
  const like = 'expected a host name like "apple.com"'
  if (host.includes('://')) return `${like} without a scheme`
  if (host.includes('/')) return `${like} without a path`
  if (host.includes('*')) return `${like}, not a wildcard (a domain already covers its subdomains)`
  if (host !== host.toLowerCase()) return `${like} in lowercase`
  if (!host.includes('.')) return `${like} with at least one dot`
  if (!HOST.test(host)) return `${like}: lowercase letters, digits, hyphens and dots`
  const labels = host.split('.')
  const openSecondLevel = labels.length === 2 && /^[a-z]{2}$/.test(labels[1]!) && OPEN_SECOND_LEVEL.has(labels[0]!)
  if (openSecondLevel || SHARED_HOSTING.has(host)) {
    return `${JSON.stringify(host)} is a public suffix, under which anyone can have a domain; expected the organisation's own domain`
  }
  return null
}

function checkDomains(value: unknown, path: string): void {
  const seen = new Map<string, number>()
  array(value, path, LIMITS.domains).forEach((domain, i) => {
    const p = `${path}[${i}]`
    const host = text(domain, p, 253)
    const problem = domainProblem(host)
    if (problem !== null) fail(p, `${problem}, got ${describeValue(host)}`)
    const first = seen.get(host)
    if (first !== undefined) fail(p, `duplicate domain "${host}" (also ${path}[${first}])`)
    seen.set(host, i)
  })
}

/**
 * Coverage per country and service. `listed`: "US support" for every country and service that has
 * an entry in the organisation's numbers; `noSupport`: its noSupportNumber countries.
 */
function checkCoverage(value: unknown, path: string, orgPath: string, listed: Set<string>, noSupport: Set<string>): void {
  if (!isObject(value)) fail(path, `expected an object of country → service → coverage, got ${describeValue(value)}`)
  const countries = Object.keys(value)
  if (countries.length > LIMITS.countries) fail(path, `expected at most ${LIMITS.countries} countries, got ${countries.length}`)
  for (const country of countries) {
    const p = join(path, country)
    if (!COUNTRY.test(country)) fail(p, `expected an ISO 3166-1 alpha-2 code like "US" as key, got ${describeValue(country)}`)
    const services = value[country]
    if (!isObject(services)) fail(p, `expected an object of service → coverage, got ${describeValue(services)}`)
    for (const service of Object.keys(services)) {
      const sp = join(p, service)
      if (!(SERVICES as readonly string[]).includes(service)) {
        fail(sp, `expected a service as key (one of ${SERVICES.join(', ')}), got ${describeValue(service)}`)
      }
      const level = oneOf(services[service], sp, COVERAGES)
      if (level === 'none') continue
      if (service === 'support' && noSupport.has(country)) {
        fail(sp, `${country} is in ${orgPath}.noSupportNumber, so its support coverage can only be "none", got "${level}"`)
      }
      if (!listed.has(`${country} ${service}`)) {
        fail(sp, `"${level}" needs at least one ${service} number for ${country} in ${orgPath}.numbers, and there is none`)
      }
    }
  }
}

/**
 * notBrand: languages of the brand table only, and every phrase holding a brand term of its
 * language as the claim detector reads brand words (claims.ts brandTermsMatcher): a phrase in
 * which the detector finds no brand word would take none away from a page.
 */
function checkNotBrand(value: unknown, path: string, brand: Obj, brandPath: string): void {
  termTable(value, path, LIMITS.termLength)
  const table = value as Record<string, string[]>
  for (const language of Object.keys(table)) {
    const p = join(path, language)
    if (!Object.hasOwn(brand, language)) fail(p, `expected a language of ${brandPath}, which has no ${describeValue(language)}`)
    const holdsBrandTerm = brandTermsMatcher(brand[language] as string[])
    table[language]!.forEach((phrase, i) => {
      if (!holdsBrandTerm(phrase)) {
        fail(`${p}[${i}]`, `${describeValue(phrase)} contains no term of ${join(brandPath, language)}; a brand collision must contain a brand term`)
      }
    })
  }
}

const ORGANISATION_FIELDS = [
  'id', 'name', 'channels', 'reportEmail', 'domains', 'numbers', 'retired', 'noSupportNumber', 'coverage', 'lexicon',
] as const

function checkOrganisation(value: unknown, path: string): string {
  const org = object(value, path, ORGANISATION_FIELDS)
  const id = matching(org.id, `${path}.id`, ORG_ID, 'a lowercase id like "apple"')
  text(org.name, `${path}.name`)
  array(org.channels, `${path}.channels`, LIMITS.channels).forEach((channel, i) => {
    const p = `${path}.channels[${i}]`
    const c = object(channel, p, ['kind', 'label', 'url'])
    matching(c.kind, `${p}.kind`, CHANNEL_KIND, 'a lowercase kind like "web"')
    text(c.label, `${p}.label`)
    httpsUrl(c.url, `${p}.url`)
  })
  nullable(org.reportEmail, `${path}.reportEmail`, (v, p) => {
    text(v, p, 254)
    return matching(v, p, EMAIL, 'an email address')
  })
  checkDomains(org.domains, `${path}.domains`)

  const seen = new Map<string, number>()
  const official = new Map<string, number>()
  const supportCountries = new Set<string>()
  const listed = new Set<string>()
  array(org.numbers, `${path}.numbers`, LIMITS.numbers).forEach((entry, i) => {
    const key = checkNumber(entry, `${path}.numbers[${i}]`)
    const first = seen.get(key)
    if (first !== undefined) {
      fail(`${path}.numbers[${i}]`, `duplicate of ${path}.numbers[${first}] (same number, country and service: ${key})`)
    }
    seen.set(key, i)
    const n = entry as { e164: string | null; country: string; service: Service }
    if (n.e164 !== null && !official.has(n.e164)) official.set(n.e164, i)
    if (n.service === 'support') supportCountries.add(n.country)
    listed.add(`${n.country} ${n.service}`)
  })
  array(org.retired, `${path}.retired`, LIMITS.retired).forEach((entry, i) => {
    const e164 = checkRetired(entry, `${path}.retired[${i}]`)
    const listed = official.get(e164)
    if (listed !== undefined) {
      fail(`${path}.retired[${i}].e164`, `${e164} is retired but also listed as an official number at ${path}.numbers[${listed}]`)
    }
  })
  const noSupport = new Set<string>()
  array(org.noSupportNumber, `${path}.noSupportNumber`, LIMITS.countries).forEach((country, i) => {
    const p = `${path}.noSupportNumber[${i}]`
    const code = matching(country, p, COUNTRY, 'an ISO 3166-1 alpha-2 code like "US"')
    if (noSupport.has(code)) fail(p, `duplicate country ${code}`)
    if (supportCountries.has(code)) fail(p, `${code} is listed as having no support number, but ${path}.numbers has a support number for it`)
    noSupport.add(code)
  })
  checkCoverage(org.coverage, `${path}.coverage`, path, listed, noSupport)
  const lexicon = object(org.lexicon, `${path}.lexicon`, ['brand', 'support', 'notBrand', 'fake'])
  if (termTable(lexicon.brand, `${path}.lexicon.brand`, LIMITS.termLength) === 0) {
    fail(`${path}.lexicon.brand`, 'expected at least one brand term')
  }
  if (termTable(lexicon.support, `${path}.lexicon.support`, LIMITS.termLength) === 0) {
    fail(`${path}.lexicon.support`, 'expected at least one support term')
  }
  checkNotBrand(lexicon.notBrand, `${path}.lexicon.notBrand`, lexicon.brand as Obj, `${path}.lexicon.brand`)
  termTable(lexicon.fake, `${path}.lexicon.fake`, LIMITS.termLength)
  return id
}

const TOP_LEVEL = ['schema', 'version', 'issued', 'expires', 'organisations', 'redFlags', 'fraudReport'] as const

function checkPayload(value: unknown): RegistryPayload {
  if (!isObject(value)) fail('payload', `expected an object, got ${describeValue(value)}`)
  // The schema number first: a newer format may legitimately have fields this version lacks.
  const schema = value.schema
  if (!Number.isSafeInteger(schema) || (schema as number) < 1) fail('schema', `expected a positive integer, got ${describeValue(schema)}`)
  if (schema !== REGISTRY_SCHEMA) {
    // Never read with the rules of another schema: an old file lacks fields this one needs, and a
    // newer one may mean something else by the fields it shares.
    const made = (schema as number) < REGISTRY_SCHEMA ? 'an older' : 'a newer'
    fail('schema', `this registry was made for ${made} TrueDial; its schema is ${schema as number}, this TrueDial reads schema ${REGISTRY_SCHEMA}`)
  }
  object(value, '', TOP_LEVEL)

  const version = value.version
  if (!Number.isSafeInteger(version) || (version as number) < 1) fail('version', `expected a positive integer, got ${describeValue(version)}`)
  const issued = dateTime(value.issued, 'issued')
  const expires = dateTime(value.expires, 'expires')
  if (expires <= issued) fail('expires', `expected a date-time later than issued (${value.issued as string}), got ${describeValue(value.expires)}`)

  const ids = new Map<string, number>()
  array(value.organisations, 'organisations', LIMITS.organisations, 1).forEach((org, i) => {
    const id = checkOrganisation(org, `organisations[${i}]`)
    const first = ids.get(id)
    if (first !== undefined) fail(`organisations[${i}].id`, `duplicate id "${id}" (also organisations[${first}].id)`)
    ids.set(id, i)
  })

  termTable(value.redFlags, 'redFlags', LIMITS.redFlagLength)

  const fraudReport = value.fraudReport
  if (!isObject(fraudReport)) fail('fraudReport', `expected an object of country → site, got ${describeValue(fraudReport)}`)
  const countries = Object.keys(fraudReport)
  if (countries.length > LIMITS.countries) fail('fraudReport', `expected at most ${LIMITS.countries} countries, got ${countries.length}`)
  for (const country of countries) {
    const p = join('fraudReport', country)
    if (!COUNTRY.test(country)) fail(p, `expected an ISO 3166-1 alpha-2 code like "US" as key, got ${describeValue(country)}`)
    const site = object(fraudReport[country], p, ['name', 'url'])
    text(site.name, `${p}.name`)
    httpsUrl(site.url, `${p}.url`)
  }
  return value as unknown as RegistryPayload
}

/** Validates every field of an untrusted payload. Never throws. */
export function validatePayload(value: unknown): ValidationResult {
  try {
    return { ok: true, payload: checkPayload(value) }
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, error: error.message }
    // Anything else (e.g. a stack overflow on hostile input) is still a refusal, never a pass.
    return { ok: false, error: `payload: could not be validated (${String(error)})` }
  }
}

// Which countries a number printed without a country code may belong to, most likely first.
// The same digits are different numbers in different countries ("1800 019 900" is AppleCare
// Thailand and a legal-aid line in Western Australia), so the parser tries these regions in
// order instead of one default.

export interface RegionHints {
  /** An explicit choice: the CLI's --region, the user's region override. */
  override?: string | null
  /** The country the page's address points at (countryFromUrl: apple.com/uk/, example.co.jp, …/en-au/…), read once per page. */
  urlCountry?: string | null
  /** The page's lang attribute: "en-GB", "zh-Hant-TW", "de". */
  lang?: string | null
  /** Text around the number, searched for a country name ("UK: 0800 …", "中国大陆"). */
  nearbyText?: string | null
  /** The user's browser or system locale: "de-DE". */
  userLocale?: string | null
}

const CC = /^[A-Z]{2}$/

// apple.com/<path>/ and similar locale paths to countries. "uk" is Apple's path for GB.
const PATH_ALIASES: Record<string, string> = { uk: 'GB', la: 'MX', lae: 'US', asia: 'SG', befr: 'BE', benl: 'BE', chde: 'CH', chfr: 'CH', hk: 'HK', cn: 'CN', tw: 'TW', mo: 'MO' }
// Country-code top-level domains that are not the ISO code.
const TLD_ALIASES: Record<string, string> = { uk: 'GB' }
const GENERIC_TLDS = new Set(['com', 'org', 'net', 'info', 'biz', 'io', 'co', 'app', 'dev', 'xyz', 'site', 'online', 'top', 'me', 'tv', 'cc', 'ws', 'ai'])

// A language alone names no country; these are the countries its speakers most likely mean.
const LANGUAGE_COUNTRIES: Record<string, string[]> = {
  en: ['US', 'GB', 'CA', 'AU', 'IE', 'NZ', 'SG', 'IN'],
  zh: ['CN', 'TW', 'HK', 'SG'],
  'zh-hant': ['TW', 'HK', 'MO'],
  'zh-hans': ['CN', 'SG'],
  ja: ['JP'],
  ko: ['KR'],
  de: ['DE', 'AT', 'CH'],
  fr: ['FR', 'BE', 'CH', 'CA', 'LU'],
  es: ['ES', 'MX', 'US'],
  pt: ['BR', 'PT'],
  it: ['IT', 'CH'],
  nl: ['NL', 'BE'],
  pl: ['PL'],
  sv: ['SE'],
  da: ['DK'],
  nb: ['NO'],
  nn: ['NO'],
  no: ['NO'],
  fi: ['FI'],
  cs: ['CZ'],
  sk: ['SK'],
  hu: ['HU'],
  tr: ['TR'],
  th: ['TH'],
  ru: ['RU'],
  ar: ['AE', 'SA', 'EG'],
  ms: ['MY'],
  fil: ['PH'],
  tl: ['PH'],
  hi: ['IN'],
  he: ['IL'],
  iw: ['IL'],
  el: ['GR', 'CY'],
  uk: ['UA'],
  id: ['ID'],
  vi: ['VN'],
  ro: ['RO'],
  hr: ['HR'],
}

// Country names next to a number: "UK: 0800 107 6285", "中国：400-666-8800", "일본 0120-277-535".
// Short forms and abbreviations people write; every country's own names in the lexicon languages
// come from Intl.DisplayNames (namesTable), so a Korean page's "일본" or a German "Japan" counts.
const COUNTRY_ALIASES: Record<string, string[]> = {
  US: ['usa', 'u.s.', 'u.s.a.', 'us', 'america', 'united states of america', 'estados unidos', '美国', '美國', 'アメリカ', '米国', '미국'],
  GB: ['uk', 'u.k.', 'great britain', 'britain', 'england', 'scotland', 'wales', 'united kingdom', 'royaume-uni', '英国', '英國', 'イギリス', '영국'],
  CN: ['mainland china', '中国大陆', '中国内地', '中國大陸', '中国', '中國', '大陆', '内地'],
  HK: ['hong kong', '香港', '홍콩'],
  MO: ['macau', 'macao', '澳门', '澳門'],
  TW: ['taiwan', '台灣', '台湾', '臺灣', '대만'],
  KR: ['korea', 'south korea', '한국', '대한민국', '韓国', '韩国', '南韓', '韓國'],
  AE: ['uae', 'u.a.e.', 'الإمارات', 'emirates'],
  AU: ['호주', '澳洲', '澳大利亞', 'オーストラリア'],
  NL: ['holland'],
  CZ: ['czechia', 'czech republic'],
  TR: ['türkiye', 'turkey'],
}
/** Names that are also an everyday word in lower case: a country only when written in capitals ("US"). */
const CAPITALS_ONLY = new Set(['us'])
// Countries whose names are looked for: those Apple lists numbers or support for, and big ones.
const NAMED_COUNTRIES = ['AE', 'AR', 'AT', 'AU', 'BE', 'BG', 'BR', 'CA', 'CH', 'CL', 'CN', 'CO', 'CZ', 'DE', 'DK', 'EE', 'EG', 'ES', 'FI', 'FR', 'GB', 'GR', 'HK', 'HR', 'HU', 'ID', 'IE', 'IL', 'IN', 'IT', 'JP', 'KR', 'KW', 'KZ', 'LT', 'LU', 'LV', 'MO', 'MX', 'MY', 'NL', 'NO', 'NZ', 'PE', 'PH', 'PL', 'PT', 'QA', 'RO', 'RU', 'SA', 'SE', 'SG', 'SI', 'SK', 'TH', 'TR', 'TW', 'UA', 'US', 'VN', 'ZA']
const NAME_LANGUAGES = ['en', 'de', 'fr', 'es', 'pt', 'it', 'nl', 'pl', 'sv', 'da', 'nb', 'fi', 'cs', 'sk', 'hu', 'tr', 'ru', 'ar', 'he', 'th', 'ja', 'ko', 'zh-Hans', 'zh-Hant', 'vi', 'ms', 'id']
// Written without spaces between words: a name is found as a substring, not as a word.
const UNSPACED_NAME = /[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/

// A word of a country's name: letters, marks, and the dots, hyphens and apostrophes inside
// "u.s.", "royaume-uni", "côte d'ivoire".
const NAME_WORD = /[\p{L}\p{M}][\p{L}\p{M}.'’-]*/gu
/** Words in the longest spaced name looked for ("united states of america"). */
const MAX_NAME_WORDS = 4

interface NamesTable {
  /** Lowercase names (spaced scripts matched word by word, the others as substrings) → country. */
  byName: Map<string, string>
  /** Names in unspaced scripts, longest first. */
  substrings: Array<[string, string]>
}
let namesTable: NamesTable | null = null

/** Builds the table of country names now (a few milliseconds: a worker does it at start, not on its first page). */
export function prepareCountryNames(): void {
  names()
}

function names(): NamesTable {
  if (namesTable) return namesTable
  const byName = new Map<string, string>()
  const add = (name: string, cc: string): void => {
    const n = name.trim().toLowerCase()
    // Short Latin names other than the aliases above ("in", "us" as words) would match ordinary
    // words; two characters are a whole name in Chinese or Japanese ("日本", "美国").
    if (n.length < 3 && !UNSPACED_NAME.test(n) && !COUNTRY_ALIASES[cc]?.includes(n)) return
    if (!byName.has(n)) byName.set(n, cc)
  }
  for (const [cc, list] of Object.entries(COUNTRY_ALIASES)) for (const n of list) add(n, cc)
  for (const lang of NAME_LANGUAGES) {
    let display: Intl.DisplayNames | null = null
    try {
      display = new Intl.DisplayNames([lang], { type: 'region', fallback: 'none' })
    } catch {
      continue
    }
    for (const cc of NAMED_COUNTRIES) {
      const name = display.of(cc)
      if (name && name !== cc) add(name, cc)
    }
  }
  const substrings: Array<[string, string]> = []
  for (const [n, cc] of byName) if (UNSPACED_NAME.test(n)) substrings.push([n, cc])
  substrings.sort((a, b) => b[0].length - a[0].length)
  return (namesTable = { byName, substrings })
}

function languageParts(lang: string): { language: string; script: string | null; region: string | null } {
  const parts = lang.trim().replace(/_/g, '-').split('-')
  const language = (parts[0] ?? '').toLowerCase()
  let script: string | null = null
  let region: string | null = null
  for (const p of parts.slice(1)) {
    if (/^[A-Za-z]{4}$/.test(p)) script = p.toLowerCase()
    else if (/^[A-Za-z]{2}$/.test(p)) region = p.toUpperCase()
  }
  return { language, script, region }
}

/** The country a URL points at, from a locale path segment or a country-code TLD. */
export function countryFromUrl(url: string): string | null {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return null
  }
  const first = u.pathname.split('/').filter(Boolean)[0]?.toLowerCase() ?? ''
  // /uk/, /de/, /en-gb/, /zh-tw/, /fr_CA/
  const path = /^([a-z]{2})(?:[-_]([a-z]{2}))?$/.exec(first)
  if (path) {
    if (path[2]) return path[2].toUpperCase()
    if (PATH_ALIASES[path[1]!]) return PATH_ALIASES[path[1]!]!
    // A bare two-letter segment on apple.com is a country; elsewhere it may be a language.
    if (/(^|\.)apple\.com$/.test(u.hostname)) return path[1]!.toUpperCase()
  } else if (PATH_ALIASES[first]) {
    return PATH_ALIASES[first]!
  }
  const tld = u.hostname.split('.').pop()?.toLowerCase() ?? ''
  if (TLD_ALIASES[tld]) return TLD_ALIASES[tld]!
  if (/^[a-z]{2}$/.test(tld) && !GENERIC_TLDS.has(tld)) return tld.toUpperCase()
  return null
}

/** True when the text is a country's name or a short form of it ("UK", "Deutschland", "日本"), and nothing more. */
export function isCountryName(text: string): boolean {
  const t = names()
  const lower = text.trim().toLowerCase()
  return t.byName.has(lower)
}

/**
 * The country named nearest the end of the text (the text before a number: "UK: 0800 107 6285,
 * Japan: 0120-277-535" names Japan for the second number), in any lexicon language; null if none.
 */
export function countryNamedIn(text: string): string | null {
  if (!text) return null
  const lower = text.toLowerCase()
  const t = names()
  let best: string | null = null
  let bestEnd = -1
  let bestLength = 0
  const consider = (end: number, length: number, cc: string): void => {
    if (end > bestEnd || (end === bestEnd && length > bestLength)) {
      best = cc
      bestEnd = end
      bestLength = length
    }
  }
  // Names of spaced scripts are looked up a run of one to MAX_NAME_WORDS words at a time: a
  // Map lookup per run, not one pass of a thousand-name alternation (this runs per number).
  const words: Array<{ text: string; start: number; end: number }> = []
  for (const m of lower.matchAll(NAME_WORD)) {
    // A sentence's full stop is no part of a name ("… in the UK."), an abbreviation's is ("u.s.").
    const text = m[0].endsWith('.') && !t.byName.has(m[0]) ? m[0].slice(0, -1) : m[0]
    words.push({ text, start: m.index!, end: m.index! + text.length })
  }
  for (let i = 0; i < words.length; i++) {
    let name = ''
    for (let n = 0; n < MAX_NAME_WORDS && i + n < words.length; n++) {
      name = n === 0 ? words[i]!.text : `${name} ${words[i + n]!.text}`
      const cc = t.byName.get(name)
      // "us" is the word "us" ("call us on …") unless written in capitals.
      if (cc && (!CAPITALS_ONLY.has(name) || text.slice(words[i]!.start, words[i + n]!.end) === name.toUpperCase())) consider(words[i + n]!.end, name.length, cc)
    }
  }
  if (UNSPACED_NAME.test(lower)) {
    for (const [n, cc] of t.substrings) {
      const at = lower.lastIndexOf(n)
      if (at >= 0) consider(at + n.length, n.length, cc)
    }
  }
  return best
}

function languageCountries(lang: string): string[] {
  const { language, script, region } = languageParts(lang)
  const out: string[] = []
  if (region) out.push(region)
  if (language === 'zh' && script) out.push(...(LANGUAGE_COUNTRIES[`zh-${script}`] ?? []))
  out.push(...(LANGUAGE_COUNTRIES[language] ?? []))
  return out
}

/** The page's own region, when the page says it: URL, then lang region subtag. */
export function pageRegion(hints: RegionHints): string | null {
  if (hints.override && CC.test(hints.override)) return hints.override
  if (hints.urlCountry) return hints.urlCountry
  if (hints.lang) {
    const { region, language, script } = languageParts(hints.lang)
    if (region) return region
    const list = language === 'zh' && script ? LANGUAGE_COUNTRIES[`zh-${script}`] : LANGUAGE_COUNTRIES[language]
    if (list && list.length === 1) return list[0]!
  }
  return null
}

/** How a number's country is read, with the country named beside it looked for once. */
export interface RegionReading {
  /** Regions to read the number in, as tiers of equal weight, strongest first (regionTiers()). */
  tiers: string[][]
  /** pageRegion(): the user's chosen region, else the page's own. */
  pageRegion: string | null
  /** The page's own country (address, language), whatever region the user chose. */
  pageCountry: string | null
  /** The country named beside the number ("Argentina: 0800 …"), or null. */
  named: string | null
  /** The country is stated: chosen by the user, or named beside the number (see ReadOptions.stated in phone.ts). */
  stated: boolean
}

/** The regions to read a number in and what the hints say of its country, the text beside it searched once. */
export function readRegions(hints: RegionHints): RegionReading {
  const named = hints.nearbyText ? countryNamedIn(hints.nearbyText) : null
  const pageCountry = pageRegion({ ...hints, override: null })
  return { tiers: regionTiers(hints, named), pageRegion: pageRegion(hints), pageCountry, named, stated: !!hints.override || named !== null }
}

/**
 * Regions to read a number in, as tiers of equal weight, strongest first: the user's override
 * alone; a country named beside the number (`named`); the page's own country (address, lang
 * region); then the page language's countries, the user's locale and the United States. A number
 * is read in the first tier where it is valid at all, and every reading in that tier is judged: a
 * postal code or a domestic number is never carried off to a far country by a weak guess.
 */
function regionTiers(hints: RegionHints, named: string | null): string[][] {
  const seen = new Set<string>()
  const tier = (list: Array<string | null | undefined>): string[] => {
    const out: string[] = []
    for (const cc of list) {
      if (cc && CC.test(cc) && !seen.has(cc)) {
        seen.add(cc)
        out.push(cc)
      }
    }
    return out
  }
  const override = hints.override?.toUpperCase()
  if (override && CC.test(override)) return [[override]]
  const tiers: string[][] = []
  tiers.push(tier([named]))
  tiers.push(tier([hints.urlCountry, pageRegion({ lang: hints.lang })]))
  // The user's own country before the other countries of the page's language: an en-US reader's
  // "(888) 555-0100" is American, not Irish or New Zealand.
  tiers.push(tier([localeRegion(hints.userLocale)]))
  const weak: string[] = []
  if (hints.lang) weak.push(...languageCountries(hints.lang))
  if (hints.userLocale) weak.push(...languageCountries(hints.userLocale))
  weak.push('US')
  tiers.push(tier(weak))
  return tiers.filter((t) => t.length > 0)
}

/** The user's own country, from the locale's region subtag ("de-AT" → AT). */
export function localeRegion(locale: string | null | undefined): string | null {
  return locale ? languageParts(locale).region : null
}

/**
 * The country whose fraud-report site a report names: the user's choice, then the page's address,
 * then the number's own country, then the user's locale.
 */
export function reportRegion(hints: Pick<RegionHints, 'override' | 'urlCountry' | 'userLocale'> & { country?: string | null }): string | null {
  return pageRegion({ override: hints.override, urlCountry: hints.urlCountry }) ?? hints.country ?? localeRegion(hints.userLocale)
}

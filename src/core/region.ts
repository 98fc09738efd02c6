// Which countries a number printed without a country code may belong to, most likely first.
// The same digits are different numbers in different countries ("1800 019 900" is AppleCare
// Thailand and a legal-aid line in Western Australia), so the parser tries these regions in
// order instead of one default.

export interface RegionHints {
  /** An explicit choice: the CLI's --region, the user's region override. */
  override?: string | null
  /** The page address: apple.com/uk/, example.co.jp, …/en-au/… */
  url?: string | null
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
}

// Country names next to a number: "UK: 0800 107 6285", "中国：400-666-8800".
const COUNTRY_NAMES: Array<[RegExp, string]> = [
  [/\b(?:united states|u\.s\.a?\.?|usa)\b/i, 'US'],
  [/\b(?:united kingdom|u\.k\.|uk|great britain|england|scotland|wales)\b/i, 'GB'],
  [/\bcanada\b/i, 'CA'],
  [/\b(?:australia|australian)\b/i, 'AU'],
  [/\bnew zealand\b/i, 'NZ'],
  [/\bireland\b/i, 'IE'],
  [/\b(?:singapore)\b/i, 'SG'],
  [/\b(?:india)\b/i, 'IN'],
  [/\b(?:thailand)\b|ประเทศไทย/i, 'TH'],
  [/\b(?:mexico|méxico)\b/i, 'MX'],
  [/\b(?:brazil|brasil)\b/i, 'BR'],
  [/\b(?:germany|deutschland)\b/i, 'DE'],
  [/\b(?:austria|österreich)\b/i, 'AT'],
  [/\b(?:switzerland|schweiz|suisse|svizzera)\b/i, 'CH'],
  [/\b(?:france)\b/i, 'FR'],
  [/\b(?:spain|españa)\b/i, 'ES'],
  [/\b(?:italy|italia)\b/i, 'IT'],
  [/\b(?:netherlands|nederland)\b/i, 'NL'],
  [/\b(?:japan)\b|日本/i, 'JP'],
  [/\b(?:korea|south korea)\b|대한민국|한국/i, 'KR'],
  [/\b(?:hong kong)\b|香港/i, 'HK'],
  [/\b(?:taiwan)\b|台灣|台湾/i, 'TW'],
  [/\b(?:china|mainland china)\b|中国大陆|中国内地|中國大陸|中国/i, 'CN'],
  [/\b(?:turkey|türkiye)\b/i, 'TR'],
  [/\b(?:russia)\b|россия/i, 'RU'],
  [/\b(?:united arab emirates|uae)\b|الإمارات/i, 'AE'],
  [/\b(?:malaysia)\b/i, 'MY'],
  [/\b(?:philippines)\b/i, 'PH'],
]

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

export function countryNamedIn(text: string): string | null {
  for (const [re, cc] of COUNTRY_NAMES) if (re.test(text)) return cc
  return null
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
  const fromUrl = hints.url ? countryFromUrl(hints.url) : null
  if (fromUrl) return fromUrl
  if (hints.lang) {
    const { region, language, script } = languageParts(hints.lang)
    if (region) return region
    const list = language === 'zh' && script ? LANGUAGE_COUNTRIES[`zh-${script}`] : LANGUAGE_COUNTRIES[language]
    if (list && list.length === 1) return list[0]!
  }
  return null
}

/**
 * Regions to try, most likely first. The number's own shape (a leading 1 and 3-3-4) outranks
 * these, and the registry's other countries come after them for long numbers; see phone.ts.
 */
export function candidateRegions(hints: RegionHints): string[] {
  const out: string[] = []
  const add = (cc: string | null | undefined): void => {
    if (cc && CC.test(cc) && !out.includes(cc)) out.push(cc)
  }
  add(hints.override?.toUpperCase())
  if (hints.url) add(countryFromUrl(hints.url))
  if (hints.nearbyText) add(countryNamedIn(hints.nearbyText))
  if (hints.lang) for (const cc of languageCountries(hints.lang)) add(cc)
  if (hints.userLocale) for (const cc of languageCountries(hints.userLocale)) add(cc)
  add('US')
  return out
}

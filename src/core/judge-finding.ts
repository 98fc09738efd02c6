// One verdict for one number found on a page: the step the background worker runs for the
// content script and the CLI runs for `truedial scan`, so both judge pages the same way.

import type { DigitGroup } from './candidates'
import { readNumber, type ResolvedNumber } from './phone'
import { countryNamedIn, localeRegion, pageRegion, regionTiers, type RegionHints } from './region'
import { isOfficialHost, type RegistryIndex } from './registry-index'
import { judge, judgeReadings, settle, type ClaimContext, type ClaimEvidence, type Verdict } from './verdict'
import { englishTranslate, type Translate } from './i18n'
import { fastPaths } from './fast-path'
import { BoundedMemo } from './memo'

/** What the content script sends per number: plain data, no DOM. */
export interface FindingRequest {
  text: string
  digits: string
  plus: boolean
  groups: DigitGroup[]
  disguises: number
  link: { digits: string; plus: boolean } | null
  redFlags: string[]
  nearbyText: string
  lang: string | null
  /** The page's words that made the number an Apple claim, and where they stood. */
  claim?: ClaimEvidence | null
  /** The page imitates Apple's site: what gives it away (its title, copyright line…), else null. */
  imitation?: string | null
}

export interface PageHints {
  url: string | null
  /** The user's region override from settings or --region. */
  region?: string | null
  userLocale?: string | null
}

export interface FindingVerdict extends Verdict {
  /** Number of the finding's digit groups the number used (the badge goes after them). */
  groupsUsed: number
}

// Where a number without a country code may be from depends on the page (URL, the user's region
// and locale), the lang around the number and a country named just before it. A page sends the
// same page hints with every number and few distinct langs and country names, so the regions are
// worked out once per combination. Memo keys stay short: hashing long keys (URLs, the text before
// each number) on every call cost more than the rest of a memoised verdict.
interface HintReading {
  tiers: string[][]
  pageRegion: string | null
  /** The country is stated: named beside the number, or the user's override (see ReadOptions.stated). */
  stated: boolean
  /** Small and the same for every reading with these regions: the verdict memo's key starts with it. */
  id: number
}

interface PageReadings {
  override: string | null
  url: string | null
  userLocale: string | null
  /** By the lang, then by the country named before the number ('' for none). */
  readings: BoundedMemo<Map<string, HintReading>>
}

const pages = new BoundedMemo<PageReadings>(8)
let lastPage: PageReadings | null = null
/** The text before a number → the country it names ('' for none). */
const namedCountries = new BoundedMemo<string>(2_000)
/** Regions and page region as text → HintReading.id. */
const readingIds = new BoundedMemo<number>(1_000)
let nextReadingId = 0

function pageReadings(page: PageHints): PageReadings {
  const override = page.region ?? null
  const url = page.url ?? null
  const userLocale = page.userLocale ?? null
  if (lastPage && lastPage.override === override && lastPage.url === url && lastPage.userLocale === userLocale) return lastPage
  const key = `${override ?? ''}\n${userLocale ?? ''}\n${url ?? ''}`
  let found = pages.get(key)
  if (!found || found.override !== override || found.url !== url || found.userLocale !== userLocale) {
    pages.set(key, (found = { override, url, userLocale, readings: new BoundedMemo(16) }))
  }
  return (lastPage = found)
}

function hintReading(page: PageHints, finding: FindingRequest): HintReading {
  const p = pageReadings(page)
  const nearbyText = finding.nearbyText ?? ''
  let named = namedCountries.get(nearbyText)
  if (named === undefined) namedCountries.set(nearbyText, (named = (nearbyText && countryNamedIn(nearbyText)) || ''))
  // Nested by lang and country rather than one key built from both: no string to build per number.
  const lang = finding.lang ?? ''
  let byCountry = p.readings.get(lang)
  if (!byCountry) p.readings.set(lang, (byCountry = new Map()))
  let reading = byCountry.get(named)
  if (!reading) {
    const hints = regionHints(page, finding)
    const tiers = regionTiers(hints)
    const region = pageRegion(hints)
    const text = `${tiers.map((tier) => tier.join(',')).join(';')}/${region ?? ''}`
    let id = readingIds.get(text)
    if (id === undefined) readingIds.set(text, (id = nextReadingId++))
    byCountry.set(named, (reading = { tiers, pageRegion: region, stated: !!page.region || named !== '', id }))
  }
  return reading
}

function regionHints(page: PageHints, finding: FindingRequest): RegionHints {
  return {
    override: page.region ?? null,
    url: page.url,
    lang: finding.lang,
    nearbyText: finding.nearbyText,
    userLocale: page.userLocale ?? null,
  }
}

// Verdicts, memoised per registry index and per translator (a new registry or language starts
// afresh) by everything a verdict depends on: the regions the hints point at, the digits as
// grouped, the link, whether the number is disguised, the red flags the reasons name. Bounded:
// a hostile page can send any number of distinct numbers. Verdicts are kept from the second time
// their digits are asked about: most numbers are judged once, and keeping every verdict made the
// young heap copy each one (10,000 new numbers took twice as long). Kept verdicts are shared
// between calls that ask the same, so nobody may change one (the background only copies them
// into messages).
const VERDICT_LIMIT = 10_000
interface VerdictMemo {
  /** Digits asked about before: only their verdicts are kept. */
  digits: BoundedMemo<true>
  /** false: no valid number. */
  verdicts: BoundedMemo<FindingVerdict | false>
}
const memos = new WeakMap<RegistryIndex, WeakMap<Translate, VerdictMemo>>()

function verdictMemo(index: RegistryIndex, t: Translate): VerdictMemo {
  let perIndex = memos.get(index)
  if (!perIndex) memos.set(index, (perIndex = new WeakMap()))
  let memo = perIndex.get(t)
  if (!memo) perIndex.set(t, (memo = { digits: new BoundedMemo(VERDICT_LIMIT), verdicts: new BoundedMemo(VERDICT_LIMIT) }))
  return memo
}

/** The finding's part of the verdict memo's key; red flags come from the page, so they are length-prefixed. */
function findingKey(f: FindingRequest): string {
  const digits = f.groups ? `g${f.groups.map((g) => g.digits).join(',')}` : `d${f.digits}`
  const link = f.link ? `${f.link.plus ? '+' : '-'}${f.link.digits}` : ''
  // The reasons say whether the number is disguised and name the first four red flags.
  const redFlags = f.redFlags ?? [] // judge() takes none, too
  let flags = ''
  for (let i = 0; i < redFlags.length && i < 4; i++) flags += `|${redFlags[i]!.length}:${redFlags[i]}`
  const claim = f.claim ? `${f.claim.where}:${f.claim.words.length}:${f.claim.words}` : ''
  return `${f.plus ? '+' : '-'}${digits}|${link}|${(f.disguises ?? 0) >= 2 ? 'd' : ''}${flags}|${claim}|${f.imitation ?? ''}|${f.lang ?? ''}|${f.nearbyText ?? ''}`
}

/** The verdict for a claimed number, or null when the digits are no valid phone number anywhere. `t` words the reasons. */
export function verdictForFinding(index: RegistryIndex, finding: FindingRequest, page: PageHints, t: Translate = englishTranslate): FindingVerdict | null {
  if (!fastPaths()) {
    const hints = regionHints(page, finding)
    const stated = !!page.region || (!!finding.nearbyText && countryNamedIn(finding.nearbyText) !== null)
    return judgeFinding(index, finding, page, regionTiers(hints), pageRegion(hints), stated, t)
  }
  const reading = hintReading(page, finding)
  const memo = verdictMemo(index, t)
  // Digits never seen before (most of them, on a page) skip building the full key.
  if (!memo.digits.get(finding.digits)) {
    memo.digits.set(finding.digits, true)
    return judgeFinding(index, finding, page, reading.tiers, reading.pageRegion, reading.stated, t)
  }
  const key = `${reading.id}${findingKey(finding)}|${page.url ?? ''}`
  const hit = memo.verdicts.get(key)
  if (hit !== undefined) return hit || null
  const verdict = judgeFinding(index, finding, page, reading.tiers, reading.pageRegion, reading.stated, t)
  memo.verdicts.set(key, verdict ?? false)
  return verdict
}

// Right-to-left scripts: Arabic, Hebrew, Syriac, Thaana, N'Ko…
const RTL_LANGS = new Set(['ar', 'he', 'iw', 'fa', 'ur', 'yi', 'ps', 'sd', 'ug', 'dv', 'ku'])
const RTL_TEXT = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/

function isRtl(finding: FindingRequest): boolean {
  const lang = (finding.lang ?? '').toLowerCase().split(/[-_]/)[0] ?? ''
  return RTL_LANGS.has(lang) || RTL_TEXT.test(finding.nearbyText ?? '')
}

/**
 * Digits of each value in a page address's query and fragment (decoded, "+" as a space). A scam
 * ad links to a real site's search page with "Apple Support call 1-844-…" in the query, and the
 * site prints it back: a number whose digits stand here came from the link, not the site.
 */
export function addressDigits(url: string | null | undefined): string[] {
  if (!url) return []
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return []
  }
  const out: string[] = []
  const decode = (s: string): string => {
    try {
      return decodeURIComponent(s.replace(/\+/g, ' '))
    } catch {
      return s
    }
  }
  const parts = [...u.search.slice(1).split('&'), ...u.hash.slice(1).split(/[&?]/)]
  for (const part of parts) {
    // Decoded twice: links are often encoded twice over ("%252B1").
    const value = decode(decode(part.slice(part.indexOf('=') + 1)))
    const digits = value.normalize('NFKC').replace(/\D/g, '')
    if (digits.length >= 7) out.push(digits)
  }
  return out
}

// A page sends all its findings with one address: its digits are read once.
let lastAddress: { url: string | null | undefined; digits: string[] } = { url: undefined, digits: [] }

function injected(page: PageHints, finding: FindingRequest): boolean {
  if (finding.digits.length < 7) return false
  if (lastAddress.url !== page.url) lastAddress = { url: page.url, digits: addressDigits(page.url) }
  return lastAddress.digits.some((d) => d.includes(finding.digits))
}

/** True when the page's address is on one of the registry's official domains (or below one). */
export function officialHost(index: RegistryIndex, url: string | null | undefined): boolean {
  if (!url) return false
  try {
    return isOfficialHost(index, new URL(url).hostname)
  } catch {
    return false
  }
}

function judgeFinding(index: RegistryIndex, finding: FindingRequest, page: PageHints, tiers: string[][], region: string | null, stated: boolean, t: Translate): FindingVerdict | null {
  const source = { digits: finding.digits, plus: finding.plus, groups: finding.groups }
  const readings = readNumber(source, tiers, index, { rtl: isRtl(finding), stated })
  const context: ClaimContext = {
    claim: finding.claim ?? null,
    injected: injected(page, finding),
    // A page that imitates Apple is only a clone off Apple's own domains.
    imitation: finding.imitation && !officialHost(index, page.url) ? finding.imitation : null,
    userRegion: page.region ?? localeRegion(page.userLocale),
    countryGuessed: readings.guessed,
    preferred: tiers.flat(),
    stated,
  }
  const base = { disguises: finding.disguises, redFlags: finding.redFlags, pageRegion: region }
  const shown = readings.official ? [readings.official] : readings.plausible
  if (finding.link) {
    const linkReadings = readNumber({ digits: finding.link.digits, plus: finding.link.plus }, tiers, index)
    const target = linkReadings.official ?? linkReadings.plausible[0]
    if (target && shown.length > 0 && !shown.some((n) => sameNumber(n, target))) {
      const input = { number: target, linkShows: shown[0]!, ...base }
      return withGroups(settle(index, judge(index, input, t), input, { ...context, countryGuessed: linkReadings.guessed }, t), shown[0]!.groupsUsed)
    }
  }
  const found = judgeReadings(index, readings, base, context, t)
  return found && withGroups(found.verdict, found.number.groupsUsed)
}

function sameNumber(a: ResolvedNumber, b: ResolvedNumber): boolean {
  return (a.e164 ?? `${a.country}:${a.national}`) === (b.e164 ?? `${b.country}:${b.national}`)
}
// judge() returns a fresh object: adding the field beats copying it into another.
function withGroups(verdict: Verdict, groupsUsed: number): FindingVerdict {
  const v = verdict as FindingVerdict
  v.groupsUsed = groupsUsed
  return v
}

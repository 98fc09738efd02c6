// One verdict for one number found on a page: the step the background worker runs for the
// content script (memoised: src/core/fast.ts) and the CLI runs for `truedial scan`, so both judge
// pages the same way. Computed from the arguments alone: nothing is kept between calls.

import type { DigitGroup } from './candidates'
import { readNumber, type DigitSource, type Readings, type ResolvedNumber } from './phone'
import { countryFromUrl, localeRegion, readRegions, type RegionHints } from './region'
import { isOfficialHost, type RegistryIndex } from './registry-index'
import { judge, judgeReadings, settle, type ClaimContext, type ClaimEvidence, type Verdict } from './verdict'
import { englishTranslate, type Translate } from './i18n'
import { libphonenumber, type Numbering } from './numbering'

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

/**
 * What a page's address and the user's settings tell every verdict on the page: read once per page
 * (a verdicts request carries one page's findings), so no finding parses the address again.
 */
export interface PageReading {
  /** The user's region override. */
  region: string | null
  userLocale: string | null
  /** The country the address points at (region.ts countryFromUrl). */
  urlCountry: string | null
  /** The address is on one of the registry's official domains (or below one): a page there imitates no one. */
  officialHost: boolean
  /** Digits of the address's query and fragment values (addressDigits): a number among them came in through the link. */
  addressDigits: string[]
}

export function readPage(index: RegistryIndex, page: PageHints): PageReading {
  return {
    region: page.region ?? null,
    userLocale: page.userLocale ?? null,
    urlCountry: page.url ? countryFromUrl(page.url) : null,
    officialHost: officialHost(index, page.url),
    addressDigits: addressDigits(page.url),
  }
}

/** A number read in the regions its hints give, with what its verdict is told besides the number. */
export interface ClaimedReading {
  readings: Readings
  /** The regions it was read in, as tiers (region.ts readRegions). */
  tiers: string[][]
  /** The page's own region (region.ts pageRegion), for the verdict's "foreign" reasons. */
  pageRegion: string | null
  context: ClaimContext
}

/** What a page adds to a claim about a number; a pasted number has none of it. */
export type PageEvidence = Pick<ClaimContext, 'claim' | 'injected' | 'imitation'>

/**
 * Reads the digits in the regions the hints give and builds the verdict's ClaimContext: one way for
 * a number found on a page (verdictOnPage) and a number pasted into `truedial check` or the popup
 * (check.ts), so the two never judge the same number differently.
 */
export function readClaimed(
  index: RegistryIndex,
  source: DigitSource,
  hints: RegionHints,
  evidence: PageEvidence = {},
  options: { rtl?: boolean; numbering?: Numbering } = {},
): ClaimedReading {
  const { tiers, pageRegion, pageCountry, named, stated } = readRegions(hints)
  const readings = readNumber(source, tiers, index, { rtl: options.rtl, stated, numbering: options.numbering })
  const context: ClaimContext = {
    claim: evidence.claim ?? null,
    injected: evidence.injected ?? false,
    imitation: evidence.imitation ?? null,
    userRegion: hints.override ?? localeRegion(hints.userLocale),
    pageCountry,
    countryGuessed: readings.guessed,
    preferred: tiers.flat(),
    // Only a country named beside the number makes its toll-free line no foreign one: the user's
    // own region says where national numbers are read, and a "+1 800" line is as foreign to a
    // reader who chose GB as to one whose locale says GB.
    stated: named !== null,
  }
  return { readings, tiers, pageRegion, context }
}

/**
 * The verdict for a claimed number on a page, or null when the digits are no valid phone number
 * anywhere. `t` words the reasons; `numbering` reads the digits (libphonenumber unless given).
 * Computed from its arguments alone: src/core/fast.ts memoises it for the background.
 */
export function verdictOnPage(
  index: RegistryIndex,
  finding: FindingRequest,
  page: PageReading,
  t: Translate = englishTranslate,
  numbering: Numbering = libphonenumber,
): FindingVerdict | null {
  const hints = { override: page.region, urlCountry: page.urlCountry, lang: finding.lang, nearbyText: finding.nearbyText, userLocale: page.userLocale }
  const evidence: PageEvidence = {
    claim: finding.claim ?? null,
    injected: finding.digits.length >= 7 && page.addressDigits.some((d) => d.includes(finding.digits)),
    // A page that imitates Apple is only a clone off Apple's own domains.
    imitation: finding.imitation && !page.officialHost ? finding.imitation : null,
  }
  const source = { digits: finding.digits, plus: finding.plus, groups: finding.groups }
  const { readings, tiers, pageRegion, context } = readClaimed(index, source, hints, evidence, { rtl: isRtl(finding), numbering })
  const base = { disguises: finding.disguises, redFlags: finding.redFlags, pageRegion }
  const shown = readings.official ? [readings.official] : readings.plausible
  if (finding.link) {
    const linkReadings = readNumber({ digits: finding.link.digits, plus: finding.link.plus }, tiers, index, { numbering })
    const target = linkReadings.official ?? linkReadings.plausible[0]
    if (target && shown.length > 0 && !shown.some((n) => sameNumber(n, target))) {
      const input = { number: target, linkShows: shown[0]!, ...base }
      const verdict = settle(index, judge(index, input, t, numbering), input, { ...context, countryGuessed: linkReadings.guessed }, t, numbering)
      return withGroups(verdict, shown[0]!.groupsUsed)
    }
  }
  const found = judgeReadings(index, readings, base, context, t, numbering)
  return found && withGroups(found.verdict, found.number.groupsUsed)
}

/** verdictOnPage() for one finding of a page given as its hints: what `truedial scan` runs per number. */
export function verdictForFinding(index: RegistryIndex, finding: FindingRequest, page: PageHints, t: Translate = englishTranslate, numbering: Numbering = libphonenumber): FindingVerdict | null {
  return verdictOnPage(index, finding, readPage(index, page), t, numbering)
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
function addressDigits(url: string | null | undefined): string[] {
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

/** True when the page's address is on one of the registry's official domains (or below one). */
function officialHost(index: RegistryIndex, url: string | null | undefined): boolean {
  if (!url) return false
  try {
    return isOfficialHost(index, new URL(url).hostname)
  } catch {
    return false
  }
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

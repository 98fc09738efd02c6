// Verdicts for numbers that claim to be Apple support, with the reasons a person can read.
// A number missing from the registry is "not on Apple's official list", never "proven fake".
// Reason texts come from a Translate (English by default, for the CLI); the codes never change.

import { parsePhoneNumberFromString } from 'libphonenumber-js/max'
import type { OfficialEntry, RegistryIndex } from './registry-index'
import { coverageOf, lookupE164, officialFor } from './registry-index'
import { isPremiumOrSharedCost, numberType, type Readings, type ResolvedNumber } from './phone'
import { englishTranslate, joinList, languageOf, serviceName, type Translate } from './i18n'
import { libphonenumber, type Numbering } from './numbering'

export type VerdictKind = 'official' | 'spoofed' | 'lookalike' | 'mismatch' | 'unconfirmed'

export { RED_VERDICTS } from './verdict-words'

/** Where the words that claim a number for Apple stood, relative to the number. */
export type ClaimPlace = 'sentence' | 'label' | 'heading' | 'dialog' | 'table' | 'page' | 'imitation' | 'pasted'

/** The evidence that made a number an Apple claim: quoted to the user. */
export interface ClaimEvidence {
  /** The page's words, as written (at most 120 characters). */
  words: string
  where: ClaimPlace
}

import type { Coverage } from './registry-types'
export type { Coverage }

export type ReasonCode =
  | 'official'
  | 'not-listed'
  | 'retired'
  | 'lookalike'
  | 'toll-free-twin'
  | 'tel-mismatch'
  | 'disguised'
  | 'premium-rate'
  | 'shared-cost'
  | 'red-flags'
  | 'foreign'
  | 'no-support-number'
  | 'unconfirmed'
  | 'low-confidence'
  | 'complete-list'
  | 'injected'
  | 'imitation'
  | 'foreign-toll-free'
  | 'claim'
  | 'country'

export interface Reason {
  code: ReasonCode
  text: string
}

export interface NumberSummary {
  e164: string | null
  display: string
  country: string
  countryName: string
  service: string
  hours: string | null
  vanity: string | null
  confidence: string
  source: string | null
}

export interface Verdict {
  verdict: VerdictKind
  /** The number judged (for a mismatch: the number the link dials). */
  e164: string | null
  /** International format for display: "+1 888 555 0100". */
  display: string
  country: string
  reasons: Reason[]
  /** Registry entries that make it official. */
  official: NumberSummary[]
  /** The official number a lookalike imitates. */
  imitates: NumberSummary | null
  /** Apple's official numbers for the region, support first. */
  alternatives: NumberSummary[]
  /** For a mismatch: the number the link shows. */
  shown: { e164: string | null; display: string } | null
  /** The country was inferred from the page or the user (the number does not state it). */
  countryGuessed: boolean
  /** How complete the registry's list of Apple support numbers is for the number's country. */
  coverage: Coverage
  /** The words that made the number an Apple claim (null for a pasted number). */
  claim: ClaimEvidence | null
}

export interface JudgeInput {
  number: ResolvedNumber
  /** Disguising characters in the written number. */
  disguises?: number
  /** Red-flag phrases found around the number. */
  redFlags?: string[]
  /** The page's region, when the page says it. */
  pageRegion?: string | null
  /** For a tel: link: the number its text shows, when that differs from where it dials. */
  linkShows?: ResolvedNumber | null
}

// Intl's names, asked once per language and country: a table of at most a few hundred countries
// per language TrueDial speaks, whatever pages are judged.
const regionNames = new Map<string, Intl.DisplayNames | null>()
const names = new Map<string, string>()
/** The country's name in a language (BCP 47 tag): "United States", "美国", "Vereinigte Staaten". */
export function countryName(cc: string, lang = 'en'): string {
  const key = `${lang}|${cc}`
  let name = names.get(key)
  if (name === undefined) {
    let display = regionNames.get(lang)
    if (display === undefined) {
      try {
        display = new Intl.DisplayNames([lang, 'en'], { type: 'region' })
      } catch {
        display = null
      }
      regionNames.set(lang, display)
    }
    try {
      name = display?.of(cc) ?? cc
    } catch {
      name = cc
    }
    names.set(key, name)
  }
  return name
}

function formatE164(e164: string | null, fallback = '', numbering: Numbering = libphonenumber): string {
  return e164 ? numbering.facts(e164).international : fallback
}

/** The reason t words for a message key (each key belongs to one code). */
function reason(t: Translate, code: ReasonCode, key: string, substitutions?: string[]): Reason {
  return { code, text: t(key, substitutions) }
}

function summary(e: OfficialEntry, lang: string): NumberSummary {
  return {
    e164: e.e164,
    display: e.display,
    country: e.country,
    countryName: countryName(e.country, lang),
    service: e.service,
    hours: e.hours,
    vanity: e.vanity,
    confidence: e.confidence,
    source: e.sources[0] ?? null,
  }
}

/** Optimal string alignment distance is exactly 1: one substitution, insertion, deletion or adjacent swap. */
function oneEditApart(a: string, b: string): 'digit' | 'swap' | null {
  if (a === b) return null
  if (a.length === b.length) {
    let first = -1
    let diffs = 0
    // Code units, not one-character strings: this runs against every official number.
    for (let i = 0; i < a.length; i++) {
      if (a.charCodeAt(i) !== b.charCodeAt(i)) {
        if (first < 0) first = i
        if (++diffs > 2) return null
      }
    }
    if (diffs === 1) return 'digit'
    if (diffs === 2 && a.charCodeAt(first) === b.charCodeAt(first + 1) && a.charCodeAt(first + 1) === b.charCodeAt(first)) return 'swap'
    return null
  }
  if (Math.abs(a.length - b.length) !== 1) return null
  const [short, long] = a.length < b.length ? [a, b] : [b, a]
  let i = 0
  while (i < short.length && short[i] === long[i]) i++
  return short.slice(i) === long.slice(i + 1) ? 'digit' : null
}

const NANP_TOLL_FREE = new Set(['800', '833', '844', '855', '866', '877', '888'])

export interface OfficialNational {
  national: string
  entry: OfficialEntry
  /** For a NANP toll-free number, the seven digits after the prefix; else null. */
  tollFreeRest: string | null
}

// A table of the registry, like the index itself: built once per registry (a few hundred
// numbers), whatever pages and numbers are judged against it.
const byCallingCode = new WeakMap<RegistryIndex, Map<string, OfficialNational[]>>()
/** Official numbers grouped by calling code, computed once per registry. */
export function officialsByCallingCode(index: RegistryIndex): Map<string, OfficialNational[]> {
  let map = byCallingCode.get(index)
  if (!map) {
    map = new Map()
    for (const { digits, entry } of index.officialDigits) {
      const cc = parsePhoneNumberFromString(`+${digits}`)?.countryCallingCode ?? ''
      const national = digits.slice(cc.length)
      const o = { national, entry, tollFreeRest: cc === '1' && NANP_TOLL_FREE.has(national.slice(0, 3)) ? national.slice(3) : null }
      const list = map.get(cc)
      if (list) list.push(o)
      else map.set(cc, [o])
    }
    byCallingCode.set(index, map)
  }
  return map
}

const NO_OFFICIALS: OfficialNational[] = []

/** The official number a non-official one imitates, and how. */
function findImitated(index: RegistryIndex, e164: string, numbering: Numbering = libphonenumber): { entry: OfficialEntry; how: 'digit' | 'swap' | 'toll-free' } | null {
  const cc = numbering.facts(e164).callingCode
  const national = e164.slice(1 + cc.length)
  const officials = officialsByCallingCode(index).get(cc) ?? NO_OFFICIALS
  // Indexed loops: this runs for every number not on the list, and for-of allocated here.
  for (let i = 0; i < officials.length; i++) {
    const how = oneEditApart(national, officials[i]!.national)
    if (how) return { entry: officials[i]!.entry, how }
  }
  // "1-888-275-2273" for Apple's "1-800-275-2273": the same seven digits under another toll-free prefix.
  if (cc === '1' && NANP_TOLL_FREE.has(national.slice(0, 3))) {
    const rest = national.slice(3)
    for (let i = 0; i < officials.length; i++) {
      if (officials[i]!.tollFreeRest === rest) return { entry: officials[i]!.entry, how: 'toll-free' }
    }
  }
  return null
}

function numberKey(n: ResolvedNumber): string {
  return n.e164 ?? `${n.country}:${n.national}`
}

function officialEntries(index: RegistryIndex, n: ResolvedNumber): OfficialEntry[] {
  if (n.nationalEntries) return n.nationalEntries
  return n.e164 ? lookupE164(index, n.e164) : []
}

/** Apple's official numbers for a region (support first), at most `max`; country names in t's language. */
export function alternativesFor(index: RegistryIndex, country: string | null, max = 3, t: Translate = englishTranslate): NumberSummary[] {
  if (!country) return []
  const lang = languageOf(t)
  const seen = new Set<string>()
  const out: NumberSummary[] = []
  for (const entry of officialFor(index, country)) {
    // A low-confidence entry is never a number TrueDial tells anyone to call.
    if (entry.confidence === 'low') continue
    const key = entry.e164 ?? entry.national ?? entry.display
    if (seen.has(key)) continue
    seen.add(key)
    out.push(summary(entry, lang))
    if (out.length >= max) break
  }
  return out
}

/** The reason naming the red flags around a number (at most four). */
function redFlagsReason(t: Translate, flags: string[]): Reason {
  return reason(t, 'red-flags', 'reasonRedFlags', [joinList(t, flags.slice(0, 4), 'listComma')])
}

/** Summaries of a number's registry entries and the reason naming them. */
function officialParts(entries: OfficialEntry[], t: Translate): { official: NumberSummary[]; reason: Reason } {
  const lang = languageOf(t)
  const official = entries.map((e) => summary(e, lang))
  // One number can serve several countries for the same service (US, CA, MX sales): name each service once.
  const services = joinList(t, [...new Set(entries.map((e) => e.service))].map((sv) => serviceName(t, sv)), 'listAnd')
  return { official, reason: reason(t, 'official', 'reasonOfficial', [official[0]!.countryName, services]) }
}

// Built field by field in one place: the order of the fields is the order verdicts print in.
function verdictOf(
  verdict: VerdictKind,
  n: ResolvedNumber,
  display: string,
  alternatives: NumberSummary[],
  reasons: Reason[],
  official: NumberSummary[] = [],
  imitates: NumberSummary | null = null,
  shown: Verdict['shown'] = null,
): Verdict {
  return { e164: n.e164, display, country: n.country, official, imitates, alternatives, shown, verdict, reasons, countryGuessed: false, coverage: 'none', claim: null }
}

export function judge(index: RegistryIndex, input: JudgeInput, t: Translate = englishTranslate, numbering: Numbering = libphonenumber): Verdict {
  const n = input.number
  const display = formatE164(n.e164, n.national, numbering)
  const regionForAlternatives = input.pageRegion ?? n.country
  const alternatives = alternativesFor(index, regionForAlternatives, 3, t)
  const disguised = (input.disguises ?? 0) >= 2 ? reason(t, 'disguised', 'reasonDisguised') : null
  const redFlags = input.redFlags && input.redFlags.length > 0 ? redFlagsReason(t, input.redFlags) : null

  // A tel: link that dials something else than it shows.
  if (input.linkShows && numberKey(input.linkShows) !== numberKey(n)) {
    const shownDisplay = formatE164(input.linkShows.e164, input.linkShows.national, numbering)
    const targetOfficial = officialEntries(index, n).length > 0
    const reasons: Reason[] = [{ code: 'tel-mismatch', text: t(targetOfficial ? 'reasonTelMismatch' : 'reasonTelMismatchUnlisted', [display, shownDisplay]) }]
    if (disguised) reasons.push(disguised)
    if (redFlags) reasons.push(redFlags)
    return verdictOf('mismatch', n, display, alternatives, reasons, [], null, { e164: input.linkShows.e164, display: shownDisplay })
  }

  const entries = officialEntries(index, n)
  if (entries.length > 0) {
    const { official, reason: listed } = officialParts(entries, t)
    // A genuine number stays official even on a scam page; the page's other numbers are judged on their own.
    return verdictOf('official', n, display, alternatives, redFlags ? [listed, redFlags] : [listed], official)
  }

  const retired = n.e164 ? index.retired.get(n.e164) : undefined
  const imitated = n.e164 && !retired ? findImitated(index, n.e164, numbering) : null
  const lang = languageOf(t)
  const reasons: Reason[] = []
  let imitates: NumberSummary | null = null
  if (imitated) {
    imitates = summary(imitated.entry, lang)
    const key = imitated.how === 'digit' ? 'reasonLookalikeDigit' : imitated.how === 'swap' ? 'reasonLookalikeSwap' : 'reasonTollFreeTwin'
    reasons.push(reason(t, imitated.how === 'toll-free' ? 'toll-free-twin' : 'lookalike', key, [imitates.countryName, imitates.display]))
  }
  reasons.push(retired ? reason(t, 'retired', 'reasonRetired', [retired.retired, retired.source]) : reason(t, 'not-listed', 'reasonNotListed'))
  if (disguised) reasons.push(disguised)
  if (redFlags) reasons.push(redFlags)
  const cost = isPremiumOrSharedCost(numberType(n.e164, numbering))
  if (cost === 'premium') reasons.push(reason(t, 'premium-rate', 'reasonPremiumRate'))
  if (cost === 'shared-cost') reasons.push(reason(t, 'shared-cost', 'reasonSharedCost'))
  if (input.pageRegion && n.country && input.pageRegion !== n.country) {
    reasons.push(reason(t, 'foreign', 'reasonForeign', [countryName(n.country, lang), countryName(input.pageRegion, lang)]))
  }
  if (alternatives.length === 0 || index.noSupportNumber.has(regionForAlternatives)) {
    reasons.push(reason(t, 'no-support-number', 'reasonNoSupportNumber', [countryName(regionForAlternatives, lang)]))
  }
  return verdictOf(imitated ? 'lookalike' : 'spoofed', n, display, alternatives, reasons, [], imitates)
}

/** What decides how loud a claimed number's verdict is, beyond the number itself. */
export interface ClaimContext {
  /** The words that made it an Apple claim (null: a pasted number, the claim is implicit). */
  claim?: ClaimEvidence | null
  /** The number's digits also stand in the page's address: whoever made the link put it there. */
  injected?: boolean
  /** The page imitates Apple's site from a domain that is not Apple's: what gives it away. */
  imitation?: string | null
  /** The user's own country (locale region or override). */
  userRegion?: string | null
  /**
   * The page's own country from its address and language, whatever region the user chose (which
   * stands in for the page's in `pageRegion`): a toll-free line of the page's country is not foreign to it.
   */
  pageCountry?: string | null
  /** The country was inferred, not stated by the number. */
  countryGuessed?: boolean
  /** The page's and user's countries, most likely first: an official number shared by several countries is read as theirs. */
  preferred?: string[]
  /** The number's country is named beside it ("Argentina: 0800 …"): a toll-free line there is not foreign to the page. */
  stated?: boolean
}

// North American toll-free numbers belong to no one country: libphonenumber reads them as the
// United States', but the same 1-800 line serves Canada.
const NANP_TOLL_FREE_COUNTRIES = ['US', 'CA']

/**
 * The country a verdict names: for an official number shared by several countries (1-800-MY-APPLE:
 * US, CA, MX), the first of the page's and user's countries (`preferred`) it serves; for a North
 * American toll-free number, the first North American one of them; else the reading's country.
 */
function reportedCountry(base: Verdict, preferred: string[], numbering: Numbering): string {
  if (base.verdict === 'official' && base.official.length > 0) {
    return preferred.find((cc) => base.official.some((o) => o.country === cc)) ?? base.official[0]!.country
  }
  if (base.country === 'US' && base.e164 && numberType(base.e164, numbering) === 'TOLL_FREE') {
    return preferred.find((cc) => NANP_TOLL_FREE_COUNTRIES.includes(cc)) ?? base.country
  }
  return base.country
}

const CLAIM_PLACE_KEYS: Record<ClaimPlace, string> = {
  sentence: 'claimPlaceSentence',
  label: 'claimPlaceLabel',
  heading: 'claimPlaceHeading',
  dialog: 'claimPlaceDialog',
  table: 'claimPlaceTable',
  page: 'claimPlacePage',
  imitation: 'claimPlaceImitation',
  pasted: 'claimPlacePasted',
}

/** "Claimed as Apple's by 'Call Apple Support:' just above this number." */
export function claimReason(t: Translate, claim: ClaimEvidence): Reason {
  return { code: 'claim', text: t('reasonClaim', [claim.words, t(CLAIM_PLACE_KEYS[claim.where])]) }
}

/**
 * A base verdict (judge()) made into what the user sees, for a number claimed for Apple. Red only
 * where TrueDial can stand behind it: a look-alike, a link that dials another number, or a
 * number not on the list where the list is complete, where the number is a foreign toll-free or
 * premium line, where scam red flags stand beside it, where it came in through the address or
 * sits on a page imitating Apple. Elsewhere a number missing from the list is 'unconfirmed':
 * the registry cannot say it is fake. Official entries of low confidence only keep a number from
 * being flagged: never green, never a number to call.
 */
export function settle(
  index: RegistryIndex,
  base: Verdict,
  input: JudgeInput,
  context: ClaimContext,
  t: Translate = englishTranslate,
  numbering: Numbering = libphonenumber,
): Verdict {
  const lang = languageOf(t)
  const country = reportedCountry(base, context.preferred ?? [], numbering)
  const v: Verdict = { ...base, country, reasons: base.reasons.filter((r) => r.code !== 'foreign' || country !== input.pageRegion) }
  v.claim = context.claim ?? null
  v.countryGuessed = context.countryGuessed ?? false
  v.coverage = country ? coverageOf(index, country, 'support') : 'none'
  const lead: Reason[] = []
  if (v.claim) lead.push(claimReason(t, v.claim))
  if (country) lead.push(reason(t, 'country', v.countryGuessed ? 'reasonCountryGuessed' : 'reasonCountry', [countryName(country, lang)]))
  const finish = (verdict: VerdictKind, extra: Reason[] = []): Verdict => {
    v.verdict = verdict
    // The verdict's own reason first (the popup shows the first), then the evidence.
    v.reasons = [...extra, ...v.reasons, ...lead]
    return v
  }
  if (base.verdict === 'mismatch' || base.verdict === 'lookalike') return finish(base.verdict)
  if (base.verdict === 'official') {
    if (base.official.some((o) => o.confidence !== 'low')) return finish('official')
    // On the list only from an unconfirmed source: no "On Apple's official list" beside it.
    v.official = []
    v.reasons = v.reasons.filter((r) => r.code !== 'official')
    return finish('unconfirmed', [reason(t, 'low-confidence', 'reasonLowConfidence')])
  }
  // Not on the list.
  const red: Reason[] = []
  if (context.injected) red.push(reason(t, 'injected', 'reasonInjected'))
  if (context.imitation) red.push({ code: 'imitation', text: t('reasonImitation', [context.imitation]) })
  const retired = base.reasons.some((r) => r.code === 'retired')
  const cost = numberType(base.e164, numbering)
  const tollFree = cost === 'TOLL_FREE' || cost === 'PREMIUM_RATE' || cost === 'SHARED_COST'
  const home = [input.pageRegion, context.pageCountry, context.userRegion].filter((c): c is string => !!c)
  if (tollFree && country && !context.stated && home.length > 0 && !home.includes(country)) {
    red.push(reason(t, 'foreign-toll-free', 'reasonForeignTollFree', [countryName(country, lang)]))
  }
  if (v.coverage === 'complete') red.push(reason(t, 'complete-list', 'reasonCompleteList', [countryName(country, lang)]))
  const flagged = base.reasons.some((r) => r.code === 'red-flags')
  // Where the list is complete, "not on the list … does not prove it fake" would take back what
  // the complete-list reason says.
  if (v.coverage === 'complete') v.reasons = v.reasons.filter((r) => r.code !== 'not-listed')
  if (red.length > 0 || retired || flagged) return finish('spoofed', red)
  v.reasons = v.reasons.filter((r) => r.code !== 'not-listed')
  return finish('unconfirmed', [reason(t, 'unconfirmed', 'reasonUnconfirmed', [countryName(country, lang)])])
}

/** Which of two readings' verdicts stands: official, then unconfirmed, then the red ones. */
function standing(v: VerdictKind): number {
  return v === 'official' ? 3 : v === 'unconfirmed' ? 2 : v === 'lookalike' ? 1 : 0
}

/**
 * The verdict on a claimed number read every way it plausibly can be (phone.ts readNumber): an
 * official reading anywhere wins; else each plausible reading is judged and red stands only when
 * every one is red; valid in none of the page's countries, only a look-alike of an official number
 * elsewhere is worth a verdict. Null: nothing to say. `number` of the result's input is the
 * reading the verdict is about (the badge goes after its digit groups).
 */
export function judgeReadings(
  index: RegistryIndex,
  readings: Readings,
  base: Omit<JudgeInput, 'number'>,
  context: ClaimContext,
  t: Translate = englishTranslate,
  numbering: Numbering = libphonenumber,
): { verdict: Verdict; number: ResolvedNumber } | null {
  const shown = readings.official ? [readings.official] : readings.plausible
  if (shown.length === 0) {
    for (const number of readings.elsewhere) {
      const input = { ...base, number }
      const v = judge(index, input, t, numbering)
      if (v.verdict === 'lookalike') return { verdict: settle(index, v, input, context, t, numbering), number }
    }
    return null
  }
  let best: { verdict: Verdict; number: ResolvedNumber } | null = null
  for (const number of shown) {
    const input = { ...base, number }
    const v = settle(index, judge(index, input, t, numbering), input, context, t, numbering)
    if (!best || standing(v.verdict) > standing(best.verdict.verdict)) best = { verdict: v, number }
  }
  return best
}

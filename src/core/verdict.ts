// Verdicts for numbers that claim to be Apple support, with the reasons a person can read.
// A number missing from the registry is "not on Apple's official list", never "proven fake".
// Reason texts come from a Translate (English by default, for the CLI); the codes never change.

import { parsePhoneNumberFromString } from 'libphonenumber-js/max'
import type { OfficialEntry, RegistryIndex } from './registry-index'
import { lookupE164, officialFor } from './registry-index'
import { isPremiumOrSharedCost, numberType, type ResolvedNumber } from './phone'
import { englishTranslate, joinList, languageOf, serviceName, type Translate } from './i18n'

export type VerdictKind = 'official' | 'spoofed' | 'lookalike' | 'mismatch'

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

const formatted = new Map<string, string>()
export function formatE164(e164: string | null, fallback = ''): string {
  if (!e164) return fallback
  let f = formatted.get(e164)
  if (f === undefined) {
    f = parsePhoneNumberFromString(e164)?.formatInternational() ?? e164
    if (formatted.size >= 20_000) formatted.clear()
    formatted.set(e164, f)
  }
  return f
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
export function oneEditApart(a: string, b: string): 'digit' | 'swap' | null {
  if (a === b) return null
  if (a.length === b.length) {
    let first = -1
    let diffs = 0
    for (let i = 0; i < a.length; i++) {
      if (a[i] !== b[i]) {
        if (first < 0) first = i
        if (++diffs > 2) return null
      }
    }
    if (diffs === 1) return 'digit'
    if (diffs === 2 && a[first] === b[first + 1] && a[first + 1] === b[first]) return 'swap'
    return null
  }
  if (Math.abs(a.length - b.length) !== 1) return null
  const [short, long] = a.length < b.length ? [a, b] : [b, a]
  let i = 0
  while (i < short.length && short[i] === long[i]) i++
  return short.slice(i) === long.slice(i + 1) ? 'digit' : null
}

const NANP_TOLL_FREE = new Set(['800', '833', '844', '855', '866', '877', '888'])

const callingCodes = new Map<string, string>()
/** "+18002752273" → ["1", "8002752273"]; lookalikes are only searched within one calling code. */
function splitCallingCode(e164: string): [string, string] {
  let cc = callingCodes.get(e164)
  if (cc === undefined) {
    cc = parsePhoneNumberFromString(e164)?.countryCallingCode ?? ''
    callingCodes.set(e164, cc)
  }
  return [cc, e164.slice(1 + cc.length)]
}

const byCallingCode = new WeakMap<RegistryIndex, Map<string, Array<{ national: string; entry: OfficialEntry }>>>()
/** Official numbers grouped by calling code, computed once per registry. */
function officialsByCallingCode(index: RegistryIndex): Map<string, Array<{ national: string; entry: OfficialEntry }>> {
  let map = byCallingCode.get(index)
  if (!map) {
    map = new Map()
    for (const { digits, entry } of index.officialDigits) {
      const [cc, national] = splitCallingCode(`+${digits}`)
      const list = map.get(cc)
      if (list) list.push({ national, entry })
      else map.set(cc, [{ national, entry }])
    }
    byCallingCode.set(index, map)
  }
  return map
}

/** The official number a non-official one imitates, and how. */
export function findImitated(index: RegistryIndex, e164: string): { entry: OfficialEntry; how: 'digit' | 'swap' | 'toll-free' } | null {
  const [cc, national] = splitCallingCode(e164)
  const officials = officialsByCallingCode(index).get(cc) ?? []
  for (const o of officials) {
    const how = oneEditApart(national, o.national)
    if (how) return { entry: o.entry, how }
  }
  // "1-888-275-2273" for Apple's "1-800-275-2273": the same seven digits under another toll-free prefix.
  if (cc === '1' && NANP_TOLL_FREE.has(national.slice(0, 3))) {
    for (const o of officials) {
      if (NANP_TOLL_FREE.has(o.national.slice(0, 3)) && o.national.slice(3) === national.slice(3)) return { entry: o.entry, how: 'toll-free' }
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
const alternatives = new WeakMap<RegistryIndex, Map<string, NumberSummary[]>>()
export function alternativesFor(index: RegistryIndex, country: string | null, max = 3, t: Translate = englishTranslate): NumberSummary[] {
  if (!country) return []
  let perIndex = alternatives.get(index)
  if (!perIndex) alternatives.set(index, (perIndex = new Map()))
  const lang = languageOf(t)
  const key = `${country}|${max}|${lang}`
  const hit = perIndex.get(key)
  if (hit) return hit
  const list = computeAlternatives(index, country, max, lang)
  perIndex.set(key, list)
  return list
}

function computeAlternatives(index: RegistryIndex, country: string, max: number, lang: string): NumberSummary[] {
  const seen = new Set<string>()
  const out: NumberSummary[] = []
  for (const entry of officialFor(index, country)) {
    const key = entry.e164 ?? entry.national ?? entry.display
    if (seen.has(key)) continue
    seen.add(key)
    out.push(summary(entry, lang))
    if (out.length >= max) break
  }
  return out
}

export function judge(index: RegistryIndex, input: JudgeInput, t: Translate = englishTranslate): Verdict {
  const n = input.number
  const reasons: Reason[] = []
  const display = formatE164(n.e164, n.national)
  const regionForAlternatives = input.pageRegion ?? n.country
  const lang = languageOf(t)
  const base = {
    e164: n.e164,
    display,
    country: n.country,
    official: [] as NumberSummary[],
    imitates: null as NumberSummary | null,
    alternatives: alternativesFor(index, regionForAlternatives, 3, t),
    shown: null as Verdict['shown'],
  }
  const extras: Reason[] = []
  if ((input.disguises ?? 0) >= 2) {
    extras.push({ code: 'disguised', text: t('reasonDisguised') })
  }
  if (input.redFlags && input.redFlags.length > 0) {
    extras.push({ code: 'red-flags', text: t('reasonRedFlags', [joinList(t, input.redFlags.slice(0, 4), 'listComma')]) })
  }

  // A tel: link that dials something else than it shows.
  if (input.linkShows && numberKey(input.linkShows) !== numberKey(n)) {
    const shownDisplay = formatE164(input.linkShows.e164, input.linkShows.national)
    const targetOfficial = officialEntries(index, n).length > 0
    reasons.push({ code: 'tel-mismatch', text: t(targetOfficial ? 'reasonTelMismatch' : 'reasonTelMismatchUnlisted', [display, shownDisplay]) })
    return { ...base, verdict: 'mismatch', reasons: [...reasons, ...extras], shown: { e164: input.linkShows.e164, display: shownDisplay } }
  }

  const entries = officialEntries(index, n)
  if (entries.length > 0) {
    const official = entries.map((e) => summary(e, lang))
    const first = official[0]!
    // One number can serve several countries for the same service (US, CA, MX sales): name each service once.
    const services = joinList(t, [...new Set(entries.map((e) => e.service))].map((sv) => serviceName(t, sv)), 'listAnd')
    reasons.push({ code: 'official', text: t('reasonOfficial', [first.countryName, services]) })
    // A genuine number stays official even on a scam page; the page's other numbers are judged on their own.
    return { ...base, verdict: 'official', official, reasons: [...reasons, ...extras.filter((r) => r.code === 'red-flags')] }
  }

  const retired = n.e164 ? index.retired.get(n.e164) : undefined
  if (retired) {
    reasons.push({ code: 'retired', text: t('reasonRetired', [retired.retired, retired.source]) })
  } else {
    reasons.push({ code: 'not-listed', text: t('reasonNotListed') })
  }
  const cost = isPremiumOrSharedCost(numberType(n.e164))
  if (cost === 'premium') extras.push({ code: 'premium-rate', text: t('reasonPremiumRate') })
  if (cost === 'shared-cost') extras.push({ code: 'shared-cost', text: t('reasonSharedCost') })
  if (input.pageRegion && n.country && input.pageRegion !== n.country) {
    extras.push({ code: 'foreign', text: t('reasonForeign', [countryName(n.country, lang), countryName(input.pageRegion, lang)]) })
  }
  if (base.alternatives.length === 0 || index.noSupportNumber.has(regionForAlternatives)) {
    extras.push({ code: 'no-support-number', text: t('reasonNoSupportNumber', [countryName(regionForAlternatives, lang)]) })
  }

  const imitated = n.e164 && !retired ? findImitated(index, n.e164) : null
  if (imitated) {
    const target = summary(imitated.entry, lang)
    const key = imitated.how === 'digit' ? 'reasonLookalikeDigit' : imitated.how === 'swap' ? 'reasonLookalikeSwap' : 'reasonTollFreeTwin'
    return {
      ...base,
      verdict: 'lookalike',
      imitates: target,
      reasons: [{ code: imitated.how === 'toll-free' ? 'toll-free-twin' : 'lookalike', text: t(key, [target.countryName, target.display]) }, ...reasons, ...extras],
    }
  }
  return { ...base, verdict: 'spoofed', reasons: [...reasons, ...extras] }
}

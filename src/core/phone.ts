// From candidate digits to a number: E.164 plus the country it belongs to. libphonenumber-js
// (full metadata) validates; this module decides which region to read the digits in. Used by
// the background worker and the CLI only: the content script carries no phone metadata.

import { parsePhoneNumberFromString, type NumberType } from 'libphonenumber-js/max'
import type { RegistryIndex, OfficialEntry } from './registry-index'
import { libphonenumber, type Numbering } from './numbering'

export interface ResolvedNumber {
  /** E.164, or null for a national-only number matched on its digits (Turkey's 00800 line). */
  e164: string | null
  /** National digits as dialled in the country. */
  national: string
  /** ISO country the number belongs to (libphonenumber's reading; for shared codes, the region tried). */
  country: string
  /** How many of the candidate's digit groups make up the number (the rest is other text). */
  groupsUsed: number
  /** Registry entries matched on national digits, when e164 is null. */
  nationalEntries?: OfficialEntry[]
}

export interface DigitSource {
  digits: string
  plus: boolean
  /** Digit groups as written; lengths tell formats apart. */
  groups?: Array<{ digits: string }>
}

// "1-800-275-2273", "1 (800) 275-2273": a leading 1 then 3-3-4 is North American whatever the
// page's language (read with a German default, libphonenumber takes it for a German 01800 number).
function nanpShaped(groups: string[], used: number): boolean {
  if (groups[0] !== '1') return false
  if (used === 4) return groups[1]!.length === 3 && groups[2]!.length === 3 && groups[3]!.length === 4
  if (used === 3) return groups[1]!.length === 3 && groups[2]!.length === 7
  return used === 2 && groups[1]!.length === 10
}

/** "(888) 555-0100", "888-555-0100": three, three and four digits. */
function threeThreeFour(groups: string[], used: number): boolean {
  return used === 3 && groups[0]!.length === 3 && groups[1]!.length === 3 && groups[2]!.length === 4
}

function parseIn(digits: string, region: string | null, numbering: Numbering): ResolvedNumber | null {
  return numbering.read(digits, region) || null
}

/** The kind of line (toll-free, premium-rate, shared-cost…), asked only for numbers that are not official. */
export function numberType(e164: string | null, numbering: Numbering = libphonenumber): NumberType | undefined {
  return e164 ? numbering.facts(e164).type : undefined
}

/** Reads digits written after a "+" (a country code first); null when they are no valid number. */
function readInternational(digits: string, numbering: Numbering): ResolvedNumber | null {
  if (digits.length < 3 || digits.length > 17) return null
  const direct = parseIn(digits, null, numbering)
  if (direct) return direct
  // A doubled country code: "+1-1(855)-555-0123".
  for (let cc = 1; cc <= 3; cc++) {
    const code = digits.slice(0, cc)
    if (digits.slice(cc, 2 * cc) === code) {
      const again = parseIn(digits.slice(cc), null, numbering)
      if (again) return again
    }
  }
  return null
}

export function isPremiumOrSharedCost(type: NumberType | undefined): 'premium' | 'shared-cost' | null {
  if (type === 'PREMIUM_RATE') return 'premium'
  if (type === 'SHARED_COST') return 'shared-cost'
  return null
}

/** How a number was read: every plausible reading, and an official one wherever it is. */
export interface Readings {
  /** Readings in the strongest tier of regions where the number is valid at all (one when the number states its country). */
  plausible: ResolvedNumber[]
  /** A reading that is on the registry, in any region (or with the digit groups in reverse order, on right-to-left pages). */
  official: ResolvedNumber | null
  /** Readings in the registry's other countries: only ever used to name the official number a look-alike imitates. */
  elsewhere: ResolvedNumber[]
  /** The number does not state its country (no "+" and country code, no North American 1-3-3-4 shape): the country was inferred. */
  guessed: boolean
}

function officialIn(index: RegistryIndex, n: ResolvedNumber): boolean {
  if (n.nationalEntries) return n.nationalEntries.length > 0
  return n.e164 !== null && (index.byE164.get(n.e164)?.length ?? 0) > 0
}

/**
 * Reads a candidate in tiers of regions (region.ts regionTiers): trailing groups that are not
 * part of the number ("1-800-275-2273 24/7") are dropped one at a time; the first tier where the
 * number is valid gives the plausible readings. Apple's own numbers are looked for in every
 * registry country too, so a wrong country guess never makes a real Apple number look fake.
 */
export interface ReadOptions {
  /** Also try the digit groups in reverse order (right-to-left pages). */
  rtl?: boolean
  /**
   * The country is stated, not guessed: named beside the number ("Argentina: 0800 107 6285") or
   * chosen by the user. Apple's numbers of other countries are then not looked for: the same
   * digits there are another line.
   */
  stated?: boolean
  /** Who reads digits as numbers: libphonenumber unless given (fast.ts gives it the prefix table). */
  numbering?: Numbering
}

export function readNumber(source: DigitSource, tiers: string[][], index: RegistryIndex, options: ReadOptions = {}): Readings {
  const numbering = options.numbering ?? libphonenumber
  const groups = source.groups ? source.groups.map((g) => g.digits) : [source.digits]
  let plausible: ResolvedNumber[] = []
  let guessed = !source.plus
  let digits = groups.join('')
  let usedAll = groups.length
  outer: for (let used = groups.length; used >= 1 && groups.length - used <= 3; used--) {
    if (used < groups.length) digits = digits.slice(0, digits.length - groups[used]!.length)
    if (digits.length < 6 && !(digits.length >= 3 && used === groups.length && !source.groups)) break
    if (source.plus) {
      const r = readInternational(digits, numbering)
      if (r) {
        plausible = [{ ...r, groupsUsed: used }]
        usedAll = used
        break
      }
      continue
    }
    const national = index.byNational.get(digits)
    if (national && national.length > 0) {
      plausible = [{ e164: null, national: digits, country: national[0]!.country, groupsUsed: used, nationalEntries: national }]
      usedAll = used
      break
    }
    if (nanpShaped(groups, used)) {
      const nanp = parseIn(digits, 'US', numbering)
      if (nanp) {
        plausible = [{ ...nanp, groupsUsed: used }]
        guessed = false
        usedAll = used
        break
      }
    }
    for (let ti = 0; ti < tiers.length; ti++) {
      const tier = tiers[ti]!
      // Only weak guesses left (the page language's countries): "(888) 555-0100" (3-3-4) and
      // "1-800 555 -0142" (1 and ten digits) are written the North American way and read as such.
      if (ti === tiers.length - 1 && (tiers.length > 1 || tier.includes('US')) && (threeThreeFour(groups, used) || (digits.length === 11 && digits[0] === '1'))) {
        const nanp = parseIn(digits, 'US', numbering)
        if (nanp) {
          plausible = [{ ...nanp, groupsUsed: used }]
          usedAll = used
          break outer
        }
      }
      const found = new Map<string, ResolvedNumber>()
      for (const region of tier) {
        const r = parseIn(digits, region, numbering)
        if (r && r.e164 && !found.has(r.e164)) found.set(r.e164, { ...r, groupsUsed: used })
      }
      if (found.size > 0) {
        plausible = [...found.values()]
        usedAll = used
        break outer
      }
    }
    // International prefixes written without "+": 00 (most of the world), 011 (North America).
    const intl = digits.startsWith('011') ? digits.slice(3) : digits.startsWith('00') ? digits.slice(2) : null
    const r = intl ? parseIn(intl, null, numbering) : null
    if (r) {
      plausible = [{ ...r, groupsUsed: used }]
      guessed = false
      usedAll = used
      break
    }
  }
  let official = plausible.find((n) => officialIn(index, n)) ?? null
  const elsewhere: ResolvedNumber[] = []
  const all = groups.slice(0, usedAll).join('')
  if (!official && !source.plus && !(options.stated && plausible.length > 0)) {
    // The digits as Apple's numbers are printed in their own countries: an official reading wins
    // over every guess. Reversed digit groups: right-to-left pages print "0396 444 8000" for
    // 8000 444 0396.
    const printed = printedOfficial(index)
    const variants = [all]
    if (options.rtl && usedAll > 1) variants.push(groups.slice(0, usedAll).reverse().join(''))
    for (const v of variants) {
      const entries = printed.get(v)
      if (entries) {
        const e = entries[0]!
        official = e.e164
          ? { e164: e.e164, national: v, country: e.country, groupsUsed: usedAll }
          : { e164: null, national: v, country: e.country, groupsUsed: usedAll, nationalEntries: entries }
        break
      }
    }
  }
  if (!official && plausible.length === 0 && !source.plus && all.length >= 8) {
    // Valid in none of the page's countries: readings in the registry's countries, only to find
    // the official number a look-alike imitates.
    for (const cc of index.countries) {
      const r = parseIn(all, cc, numbering)
      if (r && !elsewhere.some((e) => e.e164 === r.e164)) elsewhere.push({ ...r, groupsUsed: usedAll })
    }
  }
  return { plausible, official, elsewhere, guessed }
}

const printedForms = new WeakMap<RegistryIndex, Map<string, OfficialEntry[]>>()
/**
 * Every official number by the digits it is printed with: national significant number, the
 * national format (with its trunk prefix: "0120277535"), with the country code, with "00" or
 * "011" and the country code, and national-only numbers as they are. Built once per registry.
 */
export function printedOfficial(index: RegistryIndex): Map<string, OfficialEntry[]> {
  let map = printedForms.get(index)
  if (map) return map
  map = new Map()
  const add = (digits: string, entries: OfficialEntry[]): void => {
    if (digits.length < 5 || map!.has(digits)) return
    map!.set(digits, entries)
  }
  for (const [national, entries] of index.byNational) add(national, entries)
  for (const [e164, entries] of index.byE164) {
    const p = parsePhoneNumberFromString(e164)
    if (!p) continue
    const cc = p.countryCallingCode
    const nsn = p.nationalNumber
    add(nsn, entries)
    add(p.formatNational().replace(/\D/g, ''), entries)
    add(cc + nsn, entries)
    add(`00${cc}${nsn}`, entries)
    add(`011${cc}${nsn}`, entries)
  }
  printedForms.set(index, map)
  return map
}

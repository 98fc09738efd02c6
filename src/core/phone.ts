// From candidate digits to a number: E.164 plus the country it belongs to. libphonenumber-js
// (full metadata) validates; this module decides which region to read the digits in. Used by
// the background worker and the CLI only: the content script carries no phone metadata.

import { parsePhoneNumberFromString, type CountryCode, type NumberType } from 'libphonenumber-js/max'
import type { RegistryIndex, OfficialEntry } from './registry-index'
import { fastPaths } from './fast-path'
import { nanpFacts, readNanp } from './nanp'

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

// Parsing and validating with full metadata costs tens of microseconds; pages repeat numbers and
// the background judges thousands, so North American numbers go through the prefix table
// (nanp.ts) and other readings are memoised (bounded). fast-path.ts switches both off for tests.
const MEMO_LIMIT = 20_000
const parsed = new Map<string, ResolvedNumber | false>()

/** libphonenumber's reading of digits in a region (null: written after a "+"): what every shortcut must match. */
function readDigits(digits: string, region: string | null): ResolvedNumber | false {
  const p = parsePhoneNumberFromString(region ? digits : `+${digits}`, (region ?? undefined) as CountryCode | undefined)
  return !!p && p.isValid() ? { e164: p.number, national: p.nationalNumber, country: p.country ?? region ?? '', groupsUsed: 0 } : false
}

function parseIn(digits: string, region: string | null): ResolvedNumber | null {
  if (!fastPaths()) return readDigits(digits, region) || null
  const nanp = readNanp(digits, region, readDigits)
  if (nanp !== undefined) return nanp || null
  const key = `${region ?? '+'}${digits}`
  const hit = parsed.get(key)
  if (hit !== undefined) return hit || null
  const result = readDigits(digits, region)
  if (parsed.size >= MEMO_LIMIT) parsed.clear()
  parsed.set(key, result)
  return result || null
}

const types = new Map<string, NumberType | undefined>()
/** The kind of line (toll-free, premium-rate, shared-cost…), asked only for numbers that are not official. */
export function numberType(e164: string | null): NumberType | undefined {
  if (!e164) return undefined
  if (!fastPaths()) return parsePhoneNumberFromString(e164)?.getType()
  const nanp = nanpFacts(e164)
  if (nanp) return nanp.type
  if (!types.has(e164)) {
    if (types.size >= MEMO_LIMIT) types.clear()
    types.set(e164, parsePhoneNumberFromString(e164)?.getType())
  }
  return types.get(e164)
}

/** Resolves digits (the first `used` groups) in the given regions; null when no reading is a valid number. */
function resolveDigits(digits: string, plus: boolean, regions: string[], groups: string[], used: number, index: RegistryIndex | null): ResolvedNumber | null {
  if (digits.length < 3 || digits.length > 17) return null
  if (!plus && index) {
    const entries = index.byNational.get(digits)
    if (entries && entries.length > 0) {
      return { e164: null, national: digits, country: entries[0]!.country, groupsUsed: 0, nationalEntries: entries }
    }
  }
  if (plus) {
    const direct = parseIn(digits, null)
    if (direct) return direct
    // A doubled country code: "+1-1(855)-555-0123".
    for (let cc = 1; cc <= 3; cc++) {
      const code = digits.slice(0, cc)
      if (digits.slice(cc, 2 * cc) === code) {
        const again = parseIn(digits.slice(cc), null)
        if (again) return again
      }
    }
    return null
  }
  if (nanpShaped(groups, used)) {
    const nanp = parseIn(digits, 'US')
    if (nanp) return nanp
  }
  for (let i = 0; i < regions.length; i++) {
    const r = parseIn(digits, regions[i]!)
    if (r) return r
  }
  // International prefixes written without "+": 00 (most of the world), 011 (North America).
  if (digits.startsWith('011')) return parseIn(digits.slice(3), null)
  if (digits.startsWith('00')) return parseIn(digits.slice(2), null)
  return null
}

/**
 * Reads a candidate as a phone number. Trailing groups that are not part of the number
 * ("1-800-275-2273 24/7") are dropped one at a time until the rest is valid.
 */
export function resolveNumber(source: DigitSource, regions: string[], index: RegistryIndex | null = null): ResolvedNumber | null {
  const groups = source.groups ? source.groups.map((g) => g.digits) : [source.digits]
  const all = groups.join('')
  // First the likely regions, with trailing groups dropped one at a time ("1-800-275-2273 24/7");
  // only then every country the registry knows, so a far-off reading of the whole run (Vienna
  // has numbers of up to 13 digits) never beats a plain reading of the number in front.
  for (let pass = 0; pass < 2; pass++) {
    const fallback = pass === 1
    if (fallback && !index) break
    const tried = fallback ? [...index!.countries].filter((c) => !regions.includes(c)) : regions
    let digits = all
    for (let used = groups.length; used >= 1 && groups.length - used <= 3; used--) {
      if (used < groups.length) digits = digits.slice(0, digits.length - groups[used]!.length)
      if (digits.length < 6 && !(digits.length >= 3 && used === groups.length && !source.groups)) break
      // Short runs are valid local numbers somewhere (Vienna), and page ranges everywhere else.
      if (fallback && digits.length < 8) break
      const r = resolveDigits(digits, source.plus, tried, groups, used, fallback ? null : index)
      if (r) return { ...r, groupsUsed: used }
    }
  }
  return null
}

export function isPremiumOrSharedCost(type: NumberType | undefined): 'premium' | 'shared-cost' | null {
  if (type === 'PREMIUM_RATE') return 'premium'
  if (type === 'SHARED_COST') return 'shared-cost'
  return null
}

// North American numbers without a libphonenumber parse per number. Parsing and validating with
// full metadata costs 20-40 µs; the background judges thousands of numbers per page, most of them
// +1 numbers. Within the NANP, whether a ten-digit number is valid, which country it belongs to,
// its kind of line and its international format depend only on its first NANP_PREFIX digits:
// no NANP pattern in libphonenumber's metadata (national number, line types, leading digits,
// formats, the "1" national prefix) tests a digit further in (Barbados' "246521[0369]\d{3}" goes
// deepest). test/unit/verdict-fastpath.test.ts checks that claim on the bundled metadata, so an
// update that breaks it fails there. So libphonenumber reads the first number with each prefix,
// and every later number with that prefix gets the same answer with its own digits.

import { parsePhoneNumberFromString, type NumberType } from 'libphonenumber-js/max'
import { BoundedMemo } from './memo'
import type { ResolvedNumber } from './phone'

/** How many leading national digits decide a NANP number's validity, country, type and format. */
export const NANP_PREFIX = 7

const LIMIT = 20_000

/**
 * The first NANP_PREFIX digits of a ten-digit national number from `at` in `digits` as a number
 * (a cheap memo key), or -1 unless all ten are ASCII digits and the first is 2-9: then no national
 * or international prefix stripping (a leading 1, 011) can change how the rest is read.
 */
function prefixOf(digits: string, at: number): number {
  if (digits.length !== at + 10) return -1
  let prefix = 0
  for (let i = at; i < at + 10; i++) {
    const d = digits.charCodeAt(i) - 48
    if (d < 0 || d > 9 || (i === at && d < 2)) return -1
    if (i < at + NANP_PREFIX) prefix = prefix * 10 + d
  }
  return prefix
}

/**
 * The ways of writing a NANP number the table keeps, 0-4: after a "+" (with the 1), and in the
 * US or Canada with or without the leading 1; -1 for any other. Other NANP regions (Antigua,
 * Jamaica…) turn seven-digit local numbers into ten digits with their own national-prefix rules:
 * they keep the plain reading.
 */
function formOf(region: string | null, length: number): number {
  if (region === null) return length === 11 ? 0 : -1
  const r = region === 'US' ? 1 : region === 'CA' ? 3 : -1
  if (r < 0 || (length !== 10 && length !== 11)) return -1
  return r + length - 10
}

// Readings by form and prefix: the country a valid number is in, false when it is invalid, null
// when the table cannot answer.
const readings = new BoundedMemo<string | false | null, number>(LIMIT)

/**
 * The reading of `digits` in `region` (null: written after a "+") when they are a North American
 * number the prefix table covers: a ResolvedNumber, false for an invalid number, undefined when
 * the caller must read them itself. `read` is that reading (libphonenumber's), asked once per prefix.
 */
export function readNanp(digits: string, region: string | null, read: (digits: string, region: string | null) => ResolvedNumber | false): ResolvedNumber | false | undefined {
  const form = formOf(region, digits.length)
  if (form < 0) return undefined
  const at = digits.length - 10
  if (at === 1 && digits.charCodeAt(0) !== 49 /* 1 */) return undefined
  const prefix = prefixOf(digits, at)
  if (prefix < 0) return undefined
  const key = form * 10 ** NANP_PREFIX + prefix
  const known = readings.get(key)
  const national = at === 0 ? digits : digits.slice(1)
  if (known === undefined) {
    const r = read(digits, region)
    // Only the usual shape (+1 and the ten digits) can be replayed for other numbers.
    readings.set(key, r === false ? false : r.e164 === `+1${national}` && r.national === national ? r.country : null)
    return r
  }
  if (known === null) return undefined
  if (known === false) return false
  return { e164: `+1${national}`, national, country: known, groupsUsed: 0 }
}

interface E164Facts {
  type: NumberType | undefined
  callingCode: string
  /** formatInternational() as text between runs of digits: ["+", 1, " ", 3, " ", 3, " ", 4, ""]. */
  format: Array<string | number> | null
}

const facts = new BoundedMemo<E164Facts, number>(LIMIT)
// judge() asks for the facts of the number it judges three times (format, type, calling code).
let lastE164 = ''
let lastFacts: E164Facts | undefined

/** Type, calling code and international format of a +1 number the table covers; undefined for any other. */
export function nanpFacts(e164: string): E164Facts | undefined {
  if (e164 === lastE164) return lastFacts
  if (e164.length !== 12 || !e164.startsWith('+1')) return undefined
  const prefix = prefixOf(e164, 2)
  if (prefix < 0) return undefined
  let f = facts.get(prefix)
  if (f === undefined) {
    const p = parsePhoneNumberFromString(e164)
    f = { type: p?.getType(), callingCode: p?.countryCallingCode ?? '', format: formatRuns(p?.formatInternational() ?? e164, e164.slice(1)) }
    facts.set(prefix, f)
  }
  lastE164 = e164
  lastFacts = f
  return f
}

/** "+1 800 275 2273" for digits "18002752273" → ["+", 1, " ", 3, " ", 3, " ", 4, ""]; null unless the digits are all there, in order. */
function formatRuns(formatted: string, digits: string): Array<string | number> | null {
  let used = 0
  const runs = formatted.split(/(\d+)/).map((part, i) => {
    if (i % 2 === 0) return part
    if (digits.slice(used, used + part.length) !== part) used = -Infinity
    used += part.length
    return part.length
  })
  return used === digits.length ? runs : null
}

/** The international format of a +1 number from its facts: the same text formatInternational() gives. */
export function formatNanp(e164: string, runs: ReadonlyArray<string | number>): string {
  // Slices and concatenation: a regex replace here cost five times as much.
  let out = ''
  let at = 1
  for (let i = 0; i < runs.length; i++) {
    const run = runs[i]!
    if (typeof run === 'string') out += run
    else out += e164.slice(at, (at += run))
  }
  return out
}

// North American numbers without a libphonenumber parse per number. Parsing and validating with
// full metadata costs 20-40 µs; the background judges up to a thousand numbers per page scan,
// most of them +1 numbers. Within the NANP, whether a ten-digit number is valid, which country it
// belongs to, its kind of line and its international format depend only on its first NANP_PREFIX
// digits: no NANP pattern in libphonenumber's metadata (national number, line types, leading
// digits, formats, the "1" national prefix) tests a digit further in (Barbados'
// "246521[0369]\d{3}" goes deepest). test/unit/fast.test.ts checks that claim on the bundled
// metadata, so an update that breaks it fails there. So libphonenumber reads the first number
// with each prefix, and every later number with that prefix gets the same answer with its own
// digits. Only src/core/fast.ts puts the table in front of libphonenumber.

import type { NumberType } from 'libphonenumber-js/max'
import { BoundedMemo } from './memo'
import type { NumberFacts, Numbering } from './numbering'
import type { ResolvedNumber } from './phone'

/** How many leading national digits decide a NANP number's validity, country, type and format. */
export const NANP_PREFIX = 7

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

/** NumberFacts of a +1 number, its international format as text between runs of digits: ["+", 1, " ", 3, " ", 3, " ", 4, ""]. */
interface PrefixFacts {
  type: NumberType | undefined
  callingCode: string
  runs: Array<string | number> | null
}

/**
 * `plain` with the prefix table in front: North American numbers the table covers are answered
 * from the first number read with the same prefix and form; every other question goes to `plain`.
 * The table holds at most two generations of `limit` prefixes (memo.ts).
 */
export function withNanpTable(plain: Numbering, limit: number): Numbering {
  // Readings by form and prefix: the country a valid number is in, false when it is invalid, null
  // when the table cannot answer.
  const readings = new BoundedMemo<string | false | null, number>(limit)
  const facts = new BoundedMemo<PrefixFacts, number>(limit)
  // A verdict asks for the facts of the number it judges several times (format, type, calling code).
  let last: { e164: string; facts: NumberFacts | undefined } = { e164: '', facts: undefined }

  /** The reading of a North American number the table covers; undefined: `plain` must read it. */
  const readNanp = (digits: string, region: string | null): ResolvedNumber | false | undefined => {
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
      const r = plain.read(digits, region)
      // Only the usual shape (+1 and the ten digits) can be replayed for other numbers.
      readings.set(key, r === false ? false : r.e164 === `+1${national}` && r.national === national ? r.country : null)
      return r
    }
    if (known === null) return undefined
    if (known === false) return false
    return { e164: `+1${national}`, national, country: known, groupsUsed: 0 }
  }

  /** The facts of a +1 number the table covers; undefined for any other. */
  const nanpFacts = (e164: string): NumberFacts | undefined => {
    if (e164 === last.e164) return last.facts
    if (e164.length !== 12 || !e164.startsWith('+1')) return undefined
    const prefix = prefixOf(e164, 2)
    if (prefix < 0) return undefined
    let f = facts.get(prefix)
    if (f === undefined) {
      const first = plain.facts(e164)
      f = { type: first.type, callingCode: first.callingCode, runs: formatRuns(first.international, e164.slice(1)) }
      facts.set(prefix, f)
    }
    last = { e164, facts: f.runs ? { type: f.type, callingCode: f.callingCode, international: formatNanp(e164, f.runs) } : undefined }
    return last.facts
  }

  return {
    read: (digits, region) => {
      const nanp = readNanp(digits, region)
      return nanp !== undefined ? nanp : plain.read(digits, region)
    },
    facts: (e164) => nanpFacts(e164) ?? plain.facts(e164),
  }
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

/** The international format of a +1 number from its runs: the same text formatInternational() gives. */
function formatNanp(e164: string, runs: ReadonlyArray<string | number>): string {
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

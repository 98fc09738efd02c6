// What verdicts ask of the numbering plans: libphonenumber-js with its full metadata. The plain
// answers are here; src/core/fast.ts puts the North American prefix table (nanp.ts) and a memo in
// front of them for the background. Functions that read numbers take a Numbering and default to
// this one, so each of them can be run plain and compared with its fast form
// (test/unit/fast.test.ts).

import { parsePhoneNumberFromString, type CountryCode, type NumberType } from 'libphonenumber-js/max'
import type { ResolvedNumber } from './phone'

/** What an E.164 number is, from one parse. */
export interface NumberFacts {
  /** The kind of line: toll-free, premium-rate, shared-cost… */
  type: NumberType | undefined
  /** The country calling code, "1"; '' when the number cannot be read. */
  callingCode: string
  /** International format, "+1 800 275 2273"; the E.164 itself when it cannot be read. */
  international: string
}

export interface Numbering {
  /** The number `digits` are in `region` (null: written after a "+"), or false when they are no valid number there. */
  read(digits: string, region: string | null): ResolvedNumber | false
  facts(e164: string): NumberFacts
}

/** libphonenumber's answers, each from a parse of its own: 20-40 µs apiece. */
export const libphonenumber: Numbering = {
  read(digits, region) {
    const p = parsePhoneNumberFromString(region ? digits : `+${digits}`, (region ?? undefined) as CountryCode | undefined)
    return !!p && p.isValid() ? { e164: p.number, national: p.nationalNumber, country: p.country ?? region ?? '', groupsUsed: 0 } : false
  },
  facts(e164) {
    const p = parsePhoneNumberFromString(e164)
    return { type: p?.getType(), callingCode: p?.countryCallingCode ?? '', international: p?.formatInternational() ?? e164 }
  },
}

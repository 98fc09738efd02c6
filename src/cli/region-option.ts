// --region: the country a number without a country code is read in. Only a country the phone
// metadata knows is accepted; anything else would be read in some other country without a word
// (a typo such as --region UK would silently fall back to the locale).
import { isSupportedCountry } from 'libphonenumber-js/max'
import { UsageError } from './io'

/** The code people type that is not the ISO 3166 one (the United Kingdom is GB). */
const HINTS: Record<string, string> = { UK: 'GB' }

export function parseRegion(value: string | undefined): string | null {
  if (value === undefined) return null
  const shown = value.slice(0, 20)
  if (!/^[A-Za-z]{2}$/.test(value)) throw new UsageError(`--region takes a two-letter country code such as US or GB, not "${shown}"`)
  const code = value.toUpperCase()
  if (isSupportedCountry(code)) return code
  const hint = HINTS[code]
  throw new UsageError(`--region ${code} is not a country code TrueDial knows${hint ? ` (did you mean ${hint}?)` : ''}; use an ISO 3166 code such as US, GB or CN`)
}

// "Is this number Apple's?" for a number a person pasted: `truedial check`, the popup's
// Check-a-number box and the context menu. The claim is implicit.

import { findCandidates } from './candidates'
import { toDialString } from './normalize'
import { readClaimed } from './judge-finding'
import type { DigitSource } from './phone'
import type { RegistryIndex } from './registry-index'
import { englishTranslate, joinList, languageOf, serviceName, type Translate } from './i18n'
import { alternativesFor, countryName, judgeReadings, type NumberSummary, type Reason } from './verdict'
import type { Numbering } from './numbering'

export type CheckVerdict = 'official' | 'not-official' | 'lookalike' | 'unconfirmed' | 'invalid'

export interface CheckResult {
  verdict: CheckVerdict
  input: string
  e164: string | null
  display: string
  country: string | null
  /** The number has no country code: the country was assumed (from --region, the locale, or the registry). */
  countryGuessed: boolean
  /** One sentence for people. */
  message: string
  reasons: Reason[]
  official: NumberSummary[]
  imitates: NumberSummary | null
  alternatives: NumberSummary[]
  extension: string | null
}

export const MAX_CHECK_INPUT = 200

export interface CheckOptions {
  /** The region the user chose (--region, the popup's region setting). */
  region?: string | null
  userLocale?: string | null
  /** The language of the message and reasons (the browser's in the extension); English by default. */
  t?: Translate
  /** Who reads digits as numbers: libphonenumber unless given (src/core/fast.ts gives it the prefix table). */
  numbering?: Numbering
}

function invalid(input: string, message: string, index: RegistryIndex, region: string | null, t: Translate): CheckResult {
  return {
    verdict: 'invalid',
    input,
    e164: null,
    display: '',
    country: null,
    countryGuessed: false,
    message,
    reasons: [],
    official: [],
    imitates: null,
    alternatives: alternativesFor(index, region, 3, t),
    extension: null,
  }
}

export function checkNumber(index: RegistryIndex, input: string, options: CheckOptions = {}): CheckResult {
  const t = options.t ?? englishTranslate
  const region = options.region?.toUpperCase() ?? null
  const text = input.trim()
  if (text === '') return invalid(input, t('checkEmpty'), index, region, t)
  if (text.length > MAX_CHECK_INPUT) return invalid(input, t('checkTooLong', [String(text.length)]), index, region, t)
  const dial = toDialString(text)
  if (!dial || dial.digits.length - dial.letters < 3) {
    return invalid(input, t('checkTooFewDigits', [text.slice(0, 40)]), index, region, t)
  }
  // Prefer the written grouping when the text is one number ("1-800-MY-APPLE" → 1 800 692 7753).
  const candidates = findCandidates(text)
  const only = candidates.length === 1 && candidates[0]!.digits.length >= dial.digits.length - (dial.extension?.length ?? 0) ? candidates[0]! : null
  const source: DigitSource = only ? { digits: only.digits, plus: only.plus, groups: only.groups } : { digits: dial.digits, plus: dial.plus }
  // Read and put in context as a number on a page is (judge-finding.ts), with no page around it.
  const { readings, pageRegion, context } = readClaimed(index, source, { override: region, userLocale: options.userLocale ?? null }, {}, { numbering: options.numbering })
  // An official reading anywhere wins ("400 666 8800" is Apple China's, whatever the browser's language).
  const found = judgeReadings(index, readings, { disguises: dial.disguises, pageRegion }, context, t, options.numbering)
  if (!found) {
    return invalid(input, region ? t('checkInvalidInRegion', [text, region]) : t('checkInvalidAnywhere', [text]), index, region, t)
  }
  const verdict = found.verdict
  const kind: CheckVerdict = verdict.verdict === 'official' ? 'official' : verdict.verdict === 'lookalike' ? 'lookalike' : verdict.verdict === 'unconfirmed' ? 'unconfirmed' : 'not-official'
  const message =
    kind === 'official'
      ? t('checkOfficial', [verdict.display, joinList(t, verdict.official.map((o) => t('checkListing', [o.countryName, serviceName(t, o.service)])), 'listComma')])
      : kind === 'lookalike'
        ? t('checkLookalike', [verdict.display, verdict.imitates!.countryName, verdict.imitates!.display])
        : kind === 'unconfirmed'
          ? verdict.reasons[0]?.code === 'low-confidence'
            ? t('checkLowConfidence', [verdict.display])
            : t('checkUnconfirmed', [verdict.display, countryName(verdict.country, languageOf(t))])
          : t('checkNotListed', [verdict.display])
  return {
    verdict: kind,
    input,
    e164: verdict.e164,
    display: verdict.display,
    country: verdict.country,
    countryGuessed: verdict.countryGuessed,
    message,
    reasons: verdict.reasons,
    official: verdict.official,
    imitates: verdict.imitates,
    alternatives: verdict.alternatives,
    extension: dial.extension,
  }
}

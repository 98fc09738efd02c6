// "Is this number Apple's?" for a number a person pasted: `truedial check`, the popup's
// Check-a-number box and the context menu. The claim is implicit.

import { findCandidates } from './candidates'
import { toDialString } from './normalize'
import { resolveNumber, type DigitSource } from './phone'
import { candidateRegions } from './region'
import type { RegistryIndex } from './registry-index'
import { alternativesFor, judge, type NumberSummary, type Reason } from './verdict'

export type CheckVerdict = 'official' | 'not-official' | 'lookalike' | 'invalid'

export interface CheckResult {
  verdict: CheckVerdict
  input: string
  e164: string | null
  display: string
  country: string | null
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
}

function invalid(input: string, message: string, index: RegistryIndex, region: string | null): CheckResult {
  return {
    verdict: 'invalid',
    input,
    e164: null,
    display: '',
    country: null,
    message,
    reasons: [],
    official: [],
    imitates: null,
    alternatives: alternativesFor(index, region),
    extension: null,
  }
}

export function checkNumber(index: RegistryIndex, input: string, options: CheckOptions = {}): CheckResult {
  const region = options.region?.toUpperCase() ?? null
  const text = input.trim()
  if (text === '') return invalid(input, 'Type or paste a phone number to check.', index, region)
  if (text.length > MAX_CHECK_INPUT) return invalid(input, `That is too long for a phone number (${text.length} characters).`, index, region)
  const dial = toDialString(text)
  if (!dial || dial.digits.length - dial.letters < 3) {
    return invalid(input, `“${text.slice(0, 40)}” does not look like a phone number: it has too few digits to check.`, index, region)
  }
  // Prefer the written grouping when the text is one number ("1-800-MY-APPLE" → 1 800 692 7753).
  const candidates = findCandidates(text)
  const only = candidates.length === 1 && candidates[0]!.digits.length >= dial.digits.length - (dial.extension?.length ?? 0) ? candidates[0]! : null
  const source: DigitSource = only ? { digits: only.digits, plus: only.plus, groups: only.groups } : { digits: dial.digits, plus: dial.plus }
  const regions = candidateRegions({ override: region, userLocale: options.userLocale ?? null })
  const number = resolveNumber(source, regions, index)
  if (!number) {
    return invalid(input, `${text} is not a valid phone number in ${region ?? 'any country TrueDial tried'}${region ? ' or any other country TrueDial tried' : ''}.`, index, region)
  }
  const verdict = judge(index, { number, disguises: dial.disguises, pageRegion: region })
  const kind: CheckVerdict = verdict.verdict === 'official' ? 'official' : verdict.verdict === 'lookalike' ? 'lookalike' : 'not-official'
  const message =
    kind === 'official'
      ? `${verdict.display} is an official Apple number (${verdict.official.map((o) => `${o.countryName} ${o.service}`).join(', ')}).`
      : kind === 'lookalike'
        ? `${verdict.display} is NOT Apple\u2019s: it imitates Apple\u2019s ${verdict.imitates!.countryName} number ${verdict.imitates!.display}.`
        : `${verdict.display} is not on Apple\u2019s official list.`
  return {
    verdict: kind,
    input,
    e164: verdict.e164,
    display: verdict.display,
    country: verdict.country,
    message,
    reasons: verdict.reasons,
    official: verdict.official,
    imitates: verdict.imitates,
    alternatives: verdict.alternatives,
    extension: dial.extension,
  }
}

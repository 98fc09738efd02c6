// One verdict for one number found on a page: the step the background worker runs for the
// content script and the CLI runs for `truedial scan`, so both judge pages the same way.

import type { DigitGroup } from './candidates'
import { resolveNumber } from './phone'
import { candidateRegions, pageRegion, type RegionHints } from './region'
import type { RegistryIndex } from './registry-index'
import { judge, type Verdict } from './verdict'
import { englishTranslate, type Translate } from './i18n'

/** What the content script sends per number: plain data, no DOM. */
export interface FindingRequest {
  text: string
  digits: string
  plus: boolean
  groups: DigitGroup[]
  disguises: number
  link: { digits: string; plus: boolean } | null
  redFlags: string[]
  nearbyText: string
  lang: string | null
}

export interface PageHints {
  url: string | null
  /** The user's region override from settings or --region. */
  region?: string | null
  userLocale?: string | null
}

export interface FindingVerdict extends Verdict {
  /** Number of the finding's digit groups the number used (the badge goes after them). */
  groupsUsed: number
}

/** The verdict for a claimed number, or null when the digits are no valid phone number anywhere. `t` words the reasons. */
export function verdictForFinding(index: RegistryIndex, finding: FindingRequest, page: PageHints, t: Translate = englishTranslate): FindingVerdict | null {
  const hints: RegionHints = {
    override: page.region ?? null,
    url: page.url,
    lang: finding.lang,
    nearbyText: finding.nearbyText,
    userLocale: page.userLocale ?? null,
  }
  const regions = candidateRegions(hints)
  const shown = resolveNumber({ digits: finding.digits, plus: finding.plus, groups: finding.groups }, regions, index)
  const region = pageRegion(hints)
  if (finding.link) {
    const target = resolveNumber({ digits: finding.link.digits, plus: finding.link.plus }, regions, index)
    if (target && shown) {
      return { ...judge(index, { number: target, linkShows: shown, disguises: finding.disguises, redFlags: finding.redFlags, pageRegion: region }, t), groupsUsed: shown.groupsUsed }
    }
  }
  if (!shown) return null
  return { ...judge(index, { number: shown, disguises: finding.disguises, redFlags: finding.redFlags, pageRegion: region }, t), groupsUsed: shown.groupsUsed }
}

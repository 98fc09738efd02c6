// How a verdict is shown, the same in the in-page badge and the popup: icon and words together,
// so a verdict never rests on colour alone. Words are message keys (public/_locales). Small and
// free of the verdict engine (no phone metadata): the content script imports it on every page.
import type { VerdictKind } from './verdict'

/** The verdict a page finding gets, as the content script and popup see it. */
export type BadgeVerdict = VerdictKind | 'unverified' | 'trusted'

/** The verdicts that put up a red badge and count as warnings (an unconfirmed, unverified or trusted number is not one). */
export const RED_VERDICTS: ReadonlySet<BadgeVerdict> = new Set<BadgeVerdict>(['spoofed', 'lookalike', 'mismatch'])

/**
 * Verdicts a user may override with "Trust this number" (their own repair shop, their carrier):
 * never an official number (it is already), never a link that dials another number than it shows.
 */
export const TRUSTABLE: ReadonlySet<BadgeVerdict> = new Set<BadgeVerdict>(['spoofed', 'lookalike', 'unconfirmed'])

export interface VerdictWords {
  icon: string
  /** Short label: on the badge and beside a finding in the popup. */
  label: string
  /** The badge button's name for screen readers ($1: the number as the page shows it). */
  aria: string
  /** The headline of the badge's explanation. */
  headline: string
}

export const VERDICT_WORDS: Readonly<Record<BadgeVerdict, VerdictWords>> = {
  spoofed: { icon: '⚠', label: 'verdictLabelSpoofed', aria: 'badgeAriaSpoofed', headline: 'badgeHeadlineSpoofed' },
  lookalike: { icon: '⚠', label: 'verdictLabelLookalike', aria: 'badgeAriaLookalike', headline: 'badgeHeadlineLookalike' },
  mismatch: { icon: '⚠', label: 'verdictLabelMismatch', aria: 'badgeAriaMismatch', headline: 'badgeHeadlineMismatch' },
  // Neutral, never red: not on a list TrueDial knows to be incomplete (or listed on weak evidence).
  unconfirmed: { icon: 'ℹ', label: 'badgeUnconfirmed', aria: 'badgeAriaUnconfirmed', headline: 'badgeHeadlineUnconfirmed' },
  official: { icon: '✓', label: 'verdictLabelOfficial', aria: 'badgeAriaOfficial', headline: 'badgeHeadlineOfficial' },
  unverified: { icon: '?', label: 'verdictLabelUnverified', aria: 'badgeAriaUnverified', headline: 'badgeHeadlineUnverified' },
  trusted: { icon: '✓', label: 'verdictLabelTrusted', aria: 'badgeAriaTrusted', headline: 'badgeHeadlineTrusted' },
}

/** Apple's own page of support contacts: where the badge and the popup send people instead. */
export const SUPPORT_URL = 'https://support.apple.com/contact'

/** An official number with its vanity form when that says more: "1-800-275-2273 (1-800-MY-APPLE)". */
export function withVanity(n: { display: string; vanity: string | null }): string {
  return n.vanity && !n.display.includes(n.vanity) ? `${n.display} (${n.vanity})` : n.display
}

// The words the popup uses for each verdict: the same as the in-page badge, icon and text
// together so the verdict never rests on colour alone. `label` is a message key (_locales).
import type { BadgeVerdict } from '../../messages'

export const VERDICT_WORDS: Record<BadgeVerdict, { icon: string; label: string }> = {
  spoofed: { icon: '⚠', label: 'verdictLabelSpoofed' },
  lookalike: { icon: '⚠', label: 'verdictLabelLookalike' },
  mismatch: { icon: '⚠', label: 'verdictLabelMismatch' },
  unconfirmed: { icon: 'ℹ', label: 'badgeUnconfirmed' },
  official: { icon: '✓', label: 'verdictLabelOfficial' },
  unverified: { icon: '?', label: 'verdictLabelUnverified' },
  trusted: { icon: '✓', label: 'verdictLabelTrusted' },
}

/**
 * Flagged first, then what TrueDial cannot confirm (neutral, not a warning), then what could not
 * be checked at all, then the user's own and Apple's numbers.
 */
export const VERDICT_ORDER: Record<BadgeVerdict, number> = {
  spoofed: 0,
  lookalike: 0,
  mismatch: 0,
  unconfirmed: 1,
  unverified: 2,
  trusted: 3,
  official: 4,
}

export function isFlagged(v: BadgeVerdict): boolean {
  return VERDICT_ORDER[v] === 0
}

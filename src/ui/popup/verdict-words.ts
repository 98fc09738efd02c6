// The words the popup uses for each verdict: the same as the in-page badge, icon and text
// together so the verdict never rests on colour alone. `label` is a message key (_locales).
import type { BadgeVerdict } from '../../messages'

export const VERDICT_WORDS: Record<BadgeVerdict, { icon: string; label: string }> = {
  spoofed: { icon: '⚠', label: 'verdictLabelSpoofed' },
  lookalike: { icon: '⚠', label: 'verdictLabelLookalike' },
  mismatch: { icon: '⚠', label: 'verdictLabelMismatch' },
  official: { icon: '✓', label: 'verdictLabelOfficial' },
  unverified: { icon: '?', label: 'verdictLabelUnverified' },
  trusted: { icon: '✓', label: 'verdictLabelTrusted' },
}

/** Flagged first, then what could not be checked, then the user's own and Apple's numbers. */
export const VERDICT_ORDER: Record<BadgeVerdict, number> = {
  spoofed: 0,
  lookalike: 0,
  mismatch: 0,
  unverified: 1,
  trusted: 2,
  official: 3,
}

export function isFlagged(v: BadgeVerdict): boolean {
  return VERDICT_ORDER[v] === 0
}

// Findings as the page scanner reports them, made by hand for the content script's parts.
import type { ScanFinding } from '../../src/core/page-scan'
import type { PageVerdict } from '../../src/messages'

/** A finding of `text` (its digits are its number) claimed by `words`, at `anchor`. */
export function finding(text: string, more: Partial<ScanFinding> = {}): ScanFinding {
  const digits = text.replace(/\D/g, '')
  const anchor = more.anchor ?? ({} as Node)
  return {
    text,
    digits,
    plus: text.trim().startsWith('+'),
    groups: [{ digits, end: text.length }],
    extension: null,
    disguises: 0,
    link: null,
    claim: { words: 'Apple Support: call …', where: 'sentence' } as ScanFinding['claim'],
    imitation: null,
    redFlags: [],
    nearbyText: 'Apple Support: call ',
    lang: null,
    anchor,
    copy: 0,
    startNode: anchor,
    startOffset: 0,
    endNode: anchor,
    endOffset: 0,
    ...more,
  }
}

/** The verdict a scam number gets, for the e164 of `digits`. */
export function spoofedVerdict(digits: string): PageVerdict {
  return { verdict: 'spoofed', detail: { e164: `+${digits}` } as PageVerdict['detail'] }
}

// Does a text claim to be Apple support? Brand terms ("Apple", "iCloud", "苹果") together with
// support terms ("helpline", "客服", "Kundendienst"), in any of the registry's languages. The
// lexicon is registry data: the background compiles it into regular-expression sources
// (plain strings, so they cross the message boundary), the content script builds a detector.

import type { RegistryPayload } from './registry-types'

export interface LexiconPatterns {
  brand: string
  support: string
  redFlags: string
}

// Scripts written without spaces between words: terms match anywhere inside a word.
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Hangul}]/u
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

function termPattern(term: string, kind: 'brand' | 'support' | 'flag'): string {
  const t = term.trim()
  if (UNSPACED.test(t)) return t.split(/\s+/).map(escape).join('\\s*')
  // Words of a phrase may be joined by spaces, hyphens, dots or nothing: "Apple ID", "AppleID".
  const body = t.split(/[\s\-‐]+/).map(escape).join('[\\s\\-_.]*')
  // Inflections: "calls", "calling", "helped"; brand names only take a plural or possessive.
  const suffix = kind === 'brand' ? "(?:s|'s|’s)?" : t.length >= 4 ? '\\p{L}{0,3}' : '(?:s)?'
  return `(?<![\\p{L}\\p{N}])${body}${suffix}(?![\\p{L}\\p{N}])`
}

function alternation(terms: Iterable<string>, kind: 'brand' | 'support' | 'flag'): string {
  // Longest first, so "AppleCare" wins over "Apple" and the matched term is the telling one.
  const unique = [...new Set([...terms].map((t) => t.trim()).filter((t) => t.length > 0))]
  unique.sort((a, b) => b.length - a.length)
  return unique.length === 0 ? '(?!)' : unique.map((t) => termPattern(t, kind)).join('|')
}

/** Compiles the registry's lexicon (every organisation, every language) into pattern sources. */
export function compileLexicon(payload: Pick<RegistryPayload, 'organisations' | 'redFlags'>): LexiconPatterns {
  const brand: string[] = []
  const support: string[] = []
  for (const org of payload.organisations) {
    for (const terms of Object.values(org.lexicon.brand)) brand.push(...terms)
    for (const terms of Object.values(org.lexicon.support)) support.push(...terms)
  }
  const flags: string[] = []
  for (const terms of Object.values(payload.redFlags)) flags.push(...terms)
  return { brand: alternation(brand, 'brand'), support: alternation(support, 'support'), redFlags: alternation(flags, 'flag') }
}

// Invisible characters scam text hides inside words ("Ap\u200bple").
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff\u00ad\u034f\u180e]/g
// Single letters strung together with one repeated separator: "A.p.p.l.e", "h-e-l-p-l-i-n-e",
// "c.u.s.t.o.m.e.r c.a.r.e". Linear: every step consumes a separator and a letter.
const SPACED_LETTERS = /(?<![\p{L}\p{N}])\p{L}([.\-_·•*'’ ])\p{L}(?:\1\p{L})+(?![\p{L}\p{N}])/gu
const SEPARATOR_CHARS = /[.\-_·•*'’ ]/g

/** Undoes the letter-spacing and invisible characters scam text uses to dodge keyword filters. */
export function deobfuscate(text: string): string {
  return text.replace(INVISIBLE, '').replace(SPACED_LETTERS, (m) => m.replace(SEPARATOR_CHARS, ''))
}

export interface Claim {
  brand: string | null
  support: string | null
}

export class ClaimDetector {
  readonly #brand: RegExp
  readonly #support: RegExp
  readonly #redFlags: RegExp

  constructor(patterns: LexiconPatterns) {
    this.#brand = new RegExp(patterns.brand, 'iu')
    this.#support = new RegExp(patterns.support, 'iu')
    this.#redFlags = new RegExp(patterns.redFlags, 'giu')
  }

  /** The page-level prefilter: any brand term at all. */
  hasBrand(text: string): boolean {
    return this.#brand.test(text) || this.#brand.test(deobfuscate(text))
  }

  /** Brand and support terms in the text (each null when absent). */
  claimIn(text: string): Claim {
    const plain = deobfuscate(text)
    return {
      brand: this.#brand.exec(plain)?.[0] ?? null,
      support: this.#support.exec(plain)?.[0] ?? null,
    }
  }

  /** Distinct scam red flags in the text, as written. */
  redFlagsIn(text: string): string[] {
    const found = new Set<string>()
    this.#redFlags.lastIndex = 0
    for (const m of deobfuscate(text).matchAll(this.#redFlags)) {
      found.add(m[0].toLowerCase())
      if (found.size >= 8) break
    }
    return [...found]
  }
}

/** True when brand and support terms both occur in the combined texts. */
export function claims(detector: ClaimDetector, ...texts: Array<string | null | undefined>): Claim | null {
  let brand: string | null = null
  let support: string | null = null
  for (const text of texts) {
    if (!text) continue
    const c = detector.claimIn(text)
    brand ??= c.brand
    support ??= c.support
    if (brand && support) return { brand, support }
  }
  return null
}

// Does a text claim to be Apple support? Brand terms ("Apple", "iCloud", "苹果") together with
// support terms ("helpline", "客服", "Kundendienst"), in any of the registry's languages. The
// lexicon is registry data: the background collects the terms, the content script builds a
// detector from them.
//
// Performance note (see BENCHMARKS.md): one big Unicode regular expression per kind, with
// lookbehind word boundaries, cost 0.5-1.2 s to compile on every page. Terms are therefore
// matched by WORD LOOKUP in a Map (spaced scripts) and by substring search (scripts written
// without spaces); the only page-wide pass is a literal, non-Unicode prefilter for brand words.
// Do not "simplify" this back into one regex.

import { escape, INVISIBLE_CLASS, lowerForTerms, SEPARATOR_CLASS, SEPARATORS, UNSPACED } from './brand-prefilter'
import type { RegistryPayload } from './registry-types'
import { lazyRegExp } from './lazy-regexp'

export interface LexiconTerms {
  brand: string[]
  support: string[]
  redFlags: string[]
}

/** Collects the registry's terms (every organisation, every language), deduplicated. */
export function collectLexicon(payload: Pick<RegistryPayload, 'organisations' | 'redFlags'>): LexiconTerms {
  const brand = new Set<string>()
  const support = new Set<string>()
  const redFlags = new Set<string>()
  for (const org of payload.organisations) {
    for (const terms of Object.values(org.lexicon.brand)) for (const t of terms) brand.add(t.trim())
    for (const terms of Object.values(org.lexicon.support)) for (const t of terms) support.add(t.trim())
  }
  for (const terms of Object.values(payload.redFlags)) for (const t of terms) redFlags.add(t.trim())
  const clean = (s: Set<string>): string[] => [...s].filter((t) => t.length > 0)
  return { brand: clean(brand), support: clean(support), redFlags: clean(redFlags) }
}

// Built on first use (lazy-regexp.ts): a page that never names the brand needs none of them.
const word = lazyRegExp(String.raw`[\p{L}\p{N}'’]+`, 'gu')
const letterOrDigit = lazyRegExp(String.raw`[\p{L}\p{N}]`, 'u')

type Kind = 'brand' | 'support' | 'flag'

interface TermTable {
  /** First word (lowercase) → the remaining words of each term starting with it. */
  words: Map<string, string[][]>
  /**
   * The first PREFIX characters of every first word, and PREFIX itself (at most 3, at most the
   * shortest first word). Every form of a page word is a start of it (forms() only cuts endings),
   * so a word whose start is not here matches nothing and costs no forms() at all.
   */
  starts: Set<string>
  prefix: number
  /** Lowercase terms in unspaced scripts, searched as substrings. */
  substrings: string[]
}

function table(terms: string[]): TermTable {
  const words = new Map<string, string[][]>()
  const substrings: string[] = []
  const add = (parts: string[]): void => {
    const [first, ...rest] = parts
    if (!first) return
    const list = words.get(first)
    if (list) list.push(rest)
    else words.set(first, [rest])
  }
  for (const term of terms) {
    const lower = term.toLowerCase()
    if (UNSPACED.test(lower)) {
      substrings.push(lower.replace(/\s+/g, ''))
      continue
    }
    const parts = lower.match(word()) ?? []
    add(parts)
    // "Apple ID" is also written "AppleID", "customer care" "customercare".
    if (parts.length > 1) add([parts.join('')])
  }
  let prefix = 3
  for (const first of words.keys()) prefix = Math.min(prefix, first.length)
  const starts = new Set([...words.keys()].map((first) => first.slice(0, prefix)))
  return { words, substrings, starts, prefix }
}

/** Forms of a word to look up: itself and, for inflected kinds, the word minus a short ending. */
function forms(word: string, kind: Kind): string[] {
  const out = [word]
  if (word.endsWith("'s") || word.endsWith('’s')) out.push(word.slice(0, -2))
  if (kind === 'brand') {
    if (word.length > 3 && word.endsWith('s')) out.push(word.slice(0, -1))
    // A suffix after an apostrophe: "Apple'ın", "Apple'a" (Turkish), "Apple’s".
    const apostrophe = Math.max(word.indexOf("'"), word.indexOf('’'))
    if (apostrophe >= 3) out.push(word.slice(0, apostrophe))
  } else {
    // "calls", "calling", "helped": stems of at least four letters.
    for (let k = 1; k <= 3 && word.length - k >= 4; k++) out.push(word.slice(0, -k))
  }
  return out
}

interface Word {
  text: string
  start: number
  end: number
}

function wordsOf(lower: string): Word[] {
  const out: Word[] = []
  const WORD = word()
  WORD.lastIndex = 0
  for (let m = WORD.exec(lower); m; m = WORD.exec(lower)) out.push({ text: m[0], start: m.index, end: m.index + m[0].length })
  return out
}

/** Every term of the table in the (lowercased) text, as written there; stops after `max`. `words`: the text's words, if already split. */
function findTerms(lower: string, t: TermTable, kind: Kind, max: number, words?: Word[]): string[] {
  const found: string[] = []
  // Substrings are terms of scripts written without spaces: text with no such letter holds none
  // (one test instead of a search per term, and the tables hold a hundred of them).
  const unspaced = t.substrings.length > 0 && UNSPACED.test(lower)
  for (const s of unspaced ? t.substrings : []) {
    if (lower.includes(s)) {
      found.push(s)
      if (found.length >= max) return found
    }
  }
  if (t.words.size === 0) return found
  words ??= wordsOf(lower)
  const { starts, prefix } = t
  for (let i = 0; i < words.length; i++) {
    const text = words[i]!.text
    if (text.length < prefix || !starts.has(text.slice(0, prefix))) continue
    for (const form of forms(text, kind)) {
      const rests = t.words.get(form)
      if (!rests) continue
      for (const rest of rests) {
        // The rest of a phrase: exact words, the last one possibly inflected.
        let ok = true
        for (let k = 0; k < rest.length && ok; k++) {
          const w = words[i + 1 + k]
          if (!w) ok = false
          else if (k === rest.length - 1) ok = forms(w.text, kind).includes(rest[k]!)
          else ok = w.text === rest[k]
        }
        if (ok) {
          const last = words[i + rest.length]!
          found.push(lower.slice(words[i]!.start, last.end))
          if (found.length >= max) return found
        }
      }
    }
  }
  return found
}

// Invisible characters scam text hides inside words ("Ap\u200bple").
const INVISIBLE = new RegExp(INVISIBLE_CLASS, 'g')
// Single letters strung together with one repeated separator: "A.p.p.l.e", "h-e-l-p-l-i-n-e",
// "c.u.s.t.o.m.e.r c.a.r.e". Linear: every step consumes a separator and a letter.
const spacedLetters = lazyRegExp(`(?<![\\p{L}\\p{N}])\\p{L}(${SEPARATOR_CLASS})\\p{L}(?:\\1\\p{L}){1,63}(?![\\p{L}\\p{N}])`, 'gu')
const SEPARATOR_CHARS = new RegExp(SEPARATOR_CLASS, 'g')
// Cheap test (no Unicode tables) for text that may need deobfuscation at all.
const NOT_SEPARATOR = `[^\\s${SEPARATORS.trim().replace('-', '\\-')}]`
const MAYBE_OBFUSCATED = new RegExp(`${INVISIBLE_CLASS}|${NOT_SEPARATOR}(${SEPARATOR_CLASS})${NOT_SEPARATOR}\\1${NOT_SEPARATOR}`)

/** Undoes the letter-spacing and invisible characters scam text uses to dodge keyword filters. */
export function deobfuscate(text: string): string {
  if (!MAYBE_OBFUSCATED.test(text)) return text
  return text.replace(INVISIBLE, '').replace(spacedLetters(), (m) => m.replace(SEPARATOR_CHARS, ''))
}

export interface Claim {
  brand: string | null
  support: string | null
}

/**
 * Any term's first word or substring, case-insensitive, anywhere: a superset test. Stems are cut
 * to four letters so inflected forms ("calling") still hit. No Unicode mode: it compiles fast.
 */
function anyOf(t: TermTable): RegExp {
  const parts = new Set<string>(t.substrings)
  for (const first of t.words.keys()) parts.add(first.length > 4 ? first.slice(0, 4) : first)
  return parts.size === 0 ? /(?!)/ : new RegExp([...parts].sort((a, b) => b.length - a.length).map(escape).join('|'), 'i')
}

export class ClaimDetector {
  readonly #terms: LexiconTerms
  readonly #brand: TermTable
  // Built on first use: a page with no brand word never needs them.
  #supportTable: TermTable | null = null
  #flagsTable: TermTable | null = null
  #supportAnyRe: RegExp | null = null
  /** Literal prefilter for brand words: first words and unspaced terms, no Unicode mode. */
  readonly #brandPrefilter: RegExp | null
  /** The same for support words: with the brand one, a cheap superset test of claimIn(). */
  readonly #brandAny: RegExp

  constructor(terms: LexiconTerms) {
    this.#terms = terms
    this.#brand = table(terms.brand)
    const literals = new Set<string>([...this.#brand.substrings, ...this.#brand.words.keys()])
    this.#brandPrefilter = literals.size > 0 ? new RegExp([...literals].sort((a, b) => b.length - a.length).map(escape).join('|'), 'g') : null
    this.#brandAny = anyOf(this.#brand)
  }

  get #support(): TermTable {
    return (this.#supportTable ??= table(this.#terms.support))
  }

  get #flags(): TermTable {
    return (this.#flagsTable ??= table(this.#terms.redFlags))
  }

  get #supportAny(): RegExp {
    return (this.#supportAnyRe ??= anyOf(this.#support))
  }

  /**
   * A cheap test that is true whenever claimIn() could find both a brand and a support term in
   * the text (it may also be true when it would not): lets the scanner skip long text fast.
   */
  mayClaim(text: string): boolean {
    return MAYBE_OBFUSCATED.test(text) || (this.#brandAny.test(text) && this.#supportAny.test(text))
  }

  /**
   * Any brand term at all: what "the text names the brand" means. The content script's first
   * check (BrandPrefilter) is held to never say no where this says yes. Linear.
   */
  hasBrand(text: string): boolean {
    const lower = lowerForTerms(deobfuscate(text))
    const re = this.#brandPrefilter
    if (!re) return false
    re.lastIndex = 0
    for (let m = re.exec(lower); m; m = re.exec(lower)) {
      const at = m.index
      // A hit inside a longer word ("machine" for "mac") is not a brand word: confirm it.
      if (UNSPACED.test(m[0])) return true
      if (at > 0 && letterOrDigit().test(lower[at - 1]!)) continue
      // The word goes on ("machine", "approach"): only a plural or possessive can still be a brand.
      const next = lower[at + m[0].length]
      if (next && next !== 's' && next !== "'" && next !== '’' && letterOrDigit().test(next)) continue
      // A window of the text from the hit, ending between words: a word cut at its end could read
      // as a term ("Applecall" cut to "Apple"). If the hit's own word runs past it, that word is no term.
      const inWord = (i: number): boolean => i < lower.length && letterOrDigit().test(lower[i]!) && letterOrDigit().test(lower[i - 1]!)
      let stop = at + 80
      while (stop > at + m[0].length && inWord(stop)) stop--
      if (inWord(stop)) continue
      if (findTerms(lower.slice(at, stop), this.#brand, 'brand', 1).length > 0) return true
    }
    return false
  }

  /** Brand and support terms in the text (each null when absent). */
  claimIn(text: string): Claim {
    const lower = lowerForTerms(deobfuscate(text))
    // Split into words once for both kinds.
    const words = wordsOf(lower)
    return {
      brand: findTerms(lower, this.#brand, 'brand', 1, words)[0] ?? null,
      support: findTerms(lower, this.#support, 'support', 1, words)[0] ?? null,
    }
  }

  /** Distinct scam red flags in the text. */
  redFlagsIn(text: string): string[] {
    return [...new Set(findTerms(lowerForTerms(deobfuscate(text)), this.#flags, 'flag', 16))].slice(0, 8)
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

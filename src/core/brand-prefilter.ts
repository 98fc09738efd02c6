// The one check every page pays: could this text name the brand at all? A superset test of what
// the scanner reads as a brand (ClaimDetector.read(), which claim-scope.ts decides claims with):
// whenever that finds a brand term, this says yes (property tests hold it to that). It needs no lexicon tables and no Unicode-mode regular expression, and its two
// regular expressions are small: a few literal anchors ("app", "mac", "icloud", "苹果"…). Compiling
// a pattern of every term costs a page 5-15 ms (measured in Chromium); the anchors cost about as
// much as the benchmark's floor. A hit only means "look closer": the scanner then checks each
// number's surroundings precisely.
//
// The content script carries the prefilter of the bundled registry's brand terms, worked out at
// build time. A registry update's new brand words count on pages that also name the brand the
// bundled way (the scanner then gets the active registry's lexicon from the background).

// Scripts written without spaces between words: their terms match anywhere.
export const UNSPACED = /[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af\u1100-\u11ff]/
/** Separators scam text puts between single letters ("A.p.p.l.e"): deobfuscate() in claims.ts undoes the same ones. */
export const SEPARATORS = ".-_·•*'’ "
/** The separators as a character class. */
export const SEPARATOR_CLASS = `[${SEPARATORS.replace('-', '\\-')}]`
/** Invisible characters scam text hides inside words ("Ap\u200bple"), as a character class; claims.ts drops the same ones. */
export const INVISIBLE_CLASS = '[\\u200b-\\u200d\\u2060\\ufeff\\u00ad\\u034f\\u180e]'
const INVISIBLE_ALL = new RegExp(INVISIBLE_CLASS, 'g')
const INVISIBLE_ONE = new RegExp(INVISIBLE_CLASS)

/**
 * Text without invisible characters, as the detector reads it ("Ap\u200bple" is "Apple", however
 * many there are), and the node starts moved along with it. The same array when there are none.
 */
export function withoutInvisible(text: string, starts: readonly number[] = []): [string, number[]] {
  if (!INVISIBLE_ONE.test(text)) return [text, starts as number[]]
  const moved: number[] = []
  let removed = 0
  let p = 0
  for (const s of starts) {
    for (; p < s && p < text.length; p++) if (INVISIBLE_ONE.test(text[p]!)) removed++
    moved.push(s - removed)
  }
  return [text.replace(INVISIBLE_ALL, ''), moved]
}

export const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Letters and digits of Latin and Cyrillic text, by code unit: no Unicode tables needed. */
function isWordChar(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) ||
    (c >= 0x400 && c <= 0x481) ||
    (c >= 0x48a && c <= 0x4ff) ||
    // The Kelvin and ångström signs lowercase to k and å.
    c === 0x212a ||
    c === 0x212b
  )
}

/**
 * Lower case for term lookup, here and in claims.ts. "İ" (Turkish capital I) lowercases to "i" and
 * a combining dot, which would split "İPHONE" into two words: the dot goes.
 */
export function lowerForTerms(text: string): string {
  const lower = text.toLowerCase()
  return lower.includes('\u0307') ? lower.replace(/\u0307/g, '') : lower
}

/** An anchor as a pattern: escaped, and its "i" also matching "İ" (the i flag does not fold it). */
function anchorPattern(chars: string): string {
  return escape(chars).replace(/i/g, '[iİ]')
}

/** Arabic letters (not marks): a literal such as "ماك" inside a longer Arabic word is another word. */
function isArabicLetter(c: number): boolean {
  return (c >= 0x621 && c <= 0x63a) || (c >= 0x641 && c <= 0x64a)
}

/**
 * Where the next word may begin after a word that ends at `i`: at `i`, and past a suffix after an
 * apostrophe ("App's Store", Turkish "Genius'un Bar"; the detector cuts any such suffix), which a
 * node start may also end ("App's" | "Store").
 */
function afterSuffix(text: string, i: number, starts?: readonly number[]): number[] | null {
  if (!isApostrophe(text.charCodeAt(i))) return [i]
  // The detector's word runs on over letters, digits and further apostrophes ("App'x'y"). A
  // suffix longer than MAX_SUFFIX is a "maybe": reading on would cost a walk per hit.
  let end = i + 1
  while (end < text.length && (isWordChar(text.charCodeAt(end)) || isApostrophe(text.charCodeAt(end)))) if (++end - i > MAX_SUFFIX) return null
  const out = [i, end]
  if (starts) {
    for (let j = firstAbove(starts, i + 1); j < starts.length && starts[j]! < end; j++) {
      // Split into more pieces than the prefilter works out: "maybe".
      if (out.push(starts[j]!) > MAX_PIECES + 2) return null
    }
  }
  return out
}

function isApostrophe(c: number): boolean {
  return c === 0x27 || c === 0x2019
}

/** Could be a letter of any script: not a space, an ASCII digit, a separator or ASCII punctuation. */
function isLetterish(c: number): boolean {
  // NaN (past the end of the text) is no letter either.
  if (!(c > 0x40) || (c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7e)) return false
  if (c === 0xa0 || c === 0xb7 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2019 || c === 0x2022 || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff) return false
  return true
}

/** Text in a script this module cannot split into words (Arabic, Greek, CJK…): matched literally. */
function otherScript(term: string): boolean {
  for (let i = 0; i < term.length; i++) {
    const c = term.charCodeAt(i)
    if ((c >= 0x250 && c < 0x400) || c > 0x4ff) return true
  }
  return false
}

/** Latin/Cyrillic words of a term; a possessive "'s" is dropped ("Apple's" is "apple"). */
function splitWords(lower: string): string[] {
  const out: string[] = []
  let word = ''
  for (let i = 0; i <= lower.length; i++) {
    const c = i < lower.length ? lower.charCodeAt(i) : 0
    if (i < lower.length && isWordChar(c)) {
      word += lower[i]
      continue
    }
    if (word) out.push(word)
    word = ''
    // "apple's": the s after an apostrophe is no word of its own.
    if ((c === 0x27 || c === 0x2019) && lower[i + 1] === 's' && !isWordChar(lower.charCodeAt(i + 2))) i++
  }
  return out
}

/** The forms a page word may take for a term's word: itself, or a plural ("iPhones"). */
function forms(word: string): string[] {
  return word.length > 3 && word.endsWith('s') ? [word, word.slice(0, -1)] : [word]
}

/** The index of the first of the ascending `sorted` that is above `x` (its length when none is). */
export function firstAbove(sorted: readonly number[], x: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (sorted[mid]! <= x) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * Text nodes a word may be split into before the prefilter stops working out which pieces make a
 * word and says "maybe": a page of one-letter nodes must not cost it quadratic time.
 */
const MAX_PIECES = 8
/** Letters after an apostrophe read as a suffix ("'s", Turkish "'ın", "'un"); longer is a "maybe". */
const MAX_SUFFIX = 32

/** Where a letter-spaced alternative repeats its separator; trie() numbers the groups. */
const BACKREFERENCE = '\\@'

/**
 * Alternatives (first letter, rest) as one pattern grouped by first letter ("a(?:pp|irpods|…)"):
 * the regex engine then looks at each position once per first letter, not once per word. A 200
 * KB page costs half as much as with a flat alternation (measured in V8).
 */
function trie(alternatives: Array<[string, string]>): string {
  const byFirst = new Map<string, string[]>()
  for (const [first, rest] of alternatives) byFirst.set(first, [...(byFirst.get(first) ?? []), rest])
  let group = 0
  // Groups are numbered across the whole pattern: each spaced alternative repeats its own.
  const numbered = (rest: string): string => (rest.includes(BACKREFERENCE) ? rest.replaceAll(BACKREFERENCE, `\\${++group}`) : rest.startsWith('(') ? (group++, rest) : rest)
  return [...byFirst]
    .map(([first, rests]) => (rests.length === 1 && rests[0] === '' ? first : `${first}(?:${rests.map(numbered).join('|')})`))
    .join('|')
}

/** What the prefilter is made of: plain data, so it can be worked out at build time. */
export interface PrefilterData {
  /**
   * The search, as patterns used with the `gi` flags, one after the other: Latin and Cyrillic
   * anchors, then other scripts and invisible characters. One pattern of both costs a 200 KB
   * page more than the two (measured in V8). Empty when there are no terms.
   */
  patterns: string[]
  /** Whole words that are a term (single-word terms and multi-word terms written joined: "appleid"). */
  single: string[]
  /** First word → the rest of each multi-word term ("app" → ["store"]). */
  phrases: Array<[string, string[][]]>
  /** Terms in unspaced and other scripts, matched as they are ("苹果", "ماك"). */
  literals: string[]
  /** Arabic words that are a term or start one, also written joined ("ماك", "ماكبوك"). */
  arabic: string[]
}

/** Works out the prefilter for a list of brand terms (the build does this once for the bundled registry). */
export function compilePrefilter(terms: readonly string[]): PrefilterData {
  const literals = new Set<string>()
  const arabic = new Set<string>()
  const anchors = new Set<string>()
  const single = new Set<string>()
  const singleWords = new Set<string>()
  const phraseList: string[][] = []
  for (const term of terms) {
    const lower = term.trim().toLowerCase()
    if (!lower) continue
    if (UNSPACED.test(lower)) {
      literals.add(lower.replace(/\s+/g, ''))
      continue
    }
    if (otherScript(lower)) {
      // Spaced words this module cannot split (Arabic, Greek): the first word is always there.
      const words = lower.split(/\s+/)
      literals.add(words[0]!)
      if (isArabicLetter(lower.charCodeAt(0))) {
        arabic.add(words[0]!)
        arabic.add(words.join(''))
      }
      continue
    }
    const words = splitWords(lower)
    if (words.length === 0) continue
    single.add(words.join(''))
    if (words.length === 1) singleWords.add(words[0]!)
    else phraseList.push(words)
  }
  const phrases = new Map<string, string[][]>()
  for (const words of phraseList) {
    const list = phrases.get(words[0]!) ?? []
    list.push(words.slice(1))
    phrases.set(words[0]!, list)
    // "Soporte técnico de Apple" holds "Apple", a term of its own: wherever the phrase is, that
    // word is too, so the phrase needs no anchor ("soporte" would hit every support page).
    if (!words.some((w) => forms(w).some((f) => singleWords.has(f)))) anchors.add(words[0]!)
  }
  for (const w of singleWords) anchors.add(w)
  // An anchor inside another ("app" in "apple") covers it: the word around a hit is read whole.
  const minimal = (set: Set<string>): string[] => [...set].filter((a) => ![...set].some((b) => b !== a && a.includes(b)))
  const literalList = minimal(literals)
  const latin = minimal(anchors)
  // Letter-spaced writing ("A.p.p.l.e", "i P h o n e", "苹.果.客.服"): each anchor's first
  // letters with one repeated separator between them; the run is then read whole. Anchors
  // only, not any three spaced letters: those are in every text ("only a few") and cost the
  // search as much again.
  // Spaced letters always take anchorPattern: an "i" among them may be written "İ".
  const alternatives = (words: string[], pattern: (chars: string) => string): Array<[string, string]> =>
    words.flatMap((a) => {
      const chars = [...a]
      const spaced = chars.slice(1, 3).map(anchorPattern)
      const plain: [string, string] = [pattern(chars[0]!), pattern(chars.slice(1).join(''))]
      return spaced.length > 0 ? [plain, [anchorPattern(chars[0]!), `(${SEPARATOR_CLASS})${spaced.join(BACKREFERENCE)}`]] : [plain]
    })
  // A pass with no words would be an empty pattern, which matches everywhere.
  const passes = [
    latin.length > 0 ? trie(alternatives(latin, anchorPattern)) : '',
    literalList.length > 0 ? trie(alternatives(literalList, anchorPattern)) : '',
  ]
  return {
    patterns: passes.filter((pass) => pass !== ''),
    single: [...single],
    phrases: [...phrases],
    literals: literalList,
    arabic: [...arabic],
  }
}

export class BrandPrefilter {
  readonly #passes: RegExp[]
  readonly #single: Set<string>
  readonly #phrases: Map<string, string[][]>
  readonly #literals: string[]
  readonly #arabic: Set<string>
  /**
   * The characters of other scripts the literal terms are written in ("苹", "א", "ऐ"), in both
   * cases: a text with none of them holds no literal term, and the literals' pass (the slower
   * one, and one that grows with every script the lexicon gains) is skipped. Null when a literal
   * has no such character (the pass always runs then).
   */
  readonly #literalChars: RegExp | null
  /** The most letters a word of a term has (a plural "s" included): node starts farther from a hit bound no term. */
  readonly #longest: number

  /** From data worked out beforehand (the content script's, at build time: no work per page). */
  constructor(data: PrefilterData) {
    this.#passes = data.patterns.map((p) => new RegExp(p, 'gi'))
    this.#single = new Set(data.single)
    this.#phrases = new Map(data.phrases)
    this.#literals = data.literals
    this.#arabic = new Set(data.arabic)
    const chars = new Set<string>()
    let everyLiteral = true
    for (const literal of data.literals) {
      let own = false
      for (const ch of literal) {
        const c = ch.codePointAt(0)!
        if (c <= 0x7f || isWordChar(c) || SEPARATORS.includes(ch)) continue
        own = true
        chars.add(ch)
        chars.add(ch.toUpperCase())
        chars.add(ch.toLowerCase())
      }
      everyLiteral &&= own
    }
    this.#literalChars = everyLiteral && chars.size > 0 ? new RegExp(`[${[...chars].map((c) => c.replace(/[\\\]^-]/g, '\\$&')).join('')}]`, 'u') : null
    let longest = 0
    for (const w of [...data.single, ...data.arabic, ...data.phrases.flatMap(([first, rests]) => [first, ...rests.flat()])]) longest = Math.max(longest, w.length + 1)
    this.#longest = longest
  }

  /**
   * True when the text may name the brand. `starts` (ascending): where the text nodes joined into
   * `text` with nothing between them begin. Each may be a word break ("below" of one block and
   * "Apple" of the next read "belowApple") or not (a word split by markup: "Ap<b>ple</b>"): the
   * answer is yes when any such reading may name the brand, so one reading of a page does.
   * Invisible characters are read as the detector reads them: not there.
   */
  test(text: string, starts?: readonly number[]): boolean {
    const [clean, moved] = withoutInvisible(text, starts)
    const last = this.#passes.length - 1
    for (let i = 0; i <= last; i++) {
      // The literals' pass is the last one: none of their characters, no literal.
      if (i === last && this.#literals.length > 0 && this.#literalChars && !this.#literalChars.test(clean)) continue
      if (this.#pass(this.#passes[i]!, clean, starts && moved)) return true
    }
    return false
  }

  /** The node starts in [from, to) (indices into `starts`; none without starts). */
  #between(starts: readonly number[] | undefined, from: number, to: number): [number, number] {
    return starts ? [firstAbove(starts, from - 1), firstAbove(starts, to - 1)] : [0, 0]
  }

  /** One pass of the search: true when one of its hits is confirmed. */
  #pass(re: RegExp, text: string, starts?: readonly number[]): boolean {
    re.lastIndex = 0
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const at = m.index
      const hit = m[0]
      if (hit.length >= 3 && SEPARATORS.includes(hit[1]!)) {
        const next = this.#spacedRun(text, at, hit[1]!, starts)
        if (next < 0) return true
        re.lastIndex = next
        continue
      }
      // Unspaced and other scripts: no word to confirm (a term may also start with Latin letters:
      // "imac苹果"), except that an Arabic literal must not sit inside a longer Arabic word
      // ("ماك" in "ماكينة").
      if (UNSPACED.test(hit)) return true
      const arabic = !isWordChar(hit.charCodeAt(0))
      if (arabic && !isArabicLetter(hit.charCodeAt(0))) return true
      const inWord = arabic ? isArabicLetter : isWordChar
      // The word around the hit, read no further than a term's length: a longer word is no term,
      // and a page of nodes glued into one endless "word" must not cost a walk over it per hit.
      const first = Math.max(0, at - this.#longest - 1)
      let start = at
      while (start > first && inWord(text.charCodeAt(start - 1))) start--
      const last = Math.min(text.length, at + hit.length + this.#longest + 1)
      let end = at + hit.length
      while (end < last && inWord(text.charCodeAt(end))) end++
      // The word may also start or end where a text node does, but not inside the hit, and only
      // near it: a term's word is at most #longest letters. A run of words with no space between
      // its nodes (a menu built without whitespace) is one long "word" with many starts.
      const [from, to] = this.#between(starts, Math.max(start + 1, at + hit.length - this.#longest), Math.min(end, at + this.#longest + 1))
      if (to - from > MAX_PIECES) return true
      const heads = [start]
      const tails = [end]
      for (let i = from; i < to; i++) {
        const s = starts![i]!
        if (s <= at) heads.push(s)
        else if (s >= at + hit.length) tails.push(s)
      }
      for (const head of heads) {
        for (const tail of tails) {
          if (tail - head > this.#longest) continue
          if (arabic ? this.#arabic.has(text.slice(head, tail)) : this.#accepts(lowerForTerms(text.slice(head, tail)), text, tail, starts)) return true
        }
      }
      // A later node inside the word may start a term of its own; else the rest of this word holds none.
      const [later] = this.#between(starts, at + 1, end)
      re.lastIndex = starts && later < starts.length && starts[later]! < end ? starts[later]! : end
    }
    return false
  }

  /**
   * A letter-spaced run ("A.p.p.l.e", "애.플.스.토.어") around a hit, read whole and collapsed:
   * -1 when it may hold a brand term, else where the search goes on.
   */
  #spacedRun(text: string, at: number, sep: string, starts?: readonly number[]): number {
    const letter = (i: number): boolean => i >= 0 && i < text.length && isLetterish(text.charCodeAt(i))
    // Back to the run's first letter: a single letter ("call A p p" starts at "A", as the
    // detector reads it); forwards generously, a longer run only gives the search more letters.
    let first = at
    while (text[first - 1] === sep && letter(first - 2) && !letter(first - 3)) first -= 2
    let last = at
    while (text[last + 1] === sep && letter(last + 2)) last += 2
    const collapse = (from: number, to: number): string => {
      let w = ''
      for (let i = from; i <= to; i += 2) w += text[i]
      return lowerForTerms(w)
    }
    const word = collapse(first, last)
    // The run as the detector may also read it: from the hit (a symbol before it is no letter to
    // the detector: "€ G e n i u s"), and ending before a letter that starts a word ("G e n i u s Bar").
    let strict = at
    while (strict < last && !letter(strict + 3)) strict += 2
    const ends = strict === last ? [last] : [last, strict]
    // A Latin or Cyrillic run ends, for the detector, at a symbol that is no letter ("A p p ★ Store").
    if (isWordChar(text.charCodeAt(at))) {
      for (let k = at + 2; k <= last; k += 2) {
        if (isWordChar(text.charCodeAt(k))) continue
        ends.push(k - 2)
        break
      }
    }
    // A node start inside the run may end it ("G.e.n.i.u.s" | ".B a r"): at the run's letter
    // before it. The search goes on from the first such start (a later anchor may be in the run
    // read apart: "a.p.p.x" | ".a.p.p Store"), else from the run's last letter (it may start a
    // word: "a b Apple"); reading the run again from each of its letters would be quadratic.
    let next = Math.max(at + 1, last)
    const [from, to] = this.#between(starts, at + 1, last + 1)
    if (to - from > MAX_PIECES) return -1
    for (let j = from; j < to; j++) {
      const s = starts![j]!
      const end = s - ((s - at) % 2 === 0 ? 2 : 1)
      if (end >= at) ends.push(end)
      if (j === from) next = s
    }
    for (const from of first === at ? [at] : [first, at]) {
      for (const to of ends) if (to >= from && this.#accepts(collapse(from, to), text, to + 1, starts)) return -1
    }
    // Spaced text runs into its neighbours ("C a l l A p p l e"): any term inside the run counts.
    for (const w of this.#single) if (word.includes(w)) return -1
    for (const w of this.#literals) if (word.includes(w)) return -1
    return next
  }

  /** Is `word` (lowercase, followed in `text` at `end` by the rest of the page) a brand term or the start of one? */
  #accepts(word: string, text: string, end: number, starts?: readonly number[]): boolean {
    for (const form of forms(word)) {
      if (this.#single.has(form)) return true
      for (const rest of this.#phrases.get(form) ?? []) {
        const next = afterSuffix(text, end, starts)
        if (!next) return true
        for (const from of next) if (this.#restFollows(rest, 0, text, from, starts)) return true
      }
    }
    return false
  }

  /** Do the words `rest[k..]` follow in `text` from `from`? A word may end where a text node starts ("Bar" | "Call"). */
  #restFollows(rest: string[], k: number, text: string, from: number, starts?: readonly number[]): boolean {
    if (k === rest.length) return true
    let i = from
    while (i < text.length && !isWordChar(text.charCodeAt(i))) i++
    const start = i
    // No further than a term word's length (see #pass).
    const stop = Math.min(text.length, start + this.#longest + 1)
    while (i < stop && isWordChar(text.charCodeAt(i))) i++
    if (i === start) return false
    const last = k === rest.length - 1
    const follows = (end: number): boolean => {
      const next = afterSuffix(text, end, starts)
      if (!next) return true
      for (const from of next) if (this.#restFollows(rest, k + 1, text, from, starts)) return true
      return false
    }
    // A letter-spaced word ("App S.t.o.r.e"): the detector reads the run as one word. Read
    // generously ("B a r c" of "B a r call") and compared by its start.
    const sep = text[i]
    if (i - start === 1 && sep !== undefined && SEPARATORS.includes(sep) && isLetterish(text.charCodeAt(i + 1))) {
      let w = text[start]!
      while (text[i] === sep && isLetterish(text.charCodeAt(i + 1))) {
        w += text[i + 1]
        i += 2
      }
      return lowerForTerms(w).startsWith(rest[k]!) && follows(i)
    }
    const ends = [i]
    const [a, b] = this.#between(starts, start + 1, Math.min(i, start + this.#longest + 1))
    if (b - a > MAX_PIECES) return true
    for (let j = a; j < b; j++) ends.push(starts![j]!)
    for (const end of ends) {
      const w = lowerForTerms(text.slice(start, end))
      if ((last ? forms(w).includes(rest[k]!) : w === rest[k]) && follows(end)) return true
    }
    return false
  }
}

/** The prefilter for a list of brand terms. */
export function brandPrefilter(terms: readonly string[]): BrandPrefilter {
  return new BrandPrefilter(compilePrefilter(terms))
}

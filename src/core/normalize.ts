// Folding of page text into a plain alphabet that phone-number finding can work on, with a map
// back to the original offsets (badges are placed on the page's own text, never on a copy).
//
// Folded alphabet: ASCII digits and letters, the separators " -._/()+", "\n" for a hard break,
// and anything else passed through unchanged (it ends a number). Every folded character maps
// to the source code unit it came from; characters folded to nothing (zero-width, soft hyphen,
// BOM, variation selectors, bidi controls) are dropped.

import { lazyRegExp } from './lazy-regexp'

/** Bits in Folded.flags: why a character counts toward "the number is disguised". */
export const DISGUISE = 1

export interface Folded {
  text: string
  /** origin[i] = index in the source of folded char i; origin[text.length] = source.length. */
  origin: number[]
  /** Per folded char: DISGUISE when the source char (or a dropped char before it) was a disguise. */
  flags: Uint8Array
}

const INVISIBLE_DISGUISE = new Set([0x200b, 0x200c, 0x200d, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xfeff, 0x00ad, 0x180e, 0x034f])
// Marks that legitimately appear around numbers (RTL pages, emoji keycaps): dropped, not suspicious.
const INVISIBLE_PLAIN = (cp: number): boolean =>
  (cp >= 0xfe00 && cp <= 0xfe0f) ||
  cp === 0x20e3 ||
  cp === 0x200e ||
  cp === 0x200f ||
  (cp >= 0x202a && cp <= 0x202e) ||
  (cp >= 0x2066 && cp <= 0x2069) ||
  cp === 0x061c

const DASHES = new Set([0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xfe58, 0xfe63, 0xff0d, 0x2043, 0x058a, 0x1806, 0x2e3a, 0x2e3b, 0x30fc, 0x2e17, 0x301c, 0xff5e])
const DOTS = new Set([0x00b7, 0x2024, 0x2027, 0x30fb, 0xff0e, 0x3002, 0x2219, 0x22c5, 0xff65, 0xfe52, 0x0701])
// Bullets and stars used as decorative separators in spam ("1✦800✦275✦2273").
const decorative = lazyRegExp(String.raw`[\p{So}\p{Sk}\u2022\u2023\u25cf\u25e6\u2043\u2219\u00a6|~\u2605\u2606]`, 'u')

// Built on first use (lazy-regexp.ts): the content script's first stage needs neither.
const nd = lazyRegExp(String.raw`\p{Nd}`, 'u')
const zeroCache = new Map<number, number>()

/** Value of a decimal digit of any script (Unicode Nd blocks are runs of 0-9). */
function ndValue(cp: number): number {
  let zero = zeroCache.get(cp)
  if (zero === undefined) {
    // Adjacent Nd blocks (mathematical digits: five styles of ten) always start at a zero,
    // so the distance from the start of the run, mod 10, is the value.
    let start = cp
    for (let i = 0; i < 64 && nd().test(String.fromCodePoint(start - 1)); i++) start--
    zero = start
    zeroCache.set(cp, zero)
  }
  return (cp - zero) % 10
}

/** Styled digits that are not Nd: circled, parenthesised, dingbat, super/subscript. */
function styledDigit(cp: number): number {
  if (cp >= 0x2460 && cp <= 0x2468) return cp - 0x2460 + 1 // ① … ⑨
  if (cp >= 0x2474 && cp <= 0x247c) return cp - 0x2474 + 1 // ⑴ … ⑼
  if (cp >= 0x2488 && cp <= 0x2490) return cp - 0x2488 + 1 // ⒈ … ⒐
  if (cp === 0x24ea || cp === 0x24ff || cp === 0x1f10b || cp === 0x1f10c) return 0 // ⓪ ⓿
  if (cp >= 0x24f5 && cp <= 0x24fd) return cp - 0x24f5 + 1 // ⓵ … ⓽
  if (cp >= 0x2776 && cp <= 0x277e) return cp - 0x2776 + 1 // ❶ … ❾
  if (cp >= 0x2780 && cp <= 0x2788) return cp - 0x2780 + 1 // ➀ … ➈
  if (cp >= 0x278a && cp <= 0x2792) return cp - 0x278a + 1 // ➊ … ➒
  if (cp >= 0x2070 && cp <= 0x2079 && cp !== 0x2071 && cp !== 0x2072 && cp !== 0x2073) return cp - 0x2070 // ⁰ ⁴-⁹
  if (cp === 0x00b9) return 1
  if (cp === 0x00b2) return 2
  if (cp === 0x00b3) return 3
  if (cp >= 0x2080 && cp <= 0x2089) return cp - 0x2080 // ₀ … ₉
  if (cp >= 0x1f101 && cp <= 0x1f10a) return cp - 0x1f101 // 🄁 … 🄊 (digit comma)
  return -1
}

const FULLWIDTH_DIGIT_0 = 0xff10

/**
 * Folds one code point. Returns the folded character ('' to drop it) and whether it is a
 * disguise. Exported for tests; fold() is the entry point.
 */
export function foldCodePoint(cp: number): [string, boolean] {
  if (cp < 0x80) {
    if (cp === 0x09 || cp === 0x0d || cp === 0x0b || cp === 0x0c) return [' ', false]
    return [String.fromCharCode(cp), false]
  }
  if (cp >= FULLWIDTH_DIGIT_0 && cp <= FULLWIDTH_DIGIT_0 + 9) return [String(cp - FULLWIDTH_DIGIT_0), false]
  if (cp >= 0xff01 && cp <= 0xff5e && cp !== 0xff0d && cp !== 0xff0e && cp !== 0xff5e) return [String.fromCharCode(cp - 0xfee0), false]
  if (INVISIBLE_DISGUISE.has(cp)) return ['', true]
  if (INVISIBLE_PLAIN(cp)) return ['', false]
  if (DASHES.has(cp)) return ['-', false]
  if (DOTS.has(cp)) return ['.', false]
  if (cp === 0x2028 || cp === 0x2029 || cp === 0x85) return ['\n', false]
  if (cp === 0x00a0 || cp === 0x3000 || (cp >= 0x2000 && cp <= 0x200a) || cp === 0x202f || cp === 0x205f || cp === 0x1680) return [' ', false]
  const ch = String.fromCodePoint(cp)
  if (nd().test(ch)) {
    // Mathematical alphanumeric digits (𝟏𝟖𝟎𝟎) are styling, not a script: a disguise.
    return [String(ndValue(cp)), cp >= 0x1d7ce && cp <= 0x1d7ff]
  }
  const styled = styledDigit(cp)
  if (styled >= 0) return [String(styled), true]
  // Letters of other scripts that look like Latin ones are left alone: vanity letters are ASCII.
  if (decorative().test(ch)) return [' ', true]
  return [ch, false]
}

/** Folds text for number finding, keeping a map back to source offsets. */
export function fold(source: string): Folded {
  let text = ''
  const origin: number[] = []
  const flagList: number[] = []
  let pendingDisguise = false
  for (let i = 0; i < source.length; ) {
    const cp = source.codePointAt(i)!
    const width = cp > 0xffff ? 2 : 1
    if (cp < 0x80 && cp !== 0x09 && cp !== 0x0d && cp !== 0x0b && cp !== 0x0c) {
      // Fast path: plain ASCII is its own fold.
      text += source[i]
      origin.push(i)
      flagList.push(pendingDisguise ? DISGUISE : 0)
      pendingDisguise = false
      i += 1
      continue
    }
    const [out, disguise] = foldCodePoint(cp)
    if (out === '') {
      pendingDisguise ||= disguise
    } else {
      text += out
      // One entry per output code unit: an astral letter (𝐀) passes through as two.
      for (let k = 0; k < out.length; k++) {
        origin.push(i)
        flagList.push(disguise || pendingDisguise ? DISGUISE : 0)
      }
      pendingDisguise = false
    }
    i += width
  }
  origin.push(source.length)
  return { text, origin, flags: Uint8Array.from(flagList) }
}

const KEYPAD: Record<string, string> = {}
for (const [digit, letters] of Object.entries({ 2: 'ABC', 3: 'DEF', 4: 'GHI', 5: 'JKL', 6: 'MNO', 7: 'PQRS', 8: 'TUV', 9: 'WXYZ' })) {
  for (const letter of letters) KEYPAD[letter] = digit
}

/** Vanity letter to keypad digit (ITU E.161): "A" → "2". Undefined for non-letters. */
export function keypadDigit(letter: string): string | undefined {
  return KEYPAD[letter.toUpperCase()]
}

/**
 * Digits of a phone-number string a person typed or pasted: folds any script's digits,
 * converts vanity letters (1-800-MY-APPLE), reads O/l/I inside digit runs as 0/1, keeps a
 * leading + and splits off an extension. Returns null when the text has no digits.
 */
export interface DialString {
  /** ASCII digits only, vanity converted. */
  digits: string
  /** True when the number was written with an international prefix (+, or 00 / 011 in the text). */
  plus: boolean
  extension: string | null
  /** Characters that were disguises: styled digits, invisible characters, look-alike letters. */
  disguises: number
  /** Vanity letters converted. */
  letters: number
}

const EXTENSION = /(?:\s*(?:,|;)?\s*(?:ext\.?|extension|ext|x|#|доб\.?|内线|分机|轉|转)\s*[:.]?\s*(\d{1,6}))\s*$/i

export function toDialString(input: string): DialString | null {
  const folded = fold(input)
  let text = folded.text.trim()
  let extension: string | null = null
  const ext = EXTENSION.exec(text)
  if (ext && ext.index > 0 && /\d/.test(text.slice(0, ext.index))) {
    extension = ext[1]!
    text = text.slice(0, ext.index)
  }
  let disguises = 0
  for (const f of folded.flags) if (f & DISGUISE) disguises++
  const plus = /^\s*\+/.test(text)
  let digits = ''
  let letters = 0
  for (let i = 0; i < text.length; ) {
    const ch = text[i]!
    if (ch >= '0' && ch <= '9') {
      digits += ch
      i++
      continue
    }
    if (!isAsciiLetter(ch)) {
      i++
      continue
    }
    let end = i
    while (end < text.length && isAsciiLetter(text[end]!)) end++
    const run = text.slice(i, end)
    const touchesDigit = isDigit(text[i - 1]) || isDigit(text[end])
    if (touchesDigit && /^[OoIl]+$/.test(run)) {
      // "8OO", "l-800": look-alike letters inside a digit run are a disguise, read as 0 / 1.
      for (const c of run) digits += c === 'O' || c === 'o' ? '0' : '1'
      disguises += run.length
    } else {
      for (const c of run) digits += keypadDigit(c)!
      letters += run.length
    }
    i = end
  }
  if (digits === '') return null
  return { digits, plus, extension, disguises, letters }
}

const isAsciiLetter = (ch: string): boolean => (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z')
const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '9'

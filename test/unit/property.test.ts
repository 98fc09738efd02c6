// Property-based tests of the text-facing core. The text comes from scam pages, so the inputs
// here are arbitrary Unicode (lone surrogates included) and strings biased towards what a
// scammer writes: digits of several scripts, separators, invisible characters, vanity words.
import { describe, it, expect, beforeAll } from 'vitest'
import fc from 'fast-check'
import { findCandidates, MAX_DIGITS, MIN_DIGITS } from '../../src/core/candidates'
import { checkNumber } from '../../src/core/check'
import { ClaimDetector, collectLexicon, deobfuscate } from '../../src/core/claims'
import { fold, toDialString } from '../../src/core/normalize'
import type { RegistryIndex } from '../../src/core/registry-index'
import { realIndex } from '../helpers/registry'

/** "The text names the brand" as the scanner reads it (claim-scope.ts, via ClaimDetector.read). */
const namesBrand = (d: ClaimDetector, text: string): boolean => d.read(text).brands.length > 0

const RUNS = 300

// ---- generators ----

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c))
const anyCodePoint = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })
const graphemeUnit = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })

const DIGITS = [
  ...'0123456789',
  ...'０１２３４５６７８９', // fullwidth
  ...'٠١٢٣٤٥٦٧٨٩', // Arabic-Indic
  ...'०१२३४५६७८९', // Devanagari
  ...'𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗', // mathematical bold
  ...'①②③⑨❶➀⁴₅¹²³',
]
const SEPARATORS = [...' -.()_/+', '\u2013', '\u00a0', '\u3000', '\uff0d', '\u2219', '✦', '\n', '\t']
const INVISIBLE = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u200e', '\u202e']
const WORDS = ['O', 'o', 'l', 'I', 'MY', 'APPLE', 'APL', 'CARE', 'Apple', 'AppleCare', 'iPhone', 'support', 'call', 'ext.', 'x', '苹果', '客服', 'A.p.p.l.e', 'ISBN', 'order #', '$', '%', '2026-11-25', ':']
const phoneUnit = fc.constantFrom(...DIGITS, ...SEPARATORS, ...INVISIBLE, ...WORDS)

/** Strings of phone-like pieces, the kind of text findCandidates really has to work on. */
const phoneLike = fc.array(phoneUnit, { maxLength: 60 }).map((parts) => parts.join(''))
/** Anything: every code point, lone surrogates, graphemes and phone-like pieces mixed. */
const hostile = fc.string({ unit: fc.oneof(anyCodePoint, loneSurrogate, graphemeUnit, phoneUnit), maxLength: 120 })

// Exact offsets hold on any text, supplementary-plane letters such as U+1D400 "𝐀" included.
const offsetSafe = fc.oneof(hostile, phoneLike)

const ASCII_DIGITS = /^[0-9]*$/

// ---- normalisation ----

describe('fold', () => {
  it('never throws and keeps a non-decreasing map into the source for any string', () => {
    fc.assert(
      fc.property(fc.oneof(hostile, phoneLike), (s) => {
        const f = fold(s)
        expect(f.flags.length).toBe(f.origin.length - 1)
        expect(f.origin[f.origin.length - 1]).toBe(s.length)
        for (let i = 0; i < f.origin.length; i++) {
          const o = f.origin[i]!
          expect(o).toBeGreaterThanOrEqual(i === 0 ? 0 : f.origin[i - 1]!)
          expect(o).toBeLessThanOrEqual(s.length)
        }
      }),
      { numRuns: RUNS },
    )
  })

  it('has one origin entry per folded character plus the end, and one flag per folded character', () => {
    fc.assert(
      fc.property(offsetSafe, (s) => {
        const f = fold(s)
        expect(f.origin.length).toBe(f.text.length + 1)
        expect(f.flags.length).toBe(f.text.length)
      }),
      { numRuns: RUNS },
    )
  })
})

describe('toDialString', () => {
  it('never throws and yields ASCII digits only', () => {
    fc.assert(
      fc.property(fc.oneof(hostile, phoneLike), (s) => {
        const d = toDialString(s)
        if (d === null) return
        expect(d.digits).toMatch(/^[0-9]+$/)
        if (d.extension !== null) expect(d.extension).toMatch(/^[0-9]{1,6}$/)
        expect(d.disguises).toBeGreaterThanOrEqual(0)
        expect(d.letters).toBeGreaterThanOrEqual(0)
      }),
      { numRuns: RUNS },
    )
  })
})

// ---- candidates ----

function expectWellFormed(s: string): void {
  const found = findCandidates(s)
  let previousEnd = 0
  for (const c of found) {
    expect(Number.isInteger(c.start) && Number.isInteger(c.end)).toBe(true)
    expect(c.start).toBeGreaterThanOrEqual(previousEnd)
    expect(c.start).toBeLessThan(c.end)
    expect(c.end).toBeLessThanOrEqual(s.length)
    expect(s.slice(c.start, c.end)).toBe(c.text)
    expect(c.digits).toMatch(ASCII_DIGITS)
    expect(c.digits.length).toBeGreaterThanOrEqual(MIN_DIGITS)
    expect(c.digits.length).toBeLessThanOrEqual(MAX_DIGITS)
    for (const g of c.groups) expect(g.digits).toMatch(ASCII_DIGITS)
    previousEnd = c.end
  }
}

describe('findCandidates', () => {
  it('never throws on any string', () => {
    fc.assert(
      fc.property(fc.oneof(hostile, phoneLike), (s) => {
        expect(Array.isArray(findCandidates(s))).toBe(true)
      }),
      { numRuns: RUNS },
    )
  })

  it('returns ordered, non-overlapping spans of the text with ASCII digits', () => {
    fc.assert(fc.property(offsetSafe, expectWellFormed), { numRuns: RUNS })
  })

  it('returns well-formed spans on text made of phone-like pieces', () => {
    fc.assert(fc.property(phoneLike, expectWellFormed), { numRuns: RUNS })
  })
})

// ---- claims ----

let index: RegistryIndex
let detector: ClaimDetector
let brandWords: string[]
let supportWords: string[]

// Single words of letters only: the shape letter-spacing obfuscates ("M.a.c", "Э.п.л", "i.P.a.d!").
const spaceable = (t: string): boolean => /^\p{L}{3,}$/u.test(t)

beforeAll(async () => {
  index = await realIndex()
  detector = new ClaimDetector(collectLexicon(index.payload))
  const lexicon = index.payload.organisations.map((o) => o.lexicon)
  brandWords = [...new Set(lexicon.flatMap((l) => Object.values(l.brand).flat()).filter(spaceable))]
  supportWords = [...new Set(lexicon.flatMap((l) => Object.values(l.support).flat()).filter(spaceable))]
  // First calls compile the detector's regular expressions (per string width, then again when
  // V8 tiers up to native code): pay that here, not inside a timed property.
  for (const s of ['warm up', 'warm up', 'wärm üp \u{1F600}', 'wärm üp \u{1F600}']) {
    detector.claimIn(s)
    detector.redFlagsIn(s)
    namesBrand(detector, s)
  }
}, 60_000)

const LETTER_SEPARATORS = ['.', '-', '_', '·', '•', '*', "'", '’', ' ']
const spaced = (word: string, sep: string): string => Array.from(word).join(sep)
const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Matches `word` written one letter at a time with one repeated separator, as a whole word. */
function letterSpacedPattern(word: string): RegExp {
  const [first, ...rest] = Array.from(word).map(escapeRe)
  return new RegExp(`(?<![\\p{L}\\p{N}])${first}([.\\-_·•*'’ ])${rest.join('\\1')}(?![\\p{L}\\p{N}])`, 'iu')
}

describe('ClaimDetector', () => {
  it('never throws on any string', () => {
    fc.assert(
      fc.property(fc.oneof(hostile, phoneLike), (s) => {
        const c = detector.claimIn(s)
        expect(c.brand === null || typeof c.brand === 'string').toBe(true)
        expect(c.support === null || typeof c.support === 'string').toBe(true)
        const flags = detector.redFlagsIn(s)
        expect(flags.length).toBeLessThanOrEqual(8)
        expect(typeof namesBrand(detector, s)).toBe('boolean')
      }),
      { numRuns: RUNS },
    )
  }, 20_000)

  it('leaves no letter-spaced brand word after deobfuscating twice', () => {
    const piece = fc.oneof(
      fc.tuple(fc.nat(), fc.constantFrom(...LETTER_SEPARATORS)).map(([i, sep]) => spaced(brandWords[i % brandWords.length]!, sep)),
      fc.constantFrom(' ', '\u200b', 'x', '.', '-', ' support ', '1', '\n'),
      fc.string({ maxLength: 6 }),
    )
    const patterns = brandWords.map(letterSpacedPattern)
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (parts) => {
        const twice = deobfuscate(deobfuscate(parts.join('')))
        for (const p of patterns) expect(twice).not.toMatch(p)
      }),
      { numRuns: 200 },
    )
  })

  it('still detects brand and support terms written "A.p.p.l.e s.u.p.p.o.r.t"', () => {
    fc.assert(
      fc.property(
        fc.nat(),
        fc.nat(),
        fc.constantFrom(...LETTER_SEPARATORS),
        fc.constantFrom(...LETTER_SEPARATORS),
        fc.boolean(),
        (b, s, sepBrand, sepSupport, invisible) => {
          const brand = brandWords[b % brandWords.length]!
          const support = supportWords[s % supportWords.length]!
          // Only words the detector finds when written plainly can be expected when disguised.
          const plain = detector.claimIn(`${brand} : ${support}`)
          fc.pre(plain.brand !== null && plain.support !== null)
          let text = `${spaced(brand, sepBrand)} : ${spaced(support, sepSupport)}`
          if (invisible) text = text.replace(/(\p{L})(\p{L})/gu, '$1\u200b$2')
          const c = detector.claimIn(text)
          expect(c.brand, text).not.toBeNull()
          expect(c.support, text).not.toBeNull()
          expect(namesBrand(detector, text)).toBe(true)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('reads no brand word into a longer word its window cuts ("Applecall" is no "Apple")', () => {
    // "app" starts a phrase ("App Store"): its window of 80 characters ends right after "apple".
    const text = `app ${'x'.repeat(70)} applecall`
    expect(text.indexOf('applecall') + 5).toBe(80)
    expect(namesBrand(detector, text)).toBe(false)
    expect(namesBrand(detector, `app ${'x'.repeat(70)} apple call`)).toBe(true)
    // A word that runs past the window from its start: "ipads" and 80 more letters is no "iPads".
    expect(namesBrand(detector, `ipads${'x'.repeat(80)}`)).toBe(false)
  })
})

// ---- checkNumber ----

const VERDICTS = ['official', 'not-official', 'lookalike', 'unconfirmed', 'invalid']
const FULLWIDTH = (s: string): string => s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)))

/** Digits a person could type, grouped with separators: "+1 (800) 275-2273" and odder. */
const typedNumber = fc
  .tuple(
    fc.constantFrom('', '+', '00', '+ '),
    fc.array(fc.tuple(fc.stringMatching(/^[0-9]{1,4}$/), fc.constantFrom(' ', '-', '.', '', ' - ', '/')), { minLength: 1, maxLength: 6 }),
  )
  .map(([prefix, groups]) => prefix + groups.map(([g, sep]) => g + sep).join('').trim())

describe('checkNumber', () => {
  it('never throws and answers one of the five verdicts', () => {
    fc.assert(
      fc.property(fc.oneof(hostile, phoneLike, typedNumber), (s) => {
        const r = checkNumber(index, s)
        expect(VERDICTS).toContain(r.verdict)
        expect(typeof r.message).toBe('string')
        expect(r.message.length).toBeGreaterThan(0)
      }),
      { numRuns: RUNS },
    )
  })

  it('calls text with fewer than three digits invalid', () => {
    // Look-alike letters (O, l, I) next to a digit count as digits, so they are left out here.
    const fewDigits = fc.oneof(hostile, phoneLike).filter((s) => {
      const folded = fold(s).text
      return (folded.match(/[0-9]/g)?.length ?? 0) < 3 && !/[OoIl]/.test(folded)
    })
    fc.assert(
      fc.property(fewDigits, (s) => {
        expect(checkNumber(index, s).verdict).toBe('invalid')
      }),
      { numRuns: RUNS },
    )
  })

  it('keeps a listed number official (unconfirmed when listed at low confidence only) with zero-width characters between its digits', () => {
    const numbers = index.payload.organisations.flatMap((o) => o.numbers)
    const listed = [...new Set(numbers.flatMap((n) => (n.e164 ? [n.e164] : [])))]
    // Low-confidence entries never make a number official: claimed, it is unconfirmed.
    const trusted = new Set(numbers.filter((n) => n.e164 && n.confidence !== 'low').map((n) => n.e164))
    expect(trusted.size).toBeGreaterThan(0)
    expect(trusted.size).toBeLessThan(listed.length)
    fc.assert(
      fc.property(fc.constantFrom(...listed), fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }), (e164, gaps) => {
        const verdict = trusted.has(e164) ? 'official' : 'unconfirmed'
        const expected = checkNumber(index, e164)
        expect(expected.verdict, e164).toBe(verdict)
        let disguised = '+'
        for (const [i, d] of [...e164.slice(1)].entries()) disguised += (i > 0 && gaps[i] ? '\u200b' : '') + d
        const r = checkNumber(index, disguised)
        expect(r.verdict, JSON.stringify(disguised)).toBe(verdict)
        expect(r.e164).toBe(e164)
      }),
      { numRuns: 200 },
    )
  })

  it('gives the same verdict and E.164 when ASCII digits are written fullwidth', () => {
    fc.assert(
      fc.property(typedNumber, (s) => {
        const ascii = checkNumber(index, s)
        const wide = checkNumber(index, FULLWIDTH(s))
        expect([wide.verdict, wide.e164], `${s} / ${FULLWIDTH(s)}`).toEqual([ascii.verdict, ascii.e164])
      }),
      { numRuns: RUNS },
    )
  })
})

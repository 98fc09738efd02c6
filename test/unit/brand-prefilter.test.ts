// The content script's first check on every page. It may say "maybe" too often (that costs a
// closer look) but never "no" where the precise detector finds a brand word: a page it waves
// through is a page TrueDial never scans.
import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { BrandPrefilter, brandPrefilter, compilePrefilter, type PrefilterData } from '../../src/core/brand-prefilter'
import { ClaimDetector, collectLexicon } from '../../src/core/claims'
import type { RegistryPayload } from '../../src/core/registry-types'

/** "The text names the brand" as the scanner reads it (claim-scope.ts, via ClaimDetector.read). */
const namesBrand = (d: ClaimDetector, text: string): boolean => d.read(text).brands.length > 0

const payload = JSON.parse((JSON.parse(readFileSync('registry/registry.signed.json', 'utf8')) as { payload: string }).payload) as RegistryPayload
const lexicon = collectLexicon(payload)
// As the content script gets it: worked out at build time and passed through JSON.
const prefilter = new BrandPrefilter(JSON.parse(JSON.stringify(compilePrefilter(lexicon.brand))) as PrefilterData)
/** What vite.config.ts compiles into the content script. */
declare const __BRAND_PREFILTER__: PrefilterData
const detector = new ClaimDetector(lexicon)

const RUNS = Number(process.env.PROPERTY_RUNS) || 3000
const SEPARATORS = ['.', '-', '_', '·', '•', '*', "'", '’', ' ']
const INVISIBLE = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u034f', '\u180e']

/** A brand term as scam text writes it: cased, pluralised, possessive, letter-spaced, split by invisible characters. */
const disguisedTerm = fc
  .tuple(
    fc.constantFrom(...lexicon.brand),
    fc.constantFrom('as is', 'upper', 'lower', 'title', 'plural', 'possessive', 'spaced', 'spaced words', 'possessive first', 'turkish upper', 'kelvin', 'invisible', 'joined'),
    fc.constantFrom(...SEPARATORS),
    fc.constantFrom(...INVISIBLE),
    fc.nat(),
  )
  .map(([term, how, sep, inv, n]) => {
    switch (how) {
      case 'upper':
        return term.toUpperCase()
      case 'lower':
        return term.toLowerCase()
      case 'title':
        return term.replace(/\b\w/g, (c) => c.toUpperCase())
      case 'plural':
        return `${term}s`
      case 'possessive':
        return `${term}’s`
      case 'spaced':
        return [...term.replace(/\s+/g, '')].join(sep)
      case 'spaced words':
        // "A.p.p S.t.o.r.e", "App  S t o r e": each word spaced on its own (or left as it is).
        return term
          .split(/\s+/)
          .map((w, i) => ((n + i) % 3 === 0 ? w : [...w].join(sep)))
          .join(n % 2 ? ' ' : '  ')
      case 'possessive first': {
        const [first, ...rest] = term.split(' ')
        return [`${first}${n % 2 ? "'s" : '’s'}`, ...rest].join(' ')
      }
      case 'turkish upper':
        return term.toLocaleUpperCase('tr')
      case 'kelvin':
        return term.toUpperCase().replace(/K/g, '\u212a')
      case 'invisible': {
        const at = 1 + (n % Math.max(1, term.length - 1))
        return term.slice(0, at) + inv + term.slice(at)
      }
      case 'joined':
        return term.replace(/\s+/g, '')
      default:
        return term
    }
  })
const filler = fc.constantFrom('call', 'now', 'the', 'happy', 'machine', 'approach', 'scenarios', 'application', 'macro', 'support', '1-800-555-0100', ',', '.', ' ', '\n', '(', ')', ':', '—', '客服', 'サポート', 'x', 's', "'", '’', 'é', 'ж', 'α', '€', '9', '가', '·', '-', 'ı', '\u00ad', '\u200b')
const pageText = fc
  .tuple(fc.array(fc.oneof({ weight: 1, arbitrary: disguisedTerm }, { weight: 4, arbitrary: filler }), { maxLength: 30 }), fc.constantFrom(' ', '', '\n'))
  .map(([parts, glue]) => parts.join(glue))
const anyText = fc.string({ unit: fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), disguisedTerm, filler), maxLength: 60 })

describe('brand prefilter', () => {
  it('says yes whenever the precise detector finds a brand word (generated pages)', () => {
    fc.assert(
      fc.property(fc.oneof(pageText, anyText), (text) => {
        if (namesBrand(detector, text)) expect(prefilter.test(text)).toBe(true)
      }),
      { numRuns: RUNS },
    )
  })

  it('finds every bundled brand term, disguised the ways scam pages disguise it', () => {
    fc.assert(
      fc.property(disguisedTerm, filler, filler, (term, before, after) => {
        const text = `${before} ${term} ${after}`
        if (namesBrand(detector, text)) expect(prefilter.test(text)).toBe(true)
      }),
      { numRuns: RUNS },
    )
  })

  it.each([
    ['Call Apple Support now', true],
    ['APPLE SUPPORT', true],
    ['A.p.p.l.e helpline', true],
    ['A p p l e', true],
    ['i-P-h-o-n-e', true],
    ['Ap\u200bple', true],
    ['your iPhones and Macs', true],
    ["Apple's", true],
    ['AppleID locked', true],
    ['Visit the App Store', true],
    ['苹果客服电话', true],
    ['Айфон', true],
    ['A.p.p S.t.o.r.e', true],
    ['App  S t o r e', true],
    ['Genius B-a-r', true],
    ["App's Store", true],
    ['İMAC destek', true],
    ['İPHONE destek hattı', true],
    ['AİRPODS', true],
    ["APPLE'IN destek hattı", true],
    ['Apple’a ulaşın', true],
    ['MACBOO\u212a', true],
  ])('says yes on %j', (text, expected) => {
    expect(prefilter.test(text)).toBe(expected)
    expect(namesBrand(detector, text)).toBe(true)
  })

  it.each([
    'A happy approach to machine learning',
    'Download our app today',
    'The macro scenarios of 2026',
    'ipadOS-like',
    'Call 1-800-555-0100 for pizza',
    'Our family 👨\u200d👩\u200d👧 says hel\u00adlo',
    'ماكينة قهوة',
  ])(
    'says no on ordinary text: %j',
    (text) => {
      expect(prefilter.test(text)).toBe(false)
    },
  )

  it('ships in the content script worked out from the bundled registry', () => {
    expect(__BRAND_PREFILTER__).toEqual(compilePrefilter(lexicon.brand))
    expect(brandPrefilter(lexicon.brand).test('Call Apple Support')).toBe(true)
  })

  it('a prefilter from no terms never says yes', () => {
    expect(brandPrefilter([]).test('Apple Support')).toBe(false)
  })

  it('reads a term that starts where a text node starts, inside what reads as one word', () => {
    // "x" (the end of one block) and "Apple Support" (the next) joined with nothing between them.
    expect(prefilter.test('xApple Support')).toBe(false)
    expect(prefilter.test('xApple Support', [1])).toBe(true)
    expect(prefilter.test('happyiPhone', [5])).toBe(true)
    // A start that is not where the term begins does not make a term.
    expect(prefilter.test('happyiPhone', [3])).toBe(false)
    expect(prefilter.test('machine', [1, 2])).toBe(false)
  })

  // The content script reads a chunk of the page once: its text nodes joined with nothing between
  // them, and where each node starts. Each start may be a word break (the next block: "below" |
  // "Apple") or not (a word split by markup: "Ap" | "ple"), so the test must say yes when any
  // such reading names the brand. The scanner reads one of them (inline tags joined, blocks apart).
  const nodes = fc
    .tuple(fc.oneof(pageText, anyText, disguisedTerm.map((t) => ` ${t} `)), fc.array(fc.nat(), { maxLength: 5 }))
    .map(([text, cuts]) => {
      const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b)
      return [0, ...at].map((from, i) => text.slice(from, at[i] ?? text.length))
    })
  /** Every reading of the nodes: each boundary a line break or nothing. */
  const readings = (parts: string[]): string[] => {
    let out = [parts[0]!]
    for (const part of parts.slice(1)) out = out.flatMap((r) => [r + part, `${r}\n${part}`])
    return out
  }
  const joined = (parts: string[]): [string, number[]] => {
    const starts: number[] = []
    let at = 0
    for (const part of parts) {
      starts.push(at)
      at += part.length
    }
    return [parts.join(''), starts.slice(1)]
  }

  it('reads text nodes joined once: yes when any reading of their starts names the brand (generated pages)', () => {
    fc.assert(
      fc.property(nodes, (parts) => {
        if (!readings(parts).some((r) => namesBrand(detector, r))) return
        const [text, starts] = joined(parts)
        expect(prefilter.test(text, starts)).toBe(true)
      }),
      { numRuns: RUNS },
    )
  })

  it.each([
    [['See below', 'Ap', 'ple', 'Inc']],
    [['Apple', 'Inc']],
    [['Genius Bar', 'Call now']],
    [['x', 'Genius', 'Bar', 'y']],
    [['Visit the App', 'Store', 'x']],
    [['below', 'آيفون']],
    [['دعم', 'أبل', 'الفني']],
    [['ماك', 'بوك']],
    [['x', 'Ap\u200bple', 'y']],
    [['x', 'iPhones', 'y']],
    [['See below', 'A.p.p', '.l.e', 'Inc']],
    // A possessive or other suffix after an apostrophe, ended by a node start.
    [["App's", 'Store']],
    [["Genius's", 'Bar']],
    [['Title\n', "App's", 'Store']],
    [["Visit the App'a", 'Store']],
    // Letter-spaced runs that a node start ends, or that hold a second anchor read apart.
    [['A p p', ' A p p Store']],
    [['a.p.p.x', '.a.p.p Store']],
    [['G.e.n.i.u.s', '.G.e.n.i.u.s Bar']],
    [['G e n i u s', ' b.a.r']],
    [['G.e.n.i.u.s', '.B a r']],
    // A suffix after an apostrophe split into many nodes, or with further apostrophes.
    [["App'", 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'Store']],
    [["Visit the App'x'y", ' Store']],
    [["Genius'un'da", ' Bar']],
    // A letter-spaced run that runs into a symbol, where the detector's run of letters stops.
    [['A p p ★ Store']],
    [['Call A.p.p.€ Store']],
    [['G-e-n-i-u-s-™ Bar']],
    // A brand word padded with more invisible characters than any window.
    [['Call ', `Ap${'\u200b'.repeat(100)}ple Support`]],
    [[`Ap${'\u200b'.repeat(100)}`, 'ple Support']],
  ])('reads nodes %j as a page may show them', (parts) => {
    expect(readings(parts).some((r) => namesBrand(detector, r))).toBe(true)
    const [text, starts] = joined(parts)
    expect(prefilter.test(text, starts)).toBe(true)
  })

  it.each([
    [['Home', 'Products', 'Pricing', 'Blog', 'Careers', 'Press', 'Docs', 'Help', 'Approach', 'Contact']],
    [['Scenario', 'Q1', 'Q2', 'Q3', 'Q4', '2023', '2024', '2025', 'Scenarios', '12']],
    [['Get the app', 'Home', 'Shop', 'Stories', 'Events', 'Jobs', 'Press', 'Help', 'Contact', 'Legal']],
  ])('says no to a menu built without whitespace between its nodes: %j', (parts) => {
    expect(readings(parts).some((r) => namesBrand(detector, r))).toBe(false)
    const [text, starts] = joined(parts)
    expect(prefilter.test(text, starts)).toBe(false)
  })

  it('a prefilter with terms of one kind only says no to text without them', () => {
    // Each kind has its own pass; a pass with no terms must not become an empty pattern (which matches anything).
    const cjk = brandPrefilter(['苹果'])
    expect(cjk.test('hello')).toBe(false)
    expect(cjk.test('')).toBe(false)
    expect(cjk.test('苹果客服')).toBe(true)
    const latin = brandPrefilter(['Apple'])
    expect(latin.test('苹果客服')).toBe(false)
    expect(latin.test('Call A.p.p.l.e')).toBe(true)
  })

  it.each(['imac苹果', 'IMAC苹果', 'İMAC苹果', 'Call iPhone客服 now', 'ماك'])('says yes to %j, where the detector finds a term of mixed scripts', (text) => {
    const terms = ['imac苹果', 'iPhone客服', 'Apple', 'ماك']
    const mixed = new ClaimDetector({ brand: terms, support: ['help'], redFlags: [] })
    expect(namesBrand(mixed, text)).toBe(true)
    expect(brandPrefilter(terms).test(text)).toBe(true)
  })
})

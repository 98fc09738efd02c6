// The background's speed (src/core/fast.ts) changes no answer: the North American prefix table
// and the memos in front of libphonenumber read every number as libphonenumber does, and the
// memoised verdicts and checks equal what the plain functions compute from the same arguments,
// on generated inputs and on hand-picked edge cases.
import { describe, it, expect, beforeAll } from 'vitest'
import fc from 'fast-check'
import metadata from 'libphonenumber-js/metadata.max.json' with { type: 'json' }
import { checkNumber, type CheckOptions } from '../../src/core/check'
import { findCandidates } from '../../src/core/candidates'
import { fastNumbering, Verdicts } from '../../src/core/fast'
import { englishTranslate, type Translate } from '../../src/core/i18n'
import { verdictForFinding, type FindingRequest, type PageHints } from '../../src/core/judge-finding'
import { AnswerMemo, BoundedMemo, sameData } from '../../src/core/memo'
import { NANP_PREFIX, withNanpTable } from '../../src/core/nanp'
import { libphonenumber, type Numbering } from '../../src/core/numbering'
import { readNumber } from '../../src/core/phone'
import { buildIndex, type RegistryIndex } from '../../src/core/registry-index'
import { findingIn, makeFindings } from '../helpers/generated-findings'
import { translatorFor } from '../helpers/i18n'
import { rng } from '../helpers/prng'
import { realIndex } from '../helpers/registry'

const RUNS = Number(process.env.PROPERTY_RUNS) || 300

let index: RegistryIndex
beforeAll(async () => {
  index = await realIndex()
})

// ---- the claim nanp.ts rests on ----

/**
 * How far into a digit string a libphonenumber pattern can look: the furthest position, over every
 * way the pattern can match, of anything stricter than \d. Past it every digit is accepted, so
 * whether a string of a given length matches depends on its first `depth` digits only. Knows the
 * regex syntax the metadata uses and throws on anything else, so new syntax fails loudly.
 */
function patternDepth(pattern: string): number {
  let at = 0
  interface Span {
    min: number
    max: number
    /** End of the furthest non-\d atom from the span's start; -1 when there is none. */
    depth: number
  }
  const alternation = (): Span => {
    const spans = [sequence()]
    while (pattern[at] === '|') {
      at++
      spans.push(sequence())
    }
    return { min: Math.min(...spans.map((s) => s.min)), max: Math.max(...spans.map((s) => s.max)), depth: Math.max(...spans.map((s) => s.depth)) }
  }
  const sequence = (): Span => {
    const span = { min: 0, max: 0, depth: -1 }
    while (at < pattern.length && pattern[at] !== '|' && pattern[at] !== ')') {
      const a = quantified(atom())
      if (a.depth >= 0) span.depth = Math.max(span.depth, span.max + a.depth)
      span.min += a.min
      span.max += a.max
    }
    return span
  }
  const atom = (): Span => {
    const c = pattern[at++]
    if (c === '(') {
      if (pattern.startsWith('?:', at)) at += 2
      const inner = alternation()
      if (pattern[at++] !== ')') throw new Error(`unbalanced group in ${pattern}`)
      return inner
    }
    if (c === '\\' && pattern[at] === 'd') {
      at++
      return { min: 1, max: 1, depth: -1 }
    }
    if (c === '[') {
      const end = pattern.indexOf(']', at)
      const set = pattern.slice(at, end)
      at = end + 1
      if (!/^[0-9-]+$/.test(set)) throw new Error(`unknown class [${set}] in ${pattern}`)
      return { min: 1, max: 1, depth: set === '0-9' ? -1 : 1 }
    }
    if (c !== undefined && c >= '0' && c <= '9') return { min: 1, max: 1, depth: 1 }
    if (c === '$' || c === '^') return { min: 0, max: 0, depth: -1 }
    throw new Error(`unknown syntax ${c} in ${pattern}`)
  }
  const quantified = (a: Span): Span => {
    let min: number
    let max: number
    const q = pattern[at]
    if (q === '?') [min, max] = [0, 1]
    else if (q === '*') [min, max] = [0, Infinity]
    else if (q === '+') [min, max] = [1, Infinity]
    else if (q === '{') {
      const end = pattern.indexOf('}', at)
      const [lo, hi] = pattern.slice(at + 1, end).split(',')
      min = Number(lo)
      max = hi === undefined ? min : hi === '' ? Infinity : Number(hi)
      at = end
    } else return a
    at++
    return { min: a.min * min, max: a.max * max, depth: a.depth < 0 ? -1 : (max - 1) * a.max + a.depth }
  }
  const span = alternation()
  if (at !== pattern.length) throw new Error(`unparsed rest of ${pattern}`)
  return span.depth
}

describe('the North American prefix table', () => {
  it('rests on metadata whose NANP patterns look no further than the prefix', () => {
    // Every pattern of every NANP country (national number, line types, leading digits, formats,
    // national and international prefixes); only format templates ("($1) $2-$3") are left out.
    const strings = (x: unknown): string[] => (typeof x === 'string' ? [x] : Array.isArray(x) ? x.flatMap(strings) : [])
    const nanp = metadata.country_calling_codes['1']!
    const patterns = nanp.flatMap((cc) => strings(metadata.countries[cc as keyof typeof metadata.countries])).filter((s) => !/\$\d/.test(s))
    expect(nanp).toContain('US')
    expect(patterns.length).toBeGreaterThan(200)
    expect(Math.max(...patterns.map(patternDepth))).toBeLessThanOrEqual(NANP_PREFIX)
  })

  it('has a depth check that sees a digit tested late', () => {
    expect(patternDepth('246521[0369]\\d{3}')).toBe(7)
    expect(patternDepth('(?:2(?:0[1-35-9]|1[02-9]))[2-9]\\d{6}')).toBe(4)
    expect(patternDepth('8\\d{2}(?:00)?5')).toBe(6)
    expect(() => patternDepth('8(?=1)')).toThrow()
  })
})

// ---- numbers read with the fast numbering ----

/** Numbers sharing prefixes, so most answers come from the table rather than libphonenumber. */
const PREFIXES = ['212555', '800555', '800275', '415411', '876606', '246521', '268555', '055275', '155275', '911555', '212911', '800911', '555012', '900555', '500555', '416555', '604555', '787555', '340555']
const prefix = fc.oneof(fc.constantFrom(...PREFIXES), fc.integer({ min: 0, max: 999_999 }).map((n) => String(n).padStart(6, '0')))
const national = fc.tuple(prefix, fc.integer({ min: 0, max: 9999 })).map(([p, n]) => p + String(n).padStart(4, '0'))
/** The ways a North American number reaches the numbering: with or without the 1, in a region or after a "+". */
const written = fc.tuple(national, fc.constantFrom<[string, string | null]>(['', 'US'], ['', 'CA'], ['1', 'US'], ['1', 'CA'], ['1', null], ['', null], ['1', 'JM'], ['', 'GB']))
/** Any other digits in any region: what the memo in front of libphonenumber answers. */
const otherDigits = fc.tuple(fc.stringMatching(/^[0-9]{3,15}$/), fc.constantFrom(null, 'US', 'GB', 'DE', 'AU', 'TH', 'JP', 'CN', 'TR'))

function expectSameNumbering(fast: Numbering, digits: string, region: string | null): void {
  expect(fast.read(digits, region)).toStrictEqual(libphonenumber.read(digits, region))
  const e164 = `+${region ? `1${digits.slice(-10)}` : digits}`
  expect(fast.facts(e164)).toStrictEqual(libphonenumber.facts(e164))
}

describe('the fast numbering', () => {
  it('reads every generated number as libphonenumber does, in each form it is written', () => {
    // A table of its own as well as the worker's: this one starts empty, so its first answers come from libphonenumber.
    const fresh = withNanpTable(libphonenumber, 50)
    fc.assert(
      fc.property(written, ([n, [one, region]]) => {
        for (const fast of [fastNumbering, fresh]) expectSameNumbering(fast, one + n, region)
      }),
      { numRuns: 5 * RUNS },
    )
  })

  it('reads numbers that share a prefix as libphonenumber does, whichever was read first', () => {
    const r = rng(11)
    const fresh = withNanpTable(libphonenumber, 1000)
    for (const p of PREFIXES) {
      for (let k = 0; k < 6; k++) {
        const n = p + String(r.int(10_000)).padStart(4, '0')
        for (const [one, region] of [['', 'US'], ['', 'CA'], ['1', 'US'], ['1', 'CA'], ['1', null]] as const) expectSameNumbering(fresh, one + n, region)
      }
    }
  }, 60_000)

  it('answers any other digits in any region as libphonenumber does', () => {
    fc.assert(
      fc.property(otherDigits, ([digits, region]) => {
        expect(fastNumbering.read(digits, region)).toStrictEqual(libphonenumber.read(digits, region))
        expect(fastNumbering.read(digits, region)).toStrictEqual(libphonenumber.read(digits, region))
        expect(fastNumbering.facts(`+${digits}`)).toStrictEqual(libphonenumber.facts(`+${digits}`))
      }),
      { numRuns: 2 * RUNS },
    )
  })

  it('gives readNumber the readings libphonenumber gives', () => {
    const tiers = fc.constantFrom<string[][]>([['US']], [['CA']], [['GB'], ['US', 'CA', 'AU']], [['DE'], ['AT', 'CH'], ['US']], [['TH'], ['AU']], [['JP']])
    const groups = fc.array(fc.stringMatching(/^[0-9]{1,4}$/), { minLength: 1, maxLength: 5 }).map((gs) => gs.map((digits) => ({ digits })))
    fc.assert(
      fc.property(groups, fc.boolean(), tiers, fc.boolean(), (gs, plus, t, stated) => {
        const source = { digits: gs.map((g) => g.digits).join(''), plus, groups: gs }
        expect(readNumber(source, t, index, { stated, numbering: fastNumbering })).toStrictEqual(readNumber(source, t, index, { stated }))
      }),
      { numRuns: 2 * RUNS },
    )
  })
})

// ---- whole verdicts ----

/** A finding as the content script sends it, for `shown` written after `nearby`. */
function finding(shown: string, options: { nearby?: string; lang?: string | null; link?: string | FindingRequest['link']; redFlags?: string[] } = {}): FindingRequest {
  const nearby = options.nearby ?? 'Apple Support: call '
  let link: FindingRequest['link'] = null
  if (typeof options.link === 'string') {
    const [l] = findCandidates(options.link)
    link = { digits: l!.digits, plus: l!.plus }
  } else if (options.link) link = options.link
  return findingIn(`${nearby}${shown} today.`, { link, redFlags: options.redFlags ?? [], lang: options.lang === undefined ? 'en' : options.lang })
}

const EDGE_CASES: FindingRequest[] = [
  // With a country code, including a doubled one and other countries.
  finding('+1 800 275 2273'),
  finding('+1-1(855)-555-0123'),
  finding('+44 20 7946 0958', { lang: 'en-GB' }),
  finding('+44 800 107 6285'),
  finding('+44 909 879 0000'),
  finding('+33 1 23 45 67 89', { lang: 'fr' }),
  finding('+49 30 1234567', { lang: 'de' }),
  finding('+81 3-1234-5678', { lang: 'ja' }),
  finding('+1 876 606 0123'),
  finding('+1 268 555 1234'),
  // National numbers of other countries, read in the page's regions.
  finding('0800 107 6285', { nearby: 'UK: ', lang: 'en-GB' }),
  // The same digits after the names of different countries: different numbers.
  finding('0800 107 6285', { nearby: 'UK: ' }),
  finding('0800 107 6285', { nearby: 'Deutschland: ' }),
  finding('0800 107 6285', { nearby: 'Hotline ' }),
  finding('020 7946 0958', { lang: 'en-GB' }),
  finding('0845 123 4567', { lang: 'en-GB' }),
  finding('1300 321 456', { nearby: 'Australia: ', lang: 'en-AU' }),
  finding('1800 019 900', { lang: 'th' }),
  finding('1800 019 900', { lang: 'en-AU' }),
  finding('400-666-8800', { lang: 'zh-CN' }),
  finding('0800 6645 451', { nearby: 'Deutschland: ', lang: 'de' }),
  finding('011 44 20 7946 0958'),
  finding('00 44 20 7946 0958', { lang: 'de' }),
  // Invalid area codes and exchanges, N11, fictional 555-01xx, toll-free twins, premium rate.
  finding('1-055-275-2273'),
  finding('1-155-275-2273'),
  finding('(055) 275-2273'),
  finding('1-800-075-2273'),
  finding('1-800-175-2273'),
  finding('1-800-911-2273'),
  finding('(212) 411-1234'),
  finding('1-911-555-1234'),
  finding('1-212-555-0123'),
  finding('(800) 555-0199'),
  finding('1-888-275-2273'),
  finding('1-800-275-2237'),
  finding('1-900-555-1234'),
  // Ten digits without the 1, in the US, Canada and elsewhere in the plan.
  finding('800-275-2273'),
  finding('(800) 275-2273', { lang: null }),
  finding('416 555 1234', { lang: 'en-CA' }),
  finding('604-555-1234', { nearby: 'Canada: ' }),
  finding('876 555 1234', { lang: 'en-JM' }),
  finding('(268) 555-1234', { lang: 'en-AG' }),
  finding('212 555 1234', { lang: 'en-GB' }),
  finding('800 275 2273', { lang: 'de' }),
  // Trailing text, vanity letters, disguises.
  finding('1-800-275-2273 24/7'),
  finding('1-800-MY-APPLE'),
  finding('1-8OO-275-2273'),
  finding('1-888-555-0100'),
  finding('1-888-555-01OO'),
  finding('1-888-555-O1OO'),
  finding('１-８００-５５５-０１９９'),
  // tel: links that dial something else (or the same), and Turkey's national-only 00800 line.
  finding('1-800-275-2273', { link: '+1 888 555 0100' }),
  finding('1-888-555-0100', { link: '+1 800 275 2273' }),
  finding('1-800-275-2273', { link: '1 (800) 275-2273' }),
  finding('1-800-275-2273', { link: { digits: '12345', plus: false } }),
  finding('00800 448 829 873', { lang: 'tr' }),
  finding('00800 448 829 873', { lang: 'tr', link: '+90 212 555 1234' }),
  finding('+90 212 555 1234', { lang: 'tr', link: '00800 448 829 873' }),
  // Red flags: none, many, and page text that could look like a key separator.
  finding('1-888-555-0100', { redFlags: ['gift card', 'anydesk'] }),
  finding('1-888-555-0100', { redFlags: ['gift card', 'anydesk', 'refund'] }),
  finding('1-888-555-0100', { redFlags: ['gift card', 'anydesk', 'refund', 'virus detected'] }),
  finding('1-888-555-0100', { redFlags: ['gift card', 'anydesk', 'refund', 'virus detected', 'call immediately'] }),
  finding('1-888-555-0100', { redFlags: ['gift card', 'anydesk', 'refund', 'virus detected', 'password'] }),
  finding('1-888-555-0100', { redFlags: ['a|1:b', 'c'] }),
  finding('1-888-555-0100', { redFlags: ['a', '1:b|c'] }),
]

const PAGES: PageHints[] = [
  { url: 'https://help-desk.example/apple', region: null, userLocale: 'en-US' },
  { url: 'https://www.apple.com/uk/support/', region: null, userLocale: 'en-GB' },
  { url: 'https://support.example.ca/', region: null, userLocale: 'fr-CA' },
  { url: 'https://scam.example/', region: 'DE', userLocale: 'de-DE' },
  { url: null, region: null, userLocale: null },
]

/**
 * Expects each finding's verdicts from Verdicts (memoised, the fast numbering) to equal the plain
 * verdictForFinding()'s, on each page, in each language. Each is asked three times, so answers
 * from the memo are compared too (and the same Verdicts serve every page and language).
 */
function expectSameVerdicts(findings: FindingRequest[], pages: PageHints[], translators: Translate[]): void {
  const verdicts = new Verdicts()
  const diffs: string[] = []
  for (const t of translators) {
    for (const page of pages) {
      const judge = verdicts.onPage(index, page, t)
      for (const f of findings) {
        // JSON also compares the order of the fields, which is the order verdicts print in.
        const wanted = JSON.stringify(verdictForFinding(index, f, page, t))
        for (let i = 0; i < 3; i++) {
          const got = JSON.stringify(judge(f))
          if (got !== wanted) diffs.push(`${f.text} on ${page.url}: ${got} vs ${wanted}`)
        }
      }
    }
  }
  expect(diffs.slice(0, 5)).toEqual([])
}

const TEXTS = ['1-800-275-2273', '1 (800) MY-APPLE', '+44 800 107 6285', '0800 107 6285', '1300 321 456', '400-666-8800', '00800 448 829 873', '0120-277-535']
const SEPARATORS = ['-', ' ', '.', '', ') ', ' - ']
/** Number-like text: known numbers, and digit groups with separators, a "+" or a leading 1, 0 or 00. */
const numberText = fc.oneof(
  fc.constantFrom(...TEXTS),
  fc
    .tuple(fc.constantFrom('', '+', '+1 ', '1-', '(', '0', '00 ', '011 '), fc.array(fc.stringMatching(/^[0-9]{2,4}$/), { minLength: 2, maxLength: 4 }), fc.constantFrom(...SEPARATORS))
    .map(([lead, groups, sep]) => lead + groups.join(sep)),
)
const nearby = fc.constantFrom('Apple Support: call ', 'UK: ', 'Deutschland: ', 'Australia: ', 'Canada: ', '中国：', 'Hotline ', 'Apple Support UK: ', '', 'Call Apple now at ')
const lang = fc.constantFrom<string | null>('en', 'en-GB', 'en-AU', 'de', 'fr-CA', 'zh-CN', 'ja', 'ar', 'he', null)
const redFlags = fc.array(fc.constantFrom('gift card', 'anydesk', 'refund', 'virus detected', 'call immediately', 'a|1:b'), { maxLength: 6 })
const claim = fc.constantFrom<FindingRequest['claim']>(undefined, null, { words: 'Apple Support', where: 'sentence' }, { words: 'Contact', where: 'heading' })
const imitation = fc.constantFrom<string | null | undefined>(undefined, null, 'Copyright © 2026 Apple Inc.')

/** The context a number is found in: what stands before it, the lang, red flags, a tel: link, the claim. */
const context = fc.tuple(nearby, lang, redFlags, fc.option(numberText, { nil: null }), claim, imitation, fc.integer({ min: 0, max: 3 }))

/** A finding as the content script sends it: the first number the candidate finder reads in `text` after the context's words. */
function generated(text: string, [near, l, flags, linkText, c, im, disguises]: [string, string | null, string[], string | null, FindingRequest['claim'], string | null | undefined, number]): FindingRequest | null {
  const [found] = findCandidates(`${near}${text} today.`)
  if (!found) return null
  const [link] = linkText ? findCandidates(linkText) : []
  const f: FindingRequest = {
    text: found.text,
    digits: found.digits,
    plus: found.plus,
    groups: found.groups,
    disguises: Math.max(found.disguises, disguises),
    link: link ? { digits: link.digits, plus: link.plus } : null,
    redFlags: flags,
    nearbyText: near,
    lang: l,
  }
  if (c !== undefined) f.claim = c
  if (im !== undefined) f.imitation = im
  return f
}

/**
 * A page's findings: a few numbers, each found in several contexts that differ from one another
 * in one thing, so the memo meets the same digits asked about in a context it must not answer
 * from the first.
 */
const generatedFindings: fc.Arbitrary<FindingRequest[]> = fc
  .tuple(fc.array(numberText, { minLength: 1, maxLength: 3 }), context, fc.array(fc.tuple(fc.nat(), fc.nat(6), context), { minLength: 1, maxLength: 10 }))
  .map(([texts, base, uses]) =>
    uses
      .map(([i, field, other]) => {
        const c = [...base] as typeof base
        ;(c as unknown[])[field] = other[field]
        return generated(texts[i % texts.length]!, c)
      })
      .filter((f): f is FindingRequest => f !== null),
  )

describe('verdicts with the fast paths', () => {
  it('equal the plain verdicts for generated findings, on every page', () => {
    fc.assert(
      fc.property(generatedFindings, fc.constantFrom(...PAGES), (findings, page) => {
        expectSameVerdicts(findings, [page], [englishTranslate])
      }),
      { numRuns: RUNS },
    )
  }, 60_000)

  it('equal the plain verdicts for thousands of findings of the mix scam pages show', () => {
    const findings = [...makeFindings(1_500, 3), ...makeFindings(1_500, 1234)]
    expectSameVerdicts(findings, PAGES.slice(0, 2), [englishTranslate])
  }, 60_000)

  it('equal the plain verdicts for hand-picked edge cases, on every page and in two languages', () => {
    expectSameVerdicts(EDGE_CASES, PAGES, [englishTranslate, translatorFor('de')])
  }, 60_000)

  it('equal the plain verdicts when the same findings arrive in another order', () => {
    expectSameVerdicts(makeFindings(500, 99).reverse(), [PAGES[2]!], [translatorFor('ja')])
  }, 60_000)

  it('follow a new registry: a number added to it is official at once', () => {
    const verdicts = new Verdicts()
    const f = finding('1-888-555-0100')
    const page = PAGES[0]!
    expect(verdicts.onPage(index, page)(f)?.verdict).toBe('spoofed')
    const payload = structuredClone(index.payload)
    const apple = payload.organisations[0]!
    apple.numbers.push({ ...apple.numbers.find((n) => n.e164 === '+18002752273')!, e164: '+18885550100', display: '+1 888 555 0100' })
    const updated = buildIndex(payload)
    expect(verdicts.onPage(updated, page)(f)?.verdict).toBe('official')
    expect(verdicts.onPage(updated, page)(f)).toStrictEqual(verdictForFinding(updated, f, page))
    expect(verdicts.onPage(index, page)(f)?.verdict).toBe('spoofed')
  })

  it('follow the translator: the same finding is worded in each language asked for', () => {
    const verdicts = new Verdicts()
    const f = finding('1-888-555-0100', { redFlags: ['gift card'] })
    const page = PAGES[0]!
    const english = verdicts.onPage(index, page)(f)!.reasons.map((r) => r.text)
    const german = verdicts.onPage(index, page, translatorFor('de'))(f)!.reasons.map((r) => r.text)
    expect(german).not.toEqual(english)
    expect(german).toEqual(verdictForFinding(index, f, page, translatorFor('de'))!.reasons.map((r) => r.text))
  })

  it('follow the page: the same number is judged again on a page whose address brought it', () => {
    const verdicts = new Verdicts()
    const f = finding('1-888-555-0100')
    const plain = { url: 'https://search.example/results?q=apple', region: null, userLocale: 'en-US' }
    const injected = { ...plain, url: 'https://search.example/results?q=Apple+Support+1-888-555-0100' }
    expect(verdicts.onPage(index, plain)(f)!.reasons.map((r) => r.code)).not.toContain('injected')
    expect(verdicts.onPage(index, injected)(f)).toStrictEqual(verdictForFinding(index, f, injected))
    expect(verdicts.onPage(index, injected)(f)!.reasons.map((r) => r.code)).toContain('injected')
  })

  it('answer a finding with a field nobody knew of yet afresh, not from the memo', () => {
    const verdicts = new Verdicts()
    const f = finding('1-888-555-0100')
    const judge = verdicts.onPage(index, PAGES[0]!)
    const first = judge(f)
    expect(judge({ ...f })).toBe(first)
    expect(judge({ ...f, someday: 'a new input' } as FindingRequest)).not.toBe(first)
  })
})

describe('checks with the fast paths', () => {
  const input = fc.oneof(numberText, fc.constantFrom('', 'call me', '1-800-MY-APPLE ext. 12', '１-８００-２７５-２２７３', '+1 888 555 0100 x5'))
  const options = fc.record(
    { region: fc.constantFrom(null, 'US', 'GB', 'CN', 'TH', 'AU', 'DE'), userLocale: fc.constantFrom(null, 'en-US', 'de-DE', 'ja-JP') },
    { requiredKeys: [] },
  )
  const translators = [englishTranslate, translatorFor('fr')]

  it('equal the plain checks for generated inputs, region and locale, in two languages', () => {
    const verdicts = new Verdicts()
    fc.assert(
      fc.property(input, options, fc.constantFrom(...translators), (text, o, t) => {
        const opts: CheckOptions = { ...o, t }
        const want = JSON.stringify(checkNumber(index, text, opts))
        expect(JSON.stringify(verdicts.check(index, text, opts))).toBe(want)
        expect(JSON.stringify(verdicts.check(index, text, opts))).toBe(want)
      }),
      { numRuns: RUNS },
    )
  }, 60_000)
})

// ---- the memos ----

describe('BoundedMemo', () => {
  it('holds at most two generations of entries, however many keys it is given', () => {
    const memo = new BoundedMemo<number>(100)
    for (let i = 0; i < 10_000; i++) memo.set(String(i), i)
    expect(memo.size).toBeLessThanOrEqual(200)
    expect(memo.get('9999')).toBe(9999)
    expect(memo.get('0')).toBeUndefined()
  })

  it('keeps an entry that is asked for while newer ones arrive', () => {
    const memo = new BoundedMemo<number>(100)
    memo.set('kept', 1)
    for (let i = 0; i < 10_000; i++) {
      memo.set(String(i), i)
      expect(memo.get('kept')).toBe(1)
    }
  })
})

describe('sameData', () => {
  const json = fc.jsonValue()

  it('finds data equal to a copy of itself', () => {
    fc.assert(
      fc.property(json, (v) => {
        expect(sameData(v, structuredClone(v))).toBe(true)
      }),
      { numRuns: RUNS },
    )
  })

  it('tells data apart exactly when JSON does', () => {
    fc.assert(
      fc.property(json, json, (a, b) => {
        // JSON with sorted keys: the same data whatever order its fields were written in.
        const sorted = (v: unknown): unknown => (Array.isArray(v) ? v.map(sorted) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])])) : v)
        // -0 and 0 are the same number to both.
        expect(sameData(a, b)).toBe(JSON.stringify(sorted(a)) === JSON.stringify(sorted(b)))
      }),
      { numRuns: RUNS },
    )
  })

  it('tells a missing field from an undefined one, and compares what is not plain data by identity', () => {
    expect(sameData({ a: 1 }, { a: 1, b: undefined })).toBe(false)
    expect(sameData([1, 2], { 0: 1, 1: 2 })).toBe(false)
    const t = (): string => 'x'
    expect(sameData({ t }, { t })).toBe(true)
    expect(sameData({ t }, { t: (): string => 'x' })).toBe(false)
    // A Map has no fields of its own: two different ones must not pass for the same data.
    expect(sameData(new Map([[1, 2]]), new Map([[1, 3]]))).toBe(false)
    expect(sameData(Number.NaN, Number.NaN)).toBe(false)
  })
})

describe('AnswerMemo', () => {
  it('makes an answer once per input, and again for an input that differs in any field', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue(), { minKeys: 1 }), fc.string(), fc.jsonValue(), (input, field, value) => {
        const memo = new AnswerMemo<unknown, number>(10)
        let made = 0
        const make = (): number => ++made
        expect(memo.answer(index, englishTranslate, 'hint', input, make)).toBe(1)
        expect(memo.answer(index, englishTranslate, 'hint', structuredClone(input), make)).toBe(1)
        const changed = { ...input, [field]: value }
        const expected = sameData(changed, input) ? 1 : 2
        expect(memo.answer(index, englishTranslate, 'hint', changed, make)).toBe(expected)
      }),
      { numRuns: RUNS },
    )
  })

  it('keeps a registry\u2019s and a translator\u2019s answers apart', () => {
    const memo = new AnswerMemo<string, string>(10)
    const other = buildIndex(index.payload)
    const de = translatorFor('de')
    expect(memo.answer(index, englishTranslate, 'h', 'x', () => 'a')).toBe('a')
    expect(memo.answer(other, englishTranslate, 'h', 'x', () => 'b')).toBe('b')
    expect(memo.answer(index, de, 'h', 'x', () => 'c')).toBe('c')
    expect(memo.answer(index, englishTranslate, 'h', 'x', () => 'd')).toBe('a')
  })

  it('holds a bounded number of answers however many inputs a page sends', () => {
    const memo = new AnswerMemo<number, number>(100)
    let made = 0
    for (let i = 0; i < 10_000; i++) memo.answer(index, englishTranslate, String(i % 500), i, () => made++)
    // Only inputs still held are answered from the memo: the most recent ones.
    const before = made
    memo.answer(index, englishTranslate, String(9_999 % 500), 9_999, () => made++)
    expect(made).toBe(before)
    memo.answer(index, englishTranslate, '0', 0, () => made++)
    expect(made).toBe(before + 1)
  })
})

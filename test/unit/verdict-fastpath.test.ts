// The verdict path's shortcuts (memos, the North American prefix table in nanp.ts) change no
// verdict, reason or resolved number: every finding here is judged with them and again with
// withoutFastPaths(), which reads every number with libphonenumber, and the two must be equal.
import { describe, it, expect, beforeAll } from 'vitest'
import metadata from 'libphonenumber-js/metadata.max.json' with { type: 'json' }
import { findingIn, makeFindings } from '../bench/background'
import { findCandidates } from '../../src/core/candidates'
import { withoutFastPaths } from '../../src/core/fast-path'
import { englishTranslate, type Translate } from '../../src/core/i18n'
import { verdictForFinding, type FindingRequest, type PageHints } from '../../src/core/judge-finding'
import { BoundedMemo } from '../../src/core/memo'
import { NANP_PREFIX } from '../../src/core/nanp'
import { numberType, readNumber } from '../../src/core/phone'
import { buildIndex, type RegistryIndex } from '../../src/core/registry-index'
import { formatE164 } from '../../src/core/verdict'
import { rng } from '../bench/prng'
import { translatorFor } from '../helpers/i18n'
import { realIndex } from '../helpers/registry'

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

  // Numbers sharing prefixes, so most readings come from the table rather than libphonenumber.
  const prefixes = (): string[] => {
    const r = rng(5)
    const out = ['212555', '800555', '800275', '415411', '876606', '246521', '268555', '055275', '155275', '911555', '212911', '800911', '555012', '900555', '500555', '416555', '604555', '787555', '340555']
    while (out.length < 300) out.push(String(200 + r.int(800)) + String(r.int(1000)).padStart(3, '0'))
    return out
  }

  it('reads every number as libphonenumber does, in each form it is written', () => {
    const r = rng(11)
    const diffs: string[] = []
    for (const p of prefixes()) {
      for (let k = 0; k < 6; k++) {
        const national = p + String(r.int(10_000)).padStart(4, '0')
        const forms: Array<[string, boolean, string[]]> = [
          [national, false, ['US']],
          [national, false, ['CA']],
          [`1${national}`, false, ['US']],
          [`1${national}`, false, ['CA']],
          [`1${national}`, true, ['US']],
        ]
        for (const [digits, plus, regions] of forms) {
          const fast = readNumber({ digits, plus }, [regions], index)
          const slow = withoutFastPaths(() => readNumber({ digits, plus }, [regions], index))
          if (JSON.stringify(fast) !== JSON.stringify(slow)) diffs.push(`${plus ? '+' : ''}${digits} in ${regions}: ${JSON.stringify(fast)} vs ${JSON.stringify(slow)}`)
        }
        const e164 = `+1${national}`
        const fast = [numberType(e164), formatE164(e164)]
        const slow = withoutFastPaths(() => [numberType(e164), formatE164(e164)])
        if (JSON.stringify(fast) !== JSON.stringify(slow)) diffs.push(`${e164}: ${JSON.stringify(fast)} vs ${JSON.stringify(slow)}`)
      }
    }
    expect(diffs).toEqual([])
  }, 60_000)
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

/** Expects each finding's verdicts with the fast paths to equal those without, on each page, in each language. */
function expectSameVerdicts(findings: FindingRequest[], pages: PageHints[], translators: Translate[]): void {
  const diffs: string[] = []
  const fast: unknown[] = []
  const reference: unknown[] = []
  for (const t of translators) {
    for (const page of pages) {
      for (const f of findings) {
        // Judged three times, so that answers from every memo (filled by the first or the second
        // call, or by an earlier finding with the same digits) are compared too.
        const times = [verdictForFinding(index, f, page, t), verdictForFinding(index, f, page, t), verdictForFinding(index, f, page, t)]
        const want = withoutFastPaths(() => verdictForFinding(index, f, page, t))
        // JSON also compares the order of the fields, which is the order verdicts print in.
        const wanted = JSON.stringify(want)
        const got = times.map((v) => JSON.stringify(v)).find((v) => v !== wanted)
        if (got !== undefined) diffs.push(`${f.text} on ${page.url}: ${got} vs ${wanted}`)
        fast.push(...times)
        reference.push(want, want, want)
      }
    }
  }
  expect(diffs.slice(0, 5)).toEqual([])
  expect(fast).toStrictEqual(reference)
}

// libphonenumber reads every number of every reference verdict: seconds on a busy machine.
describe('verdicts with the fast paths', () => {
  it('equal the reference verdicts for thousands of generated findings', () => {
    const findings = [...makeFindings(1_500, 3), ...makeFindings(1_500, 1234)]
    expectSameVerdicts(findings, PAGES.slice(0, 2), [englishTranslate])
  }, 60_000)

  it('equal the reference verdicts for hand-picked edge cases, on every page and in two languages', () => {
    expectSameVerdicts(EDGE_CASES, PAGES, [englishTranslate, translatorFor('de')])
  }, 60_000)

  it('equal the reference verdicts when the same findings arrive in another order', () => {
    const findings = makeFindings(500, 99).reverse()
    expectSameVerdicts(findings, [PAGES[2]!], [translatorFor('ja')])
  }, 60_000)

  it('follow a new registry: a number added to it is official at once', () => {
    const f = finding('1-888-555-0100')
    const page = PAGES[0]!
    expect(verdictForFinding(index, f, page)?.verdict).toBe('spoofed')
    const payload = structuredClone(index.payload)
    const apple = payload.organisations[0]!
    apple.numbers.push({ ...apple.numbers.find((n) => n.e164 === '+18002752273')!, e164: '+18885550100', display: '+1 888 555 0100' })
    const updated = buildIndex(payload)
    expect(verdictForFinding(updated, f, page)?.verdict).toBe('official')
    expect(verdictForFinding(updated, f, page)).toStrictEqual(withoutFastPaths(() => verdictForFinding(updated, f, page)))
    expect(verdictForFinding(index, f, page)?.verdict).toBe('spoofed')
  })

  it('follow the translator: the same finding is worded in each language asked for', () => {
    const f = finding('1-888-555-0100', { redFlags: ['gift card'] })
    const page = PAGES[0]!
    const english = verdictForFinding(index, f, page)!.reasons.map((r) => r.text)
    const german = verdictForFinding(index, f, page, translatorFor('de'))!.reasons.map((r) => r.text)
    expect(german).not.toEqual(english)
    expect(german).toEqual(withoutFastPaths(() => verdictForFinding(index, f, page, translatorFor('de')))!.reasons.map((r) => r.text))
  })
})

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

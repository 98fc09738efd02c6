import { describe, it, expect, beforeAll } from 'vitest'
import { findCandidates } from '../../src/core/candidates'
import { checkNumber } from '../../src/core/check'
import { verdictForFinding } from '../../src/core/judge-finding'
import type { RegistryIndex } from '../../src/core/registry-index'
import { realIndex } from '../helpers/registry'

let index: RegistryIndex
beforeAll(async () => {
  index = await realIndex()
})

describe('checkNumber', () => {
  it.each([
    ['1-800-MY-APPLE', undefined, 'official', '+18006927753'],
    ['1‐800‐275‐2273', undefined, 'official', '+18002752273'],
    ['+1 800 275 2274', undefined, 'lookalike', '+18002752274'],
    ['+1 888 555 0100', undefined, 'not-official', '+18885550100'],
    ['400-666-8800', 'CN', 'official', '+864006668800'],
    ['１８００２７５２２７３', undefined, 'official', '+18002752273'],
    ['0800 048 0408', 'GB', 'official', '+448000480408'],
    ['(800) MY–APPLE', undefined, 'official', '+18006927753'],
    ['1 800 MY-APPLE', undefined, 'official', '+18006927753'],
    ['001-800-692-7753', 'MX', 'official', '+18006927753'],
    ['1-888-275-2273', undefined, 'lookalike', '+18882752273'],
    ['1-800-275-2237', undefined, 'lookalike', '+18002752237'],
    ['+44 800 107 6285', undefined, 'official', '+448001076285'],
    // Apple Thailand's number, on the registry at low confidence only: never green.
    ['1800 019 900', 'TH', 'unconfirmed', '+661800019900'],
    // A region the user chose is stated, not guessed: the same digits in Australia are another
    // line (a legal-aid number), not Apple Thailand's, and Australia's list is complete.
    ['1800 019 900', 'AU', 'not-official', '+611800019900'],
    // Without a region, Apple's number in any registry country wins over a guess.
    ['400 666 8800', null, 'official', '+864006668800'],
    // The same digits, not on the list, are different numbers in Thailand (partial list) and Australia (complete list).
    ['1800 123 456', 'TH', 'unconfirmed', '+661800123456'],
    ['1800 123 456', 'AU', 'not-official', '+611800123456'],
    // Apple Turkey's national-only number, on the registry at low confidence only.
    ['00800 448 829 873', 'TR', 'unconfirmed', null],
    ['400-627-2273', 'CN', 'not-official', '+864006272273'],
  ])('%s (region %s) is %s', (input, region, verdict, e164) => {
    const r = checkNumber(index, input, { region: region ?? null })
    expect(r.verdict).toBe(verdict)
    expect(r.e164).toBe(e164)
  })

  it('never calls a number official on low-confidence entries alone: unconfirmed, with no official listing and no number to call', () => {
    for (const [input, region] of [
      ['1800 019 900', 'TH'],
      ['00800 448 829 873', 'TR'],
    ] as const) {
      const r = checkNumber(index, input, { region })
      expect(r.verdict).toBe('unconfirmed')
      expect(r.official).toEqual([])
      expect(r.reasons[0]?.code).toBe('low-confidence')
      expect(r.country).toBe(region)
      // Neither "On Apple's official list" nor "not on the list … not complete": it is listed, unconfirmed.
      expect(r.reasons.map((x) => x.code)).not.toContain('official')
      expect(r.message).toMatch(/only from an unconfirmed source/)
    }
  })

  it('says a number not on an incomplete list is unconfirmed, and on a complete list not official', () => {
    const th = checkNumber(index, '1800 123 456', { region: 'TH' })
    expect(th.reasons[0]?.code).toBe('unconfirmed')
    expect(th.reasons.map((x) => x.code)).not.toContain('not-listed')
    const au = checkNumber(index, '1800 123 456', { region: 'AU' })
    expect(au.reasons[0]?.code).toBe('complete-list')
    // "That alone does not prove it fake" would take back what the complete list says.
    expect(au.reasons.map((x) => x.code)).not.toContain('not-listed')
  })

  it('says whether the number states its country or the country was assumed', () => {
    expect(checkNumber(index, '+44 800 107 6285').countryGuessed).toBe(false)
    expect(checkNumber(index, '1-800-275-2273').countryGuessed).toBe(false)
    expect(checkNumber(index, '0800 048 0408', { region: 'GB' }).countryGuessed).toBe(true)
    expect(checkNumber(index, '1800 123 456', { region: 'AU' }).countryGuessed).toBe(true)
  })

  it('names the official number a lookalike imitates', () => {
    expect(checkNumber(index, '+1 800 275 2274').imitates?.e164).toBe('+18002752273')
    expect(checkNumber(index, '1-888-275-2273').reasons[0]?.code).toBe('toll-free-twin')
  })

  it('gives Apple\u2019s official numbers for the region when a number is not official', () => {
    const r = checkNumber(index, '+1 888 555 0100')
    expect(r.alternatives[0]?.e164).toBe('+18002752273')
  })

  it('never offers a low-confidence number as one of Apple\u2019s numbers to call', () => {
    // 1-866-676-5682 (US) and 1800 019 900 (TH) are on the registry at low confidence only.
    const us = checkNumber(index, '+1 888 555 0100').alternatives.map((a) => a.e164)
    expect(us).toContain('+18002752273')
    expect(us).not.toContain('+18666765682')
    expect(checkNumber(index, '1800 123 456', { region: 'TH' }).alternatives.map((a) => a.e164)).not.toContain('+661800019900')
    for (const r of [checkNumber(index, '+1 888 555 0100'), checkNumber(index, '1800 123 456', { region: 'TH' }), checkNumber(index, '+1 408 974 2042')]) {
      expect(r.alternatives.map((a) => a.confidence)).not.toContain('low')
    }
  })

  it('says a retired number is out of service', () => {
    const r = checkNumber(index, '400-627-2273', { region: 'CN' })
    expect(r.reasons.map((x) => x.code)).toContain('retired')
  })

  it('reads the German 01800 number only when the region says so', () => {
    expect(checkNumber(index, '1-800-275-2273', { userLocale: 'de-DE' }).e164).toBe('+18002752273')
  })

  it('says a disguised number is disguised', () => {
    const r = checkNumber(index, '1\u200b888\u200b555\u200b0100')
    expect(r.verdict).toBe('not-official')
    expect(r.reasons.map((x) => x.code)).toContain('disguised')
  })

  it.each(['', '   ', 'abc', 'hello', '12', 'x'.repeat(300), '99999999999999999999'])('calls %j invalid with a helpful message', (input) => {
    const r = checkNumber(index, input)
    expect(r.verdict).toBe('invalid')
    expect(r.message.length).toBeGreaterThan(10)
  })
})

describe('a pasted number and the same number on a page', () => {
  /** The verdict's country, number and reason codes for `input` alone on a page, with no claim words. */
  const onPage = (input: string, region: string | null, userLocale: string | null): string => {
    const [c] = findCandidates(input)
    const finding = { text: input, digits: c!.digits, plus: c!.plus, groups: c!.groups, disguises: 0, link: null, redFlags: [], nearbyText: '', lang: null }
    const v = verdictForFinding(index, finding, { url: null, region, userLocale })
    return v ? `${v.country} ${v.e164} ${v.reasons.map((r) => r.code).join(',')}` : 'no number'
  }
  const pasted = (input: string, region: string | null, userLocale: string | null): string => {
    const r = checkNumber(index, input, { region, userLocale })
    return r.verdict === 'invalid' ? 'no number' : `${r.country} ${r.e164} ${r.reasons.map((x) => x.code).join(',')}`
  }

  const inputs = ['+1 888 555 0100', '+44 800 555 0100', '+61 1800 123 456', '0800 555 0100', '1800 019 900', '1800 123 456', '400 666 8800', '1-800-275-2273', '+1 800 275 2274', '(408) 996-1010']
  const regions = [null, 'US', 'GB', 'AU', 'TH', 'DE', 'CN']
  const locales = [null, 'en-US', 'en-GB', 'de-DE']
  it('get the same country, number and reasons in every region and locale', () => {
    const differ: string[] = []
    for (const input of inputs) for (const region of regions) for (const locale of locales) {
      const a = pasted(input, region, locale)
      const b = onPage(input, region, locale)
      if (a !== b) differ.push(`${input} (region ${region}, locale ${locale}): pasted ${a}, on a page ${b}`)
    }
    expect(differ).toEqual([])
  })

  it('never call a toll-free line of the page\u2019s own country foreign, whatever region the user chose', () => {
    // A Swiss page (address and language) with a Swiss toll-free number that is not on the list
    // (Switzerland's list is partial): the user who chose US, GB or nothing reads the same verdict.
    const [c] = findCandidates('+41 800 00 2775')
    const finding = { text: '+41 800 00 2775', digits: c!.digits, plus: c!.plus, groups: c!.groups, disguises: 0, link: null, redFlags: [], nearbyText: 'Apple Support Hotline: ', lang: 'de-CH' }
    for (const url of ['https://www.digitec.ch/de/page/1', 'https://support.apple.com/de-ch/contact']) {
      const verdicts = [null, 'US', 'GB', 'CH'].map((region) => {
        const v = verdictForFinding(index, finding, { url, region, userLocale: 'en-US' })
        return `${region}: ${v?.verdict} ${v?.reasons.map((r) => r.code).join(',')}`
      })
      for (const line of verdicts) expect(line, url).not.toMatch(/foreign-toll-free|spoofed/)
    }
  })

  it('flag a toll-free line of another country whether the user chose their region or their locale says it', () => {
    // The user's chosen region says where numbers without a country code are read; it makes a
    // "+1 888" line no less foreign to them than their locale's region does.
    for (const [region, locale] of [['GB', 'en-US'], [null, 'en-GB']] as const) {
      expect(pasted('+1 888 555 0100', region, locale)).toContain('foreign-toll-free')
      expect(onPage('+1 888 555 0100', region, locale)).toContain('foreign-toll-free')
    }
  })
})

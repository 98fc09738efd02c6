// diffPayloads: the change list `registry build`, `sign` and `diff` print, on the helper's
// fixture payload (test/helpers/test-key.ts), one kind of change at a time.

import { describe, expect, it } from 'vitest'
import { countNumberChanges, diffPayloads } from '../../src/cli/registry-diff'
import type { RegistryPayload } from '../../src/core/registry-types'
import { fixturePayload } from '../helpers/test-key'

function changed(edit: (p: RegistryPayload) => void): string[] {
  const after = fixturePayload()
  edit(after)
  return diffPayloads(fixturePayload(), after)
}

const apple = (p: RegistryPayload) => p.organisations[0]!

describe('diffPayloads', () => {
  it.each<[string, (p: RegistryPayload) => void, string[]]>([
    ['the dates', (p) => { p.issued = '2026-12-01T00:00:00Z'; p.expires = '2027-06-01T00:00:00Z' }, [
      '~ issued 2026-11-25T00:00:00Z → 2026-12-01T00:00:00Z',
      '~ expires 2027-05-25T00:00:00Z → 2027-06-01T00:00:00Z',
    ]],
    ['several fields of one number', (p) => {
      const n = apple(p).numbers[1]!
      n.confidence = 'high'
      n.languages = ['en', 'es']
      n.sources = [...n.sources, 'https://www.apple.com/us/shop/help']
    }, ['~ number US sales +18006927753: languages ["en"] → ["en","es"]; confidence "medium" → "high"; sources 1 → 2']],
    ['a source reworded', (p) => (apple(p).numbers[0]!.sources = ['https://support.apple.com/en-us/HT201232']), [
      '~ number US support +18002752273: sources edited (1)',
    ]],
    ['a number keyed by its national digits', (p) => (apple(p).numbers[2]!.hours = null), [
      '~ number TR support 00800448829873: hours "Mon-Fri 09:00-18:00" → none',
    ]],
    ['the numbers reordered', (p) => apple(p).numbers.reverse(), ['~ numbers reordered']],
    ['a retired number', (p) => apple(p).retired.push({ e164: '+18005551212', country: 'US', display: '1-800-555-1212', retired: '2024', source: 'https://example.org/x' }), [
      '+ retired number US +18005551212 "1-800-555-1212", retired 2024',
    ]],
    ['the countries without a support number', (p) => (apple(p).noSupportNumber = ['AQ', 'BV']), ['~ countries without a support number: + "BV"']],
    ['coverage, where a level left out means none', (p) => {
      apple(p).coverage.US = { support: 'complete' }
      apple(p).coverage.TR = { support: 'partial', sales: 'none' }
    }, ['~ coverage US sales: partial → none']],
    ['a domain and a channel', (p) => {
      apple(p).domains.push('apple.co')
      apple(p).channels[0]!.label = 'Get support'
    }, [
      '~ official domains: + "apple.co"',
      '~ channels: + "web https://support.apple.com/contact \\"Get support\\""; - "web https://support.apple.com/contact \\"Contact Apple Support\\""',
    ]],
    ['a lexicon language added and one removed', (p) => {
      apple(p).lexicon.fake.de = ['Fälschung']
      delete apple(p).lexicon.notBrand['zh-Hans']
    }, ['- lexicon notBrand zh-Hans: 1 term', '+ lexicon fake de: 1 term (+ "Fälschung")']],
    ['many terms, five spelled out and the rest counted', (p) => apple(p).lexicon.support.en!.push('a', 'b', 'c', 'd', 'e', 'f', 'g'), [
      '~ lexicon support en: 2 → 9 terms (+ "a", "b", "c", "d", "e" and 2 more)',
    ]],
    ['a term replaced', (p) => (apple(p).lexicon.brand.en = ['Apple', 'AppleCare', 'iPad']), [
      '~ lexicon brand en: 3 → 3 terms (+ "iPad"; - "iPhone")',
    ]],
    ['red flags', (p) => p.redFlags.en!.push('remote access'), ['~ red flags en: 3 → 4 phrases (+ "remote access")']],
    ['fraud-report sites', (p) => {
      p.fraudReport.US!.url = 'https://www.ftc.gov/'
      p.fraudReport.GB = { name: 'Action Fraud', url: 'https://www.actionfraud.police.uk/' }
    }, [
      '+ fraud report GB: Action Fraud https://www.actionfraud.police.uk/',
      '~ fraud report US: FTC https://reportfraud.ftc.gov/ → FTC https://www.ftc.gov/',
    ]],
  ])('lists %s', (_, edit, lines) => {
    expect(changed(edit)).toEqual(lines)
  })

  it('names the organisation on each line when there are several', () => {
    const after = fixturePayload()
    after.organisations.push({ ...structuredClone(apple(after)), id: 'pear', name: 'Pear' })
    const before = structuredClone(after)
    after.organisations[1]!.numbers[0]!.checked = '2026-12-01'
    expect(diffPayloads(before, after)).toEqual(['~ pear: number US support +18002752273: checked "2026-11-25" → "2026-12-01"'])
    expect(diffPayloads(fixturePayload(), before)).toEqual(['+ organisation pear (3 numbers)'])
  })

  it('says when only the serialisation differs', () => {
    expect(diffPayloads(fixturePayload(), fixturePayload())).toEqual(['~ the same content, serialised differently (key order or spacing)'])
  })
})

describe('countNumberChanges', () => {
  it.each<[string[], string]>([
    [['+ number A', '+ number B', '~ number C', '~ coverage X'], 'numbers: 2 added, 1 changed'],
    [['- number A', '+ apple: number B'], 'numbers: 1 added, 1 removed'],
    [['~ lexicon brand en: 1 → 2 terms'], 'no number changed'],
  ])('summarises %j as "%s"', (lines, text) => {
    expect(countNumberChanges(lines)).toBe(text)
  })
})

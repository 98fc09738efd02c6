// parseRequest is the background's only door: every message from a content script or page is
// untrusted until each field is checked, and what passes is rebuilt from the checked fields.
import { describe, it, expect } from 'vitest'
import { CONTENT_REQUESTS } from '../../src/background/dispatcher'
import { parseRequest } from '../../src/background/validate'

const URL = 'https://scam.example/apple-support'
/** Findings per verdicts request: one request per flush, one per 1,000 numbers on a huge page. */
const MAX_FINDINGS = 1000

/** A finding as the content script sends it for "Apple Support: 1-888-555-0142". */
const finding = () => ({
  text: '1-888-555-0142',
  digits: '18885550142',
  plus: false,
  groups: [
    { digits: '1', end: 1 },
    { digits: '888', end: 5 },
    { digits: '555', end: 9 },
    { digits: '0142', end: 14 },
  ],
  disguises: 0,
  link: { digits: '18885550142', plus: true },
  redFlags: ['gift card'],
  nearbyText: 'Apple Support: call ',
  lang: 'en',
  claim: { words: 'Apple Support: call 1-888-555-0142', where: 'sentence' },
  imitation: null,
})

const verdicts = (findings: unknown[] = [finding()]) => ({ type: 'verdicts', url: URL, findings })

describe('parseRequest accepts every request shape', () => {
  it.each([
    ['hello', { type: 'hello', url: URL }],
    ['page-reset', { type: 'page-reset', url: URL }],
    ['verdicts', verdicts()],
    ['verdicts with no findings', verdicts([])],
    ['verdicts with an unlinked finding and no lang', verdicts([{ ...finding(), link: null, lang: null, redFlags: [] }])],
    ['verdicts from a page that imitates Apple', verdicts([{ ...finding(), claim: { words: 'Copyright © 2026 Apple Inc.', where: 'imitation' }, imitation: 'Copyright © 2026 Apple Inc.' }])],
    ...['label', 'heading', 'dialog', 'table', 'page'].map((where): [string, object] => [`verdicts with a claim from its ${where}`, verdicts([{ ...finding(), claim: { words: 'Apple Support', where } }])]),
    ['registry-status', { type: 'registry-status' }],
    ['registry-import', { type: 'registry-import', text: '{"payload":"{}","signatures":[]}' }],
    ['registry-fetch', { type: 'registry-fetch' }],
    ['registry-restore', { type: 'registry-restore' }],
    ['check', { type: 'check', input: '1-800-275-2273' }],
    ['tab-findings', { type: 'tab-findings', tabId: 42 }],
    ['tab-findings for tab 0', { type: 'tab-findings', tabId: 0 }],
    ['settings-get', { type: 'settings-get' }],
    ['settings-set', { type: 'settings-set', changes: { showOfficial: false } }],
    ['hostage', { type: 'hostage', url: URL, signs: ['fullscreen', 'media'] }],
    ['hostage with every sign', { type: 'hostage', url: URL, signs: ['fullscreen', 'pointer-lock', 'media', 'history', 'leave-trap', 'sound'] }],
    ['audible', { type: 'audible' }],
    ['close-tab from a content script', { type: 'close-tab' }],
    ['close-tab from the popup', { type: 'close-tab', tabId: 7 }],
  ])('accepts %s', (_name, message) => {
    expect(parseRequest(structuredClone(message))).toEqual(message)
  })

  it('rebuilds the request: fields outside the contract are dropped at every level', () => {
    const hostile = {
      ...verdicts([
        {
          ...finding(),
          evil: '<img src=x onerror=alert(1)>',
          ['__proto__']: { polluted: true },
          groups: [{ digits: '18885550142', end: 14, extra: 1 }],
          link: { digits: '18885550142', plus: false, href: 'javascript:alert(1)' },
          claim: { words: 'Apple Support', where: 'label', html: '<b>x</b>' },
        },
      ]),
      tabId: 7,
      sender: { id: 'forged' },
    }
    // A computed key makes "__proto__" an own property, as JSON.parse would.
    expect(Object.hasOwn(hostile.findings[0] as object, '__proto__')).toBe(true)
    const parsed = parseRequest(hostile)
    expect(parsed).toEqual({
      type: 'verdicts',
      url: URL,
      findings: [{ ...finding(), groups: [{ digits: '18885550142', end: 14 }], link: { digits: '18885550142', plus: false }, claim: { words: 'Apple Support', where: 'label' } }],
    })
    const f = (parsed as unknown as { findings: Array<Record<string, unknown>> }).findings[0]!
    expect(Object.keys(f).sort()).toEqual(['claim', 'digits', 'disguises', 'groups', 'imitation', 'lang', 'link', 'nearbyText', 'plus', 'redFlags', 'text'])
    expect(Object.keys(f.claim as object).sort()).toEqual(['where', 'words'])
    expect(Object.hasOwn(f, '__proto__')).toBe(false)
    expect(Object.getPrototypeOf(f)).toBe(Object.prototype)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(f).not.toBe(hostile.findings[0])
    expect(Object.keys(parsed!)).toEqual(['type', 'url', 'findings'])
  })

  it('reads a finding without a claim or imitation as one with none', () => {
    const { claim: _claim, imitation: _imitation, ...bare } = finding()
    expect(parseRequest(verdicts([bare]))).toEqual(verdicts([{ ...finding(), claim: null, imitation: null }]))
  })

  it('drops extra fields of requests without a body', () => {
    expect(parseRequest({ type: 'registry-status', url: URL, text: 'x' })).toEqual({ type: 'registry-status' })
    expect(parseRequest({ type: 'hello', url: URL, patterns: { brand: '.*' } })).toEqual({ type: 'hello', url: URL })
    expect(parseRequest({ type: 'check', input: '1', region: 'US' })).toEqual({ type: 'check', input: '1' })
  })

  it('accepts the largest allowed values', () => {
    expect(parseRequest({ type: 'hello', url: 'x'.repeat(8192) })).not.toBeNull()
    expect(parseRequest({ type: 'check', input: '1'.repeat(10_000) })).not.toBeNull()
    expect(parseRequest({ type: 'registry-import', text: 'x'.repeat(4 * 1024 * 1024) })).not.toBeNull()
    expect(parseRequest({ type: 'tab-findings', tabId: 2 ** 31 })).not.toBeNull()
    expect(parseRequest(verdicts(Array.from({ length: MAX_FINDINGS }, finding)))).not.toBeNull()
    const big = { ...finding(), text: 't'.repeat(200), nearbyText: 'n'.repeat(200), lang: 'l'.repeat(40), disguises: 200, digits: '1'.repeat(24) }
    big.groups = Array.from({ length: 24 }, (_, i) => ({ digits: '1', end: Math.min(400, i + 1) }))
    big.redFlags = Array.from({ length: 8 }, () => 'r'.repeat(120))
    big.claim = { words: 'w'.repeat(120), where: 'sentence' }
    ;(big as Record<string, unknown>).imitation = 'i'.repeat(120)
    expect(parseRequest(verdicts([big]))).toEqual(verdicts([big]))
  })
})

describe('parseRequest refuses malformed requests', () => {
  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
    ['a string', 'hello'],
    ['a boolean', true],
    ['an array', [{ type: 'hello', url: URL }]],
    ['an object without type', { url: URL }],
    ['a numeric type', { type: 1, url: URL }],
    ['a type object', { type: { toString: () => 'hello' }, url: URL }],
    ['an unknown type', { type: 'registry-delete' }],
    ['a type with different case', { type: 'Hello', url: URL }],
    ['hostage with no sign', { type: 'hostage', url: URL, signs: [] }],
    ['hostage with an unknown sign', { type: 'hostage', url: URL, signs: ['fullscreen', 'mind-control'] }],
    ['hostage with a sign that is no string', { type: 'hostage', url: URL, signs: [{}] }],
    ['hostage with too many signs', { type: 'hostage', url: URL, signs: Array(7).fill('media') }],
    ['close-tab with a negative tab', { type: 'close-tab', tabId: -1 }],
    ['close-tab with a tab that is no integer', { type: 'close-tab', tabId: '7' }],
    ['a prototype key as type', { type: '__proto__' }],
    ['a toString type', { type: 'toString' }],
    ['hello without url', { type: 'hello' }],
    ['hello with a numeric url', { type: 'hello', url: 1 }],
    ['hello with an oversized url', { type: 'hello', url: 'x'.repeat(8193) }],
    ['page-reset without url', { type: 'page-reset' }],
    ['page-reset with an array url', { type: 'page-reset', url: [URL] }],
    ['registry-import without text', { type: 'registry-import' }],
    ['registry-import with an object', { type: 'registry-import', text: { payload: '' } }],
    ['registry-import over 4 MB', { type: 'registry-import', text: 'x'.repeat(4 * 1024 * 1024 + 1) }],
    ['check without input', { type: 'check' }],
    ['check with numeric input', { type: 'check', input: 18002752273 }],
    ['check with oversized input', { type: 'check', input: '1'.repeat(10_001) }],
    ['tab-findings without tabId', { type: 'tab-findings' }],
    ['tab-findings with a negative tabId', { type: 'tab-findings', tabId: -1 }],
    ['tab-findings with a float tabId', { type: 'tab-findings', tabId: 1.5 }],
    ['tab-findings with NaN', { type: 'tab-findings', tabId: NaN }],
    ['tab-findings with Infinity', { type: 'tab-findings', tabId: Infinity }],
    ['tab-findings with a huge tabId', { type: 'tab-findings', tabId: 2 ** 31 + 1 }],
    ['tab-findings with a string tabId', { type: 'tab-findings', tabId: '42' }],
    ['settings-set without changes', { type: 'settings-set' }],
    ['settings-set with null changes', { type: 'settings-set', changes: null }],
    ['settings-set with array changes', { type: 'settings-set', changes: [{ showOfficial: false }] }],
    ['settings-set with string changes', { type: 'settings-set', changes: '{"showOfficial":false}' }],
    ['verdicts without url', { type: 'verdicts', findings: [] }],
    ['verdicts with an oversized url', { type: 'verdicts', url: 'x'.repeat(8193), findings: [] }],
    ['verdicts without findings', { type: 'verdicts', url: URL }],
    ['verdicts with findings as an object', { type: 'verdicts', url: URL, findings: { 0: finding(), length: 1 } }],
    ['verdicts with one finding too many', verdicts(Array.from({ length: MAX_FINDINGS + 1 }, finding))],
  ])('refuses %s', (_name, message) => {
    expect(parseRequest(message)).toBeNull()
  })

  it.each([
    ['a null finding', [null], [false]],
    ['an array finding', [[finding()]], [false]],
    ['a string finding', [JSON.stringify(finding())], [false]],
    ['one bad finding among good ones', [finding(), { ...finding(), digits: 'x' }, finding()], [true, false, true]],
  ])('reads no finding from %s, and still reads the good ones', (_name, findings, readable) => {
    const parsed = parseRequest(verdicts(findings as unknown[])) as { findings: unknown[] } | null
    expect(parsed).not.toBeNull()
    expect(parsed!.findings.map((f) => f !== null)).toEqual(readable)
  })
})

describe('parseRequest checks every field of a finding', () => {
  // [field, bad values]: each bad value alone makes the finding unreadable (it gets no verdict).
  const BAD: Array<[string, unknown[]]> = [
    ['text', [undefined, null, 1, [], {}, 't'.repeat(201)]],
    ['digits', [undefined, null, 18885550142, '', '1-888', '１８８８', '1'.repeat(25), '12a', ' 123', '123\n', ['1']]],
    ['plus', [undefined, null, 'true', 1, 0]],
    ['groups', [undefined, null, [], {}, '1', Array.from({ length: 25 }, () => ({ digits: '1', end: 1 }))]],
    ['disguises', [undefined, null, -1, 1.5, 201, NaN, Infinity, '0']],
    ['link', [undefined, 'tel:+18885550142', [], 1, {}, { digits: '1888', plus: 'yes' }, { digits: 'abc', plus: true }, { plus: true }]],
    ['redFlags', [undefined, null, 'gift card', {}, [1], [null], ['r'.repeat(121)], Array.from({ length: 9 }, () => 'x')]],
    ['nearbyText', [undefined, null, 1, ['x'], 'n'.repeat(201)]],
    ['lang', [undefined, 1, {}, [], 'l'.repeat(41)]],
    // A missing claim or imitation reads as none (null); a content script never sends 'pasted'.
    [
      'claim',
      [
        'Apple Support',
        1,
        [],
        {},
        { words: 'Apple Support' },
        { where: 'sentence' },
        { words: 1, where: 'sentence' },
        { words: 'w'.repeat(121), where: 'sentence' },
        { words: 'Apple Support', where: 'pasted' },
        { words: 'Apple Support', where: 'nowhere' },
        { words: 'Apple Support', where: '__proto__' },
        { words: 'Apple Support', where: ['sentence'] },
      ],
    ],
    ['imitation', [1, {}, [], true, 'i'.repeat(121)]],
  ]
  const cases = BAD.flatMap(([field, values]) => values.map((value) => [field, value] as const))

  it.each(cases)('refuses a finding whose %s is %j', (field, value) => {
    const f: Record<string, unknown> = finding()
    if (value === undefined) delete f[field]
    else f[field] = value
    expect(parseRequest(verdicts([f]))).toEqual({ type: 'verdicts', url: URL, findings: [null] })
  })

  const BAD_GROUPS: Array<[string, unknown]> = [
    ['null', null],
    ['an array', ['1', 1]],
    ['a string', '1'],
    ['missing digits', { end: 1 }],
    ['non-digit digits', { digits: 'one', end: 1 }],
    ['empty digits', { digits: '', end: 1 }],
    ['too many digits', { digits: '1'.repeat(25), end: 1 }],
    ['missing end', { digits: '1' }],
    ['a negative end', { digits: '1', end: -1 }],
    ['a float end', { digits: '1', end: 0.5 }],
    ['an end over 400', { digits: '1', end: 401 }],
    ['a string end', { digits: '1', end: '1' }],
  ]
  it.each(BAD_GROUPS)('refuses a digit group that is %s', (_name, group) => {
    expect(parseRequest(verdicts([{ ...finding(), groups: [{ digits: '1', end: 1 }, group] }]))).toEqual({ type: 'verdicts', url: URL, findings: [null] })
  })
})

describe('CONTENT_REQUESTS', () => {
  it('lets content scripts send only hello, verdicts, page-reset, and hostage, audible and close-tab for their own tab', () => {
    // Everything else (settings, registry, other tabs' findings) must come from an extension page.
    // hostage, audible and close-tab concern the sender's own tab only (background/dispatcher.ts),
    // the first two only from a frame with a red claim, close-tab only for a tab marked as a hostage page.
    expect([...CONTENT_REQUESTS].sort()).toEqual(['audible', 'close-tab', 'hello', 'hostage', 'page-reset', 'verdicts'])
  })
})

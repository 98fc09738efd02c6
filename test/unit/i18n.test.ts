// Localisation: every locale carries exactly the English keys and placeholders, the English
// default reproduces the CLI's sentences word for word, translated verdicts keep their codes, and
// no user-visible text is hard-coded in the extension's UI code.
import { describe, it, expect, beforeAll } from 'vitest'
import { readFileSync, readdirSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { parseAst } from 'vite'
import { checkNumber } from '../../src/core/check'
import { countMessage, englishTranslate, formatMessage, joinList, languageOf, type MessageCatalog } from '../../src/core/i18n'
import type { RegistryIndex } from '../../src/core/registry-index'
import { readNumber } from '../../src/core/phone'
import { alternativesFor, claimReason, judge, type ClaimPlace } from '../../src/core/verdict'
import { locales, readCatalog, translatorFor } from '../helpers/i18n'
import { realIndex } from '../helpers/registry'

const root = resolve(import.meta.dirname, '../..')
const en = readCatalog('en')
const enKeys = Object.keys(en).sort()

/** The locales the issue asks for; more may be added, none may go missing. */
const REQUIRED = ['en', 'zh_CN', 'zh_TW', 'ja', 'ko', 'de', 'fr', 'es', 'pt_BR', 'pt_PT']
const PREFIXES = ['ext', 'toolbar', 'menu', 'verdict', 'report', 'badge', 'reason', 'check', 'service', 'list', 'popup', 'options', 'count', 'registry', 'fetch', 'claim', 'notice']
const KEY_SHAPE = new RegExp(`^(?:${PREFIXES.join('|')})[A-Z][A-Za-z0-9]*$`)

// ---- catalog checks ----

/** What a translation must keep from English: named placeholders (and their $n), bare $n. */
function placeholderShape(entry: MessageCatalog[string]): { used: string[]; defined: string[]; positional: string[] } {
  const used = [...entry.message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((m) => m[1]!.toLowerCase())
  const withoutNamed = entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, '')
  return {
    used: [...new Set(used)].sort(),
    defined: Object.entries(entry.placeholders ?? {})
      .map(([name, p]) => `${name.toLowerCase()}=${p.content}`)
      .sort(),
    positional: [...new Set(withoutNamed.match(/\$[1-9]/g) ?? [])].sort(),
  }
}

/** Every difference between a locale and English, as readable lines (empty = consistent). */
export function catalogProblems(locale: string, catalog: MessageCatalog, english: MessageCatalog): string[] {
  const problems: string[] = []
  for (const key of Object.keys(english)) if (!Object.hasOwn(catalog, key)) problems.push(`${locale}: missing ${key}`)
  for (const key of Object.keys(catalog)) if (!Object.hasOwn(english, key)) problems.push(`${locale}: ${key} is not in en`)
  for (const [key, entry] of Object.entries(catalog)) {
    if (!Object.hasOwn(english, key)) continue
    if (typeof entry?.message !== 'string' || entry.message.trim() === '') {
      problems.push(`${locale}.${key}: empty message`)
      continue
    }
    const mine = placeholderShape(entry)
    const theirs = placeholderShape(english[key]!)
    for (const part of ['used', 'defined', 'positional'] as const) {
      if (mine[part].join() !== theirs[part].join()) problems.push(`${locale}.${key}: placeholders ${part} ${mine[part].join() || '(none)'} ≠ en ${theirs[part].join() || '(none)'}`)
    }
    const undefinedUse = mine.used.filter((name) => !Object.keys(entry.placeholders ?? {}).some((n) => n.toLowerCase() === name))
    if (undefinedUse.length > 0) problems.push(`${locale}.${key}: uses undefined placeholder ${undefinedUse.join()}`)
    // A lone "$" is dropped by the browser together with the next character.
    const stray = entry.message.replace(/\$([A-Za-z0-9_@]+)\$|\$[1-9]|\$\$/g, '')
    if (stray.includes('$')) problems.push(`${locale}.${key}: stray "$" (write "$$" for a dollar sign)`)
    if (entry.message !== entry.message.trim()) problems.push(`${locale}.${key}: leading or trailing space`)
  }
  return problems
}

/** Keys whose translation may equal the English: brands, symbols and words the languages share. */
const SAME_AS_ENGLISH = new Set([
  'extName',
  'verdictLabelOfficial',
  'listComma',
  'optionsMegabytes', // "$SIZE$ MB"
  'optionsVersion', // de, fr: "Version"
  'optionsBadgesLegend', // fr: "Badges"
  'optionsRegionLegend', // de: "Region"
  'optionsContentsValue', // de: "$NUMBERS$ in $COUNTRIES$"
  'checkListing', // ko: "$COUNTRY$ $SERVICE$"
  'popupServiceCountry', // de, fr, es, pt: "$SERVICE$, $COUNTRY$"
])

describe('the message catalogs (public/_locales)', () => {
  it('has every required locale, and the manifest names en as the default', () => {
    expect(locales()).toEqual(expect.arrayContaining(REQUIRED))
    const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as Record<string, unknown> & { action: { default_title: string } }
    expect(manifest.default_locale).toBe('en')
    expect(manifest.name).toBe('__MSG_extName__')
    expect(manifest.description).toBe('__MSG_extDescription__')
    expect(manifest.action.default_title).toBe('__MSG_extName__')
  })

  it('names keys in lowerCamelCase under a known prefix and describes each one for translators', () => {
    for (const [key, entry] of Object.entries(en)) {
      expect(key, key).toMatch(KEY_SHAPE)
      expect(entry.description?.trim().length ?? 0, `${key} needs a description`).toBeGreaterThan(10)
      for (const [name, p] of Object.entries(entry.placeholders ?? {})) expect(p.example, `${key}.$${name}$ needs an example`).toBeTruthy()
    }
  })

  it.each(locales())('%s has exactly the English keys, with the same placeholders', (locale) => {
    expect(catalogProblems(locale, readCatalog(locale), en)).toEqual([])
  })

  it('notices a missing key, an extra key and a changed placeholder', () => {
    const broken: MessageCatalog = JSON.parse(JSON.stringify(en)) as MessageCatalog
    delete broken.badgeWhy
    broken.badgeExtra = { message: 'x' }
    broken.reasonForeign = { message: 'Nummer $NUMBER_COUNTRY$', placeholders: { number_country: { content: '$1' } } }
    broken.checkNotListed = { message: 'costs $5', placeholders: { number: { content: '$1' } } }
    expect(catalogProblems('xx', broken, en)).toEqual(
      expect.arrayContaining([
        'xx: missing badgeWhy',
        'xx: badgeExtra is not in en',
        expect.stringMatching(/^xx\.reasonForeign: placeholders used/),
        expect.stringMatching(/^xx\.checkNotListed: placeholders positional \$5/),
      ]),
    )
  })

  it.each(locales().filter((l) => l !== 'en'))('%s is translated, not a copy of the English', (locale) => {
    const catalog = readCatalog(locale)
    const same = enKeys.filter((key) => catalog[key]?.message === en[key]!.message && !SAME_AS_ENGLISH.has(key))
    expect(same).toEqual([])
  })

  it.each(locales())('%s names its own language in extLanguageTag and fits the store limits', (locale) => {
    const catalog = readCatalog(locale)
    expect(catalog.extLanguageTag!.message).toBe(locale.replace('_', '-'))
    expect(Intl.getCanonicalLocales(catalog.extLanguageTag!.message)).toHaveLength(1)
    expect(catalog.extName!.message).toBe('TrueDial')
    // https://developer.chrome.com/docs/extensions/reference/manifest/description: at most 132 characters.
    expect(catalog.extDescription!.message.length).toBeLessThanOrEqual(132)
  })
})

// ---- substitution ----

describe('formatMessage (Chrome’s substitution rules)', () => {
  const entry = (message: string, placeholders?: Record<string, string>) => ({
    message,
    placeholders: placeholders && Object.fromEntries(Object.entries(placeholders).map(([k, content]) => [k, { content }])),
  })
  it.each([
    ['named placeholders, any case', entry('Call $Number$ now', { number: '$1' }), ['123'], 'Call 123 now'],
    ['placeholder content with literal text', entry('$WHO$ says hi', { who: 'Apple ($1)' }), ['US'], 'Apple (US) says hi'],
    ['positional $1 and $2', entry('$2 before $1'), ['a', 'b'], 'b before a'],
    ['a missing substitution becomes nothing', entry('[$1][$2]'), ['a'], '[a][]'],
    ['$$ is a dollar sign', entry('US$$5 and $$$$'), [], 'US$5 and $$$'],
    ['$ before anything else is dropped with it', entry('a$xb'), [], 'ab'],
    ['a trailing $ is dropped', entry('ab$'), [], 'ab'],
  ])('%s', (_name, e, subs, expected) => {
    expect(formatMessage(e, subs)).toBe(expected)
  })

  it('never expands placeholders inside substituted text (page text may contain "$1")', () => {
    expect(formatMessage({ message: '“$1” is not a number', placeholders: {} }, ['$1 $$ $TEXT$'])).toBe('“$1 $$ $TEXT$” is not a number')
  })

  it('joins lists pairwise and picks plural forms by the language’s rules', () => {
    expect(joinList(englishTranslate, ['a', 'b', 'c'], 'listAnd')).toBe('a and b and c')
    expect(joinList(translatorFor('ja'), ['a', 'b'], 'listComma')).toBe('a、b')
    expect(countMessage(englishTranslate, 'countCountriesOne', 'countCountriesOther', 1)).toBe('1 country')
    expect(countMessage(englishTranslate, 'countCountriesOne', 'countCountriesOther', 39)).toBe('39 countries')
    expect(countMessage(translatorFor('de'), 'countCountriesOne', 'countCountriesOther', 39)).toBe('39 Ländern')
    // French counts 0 and 1 as singular.
    expect(countMessage(translatorFor('fr'), 'popupNumbersOne', 'popupNumbersOther', 0)).toBe('0 numéro')
    expect(languageOf(translatorFor('zh_TW'))).toBe('zh-TW')
    expect(englishTranslate('noSuchKey')).toBe('noSuchKey')
  })
})

// ---- the verdicts in English (CLI) and in other languages ----

let index: RegistryIndex
beforeAll(async () => {
  index = await realIndex()
})

describe('English by default: the CLI’s sentences are unchanged', () => {
  // Captured from the CLI before localisation; the English catalog must reproduce them exactly.
  it.each([
    ['1-800-275-2273', 'US', '+1 800 275 2273 is an official Apple number (United States support).', 'official', 'On Apple’s official list: United States, support.'],
    ['+18002752274', null, '+1 800 275 2274 is NOT Apple’s: it imitates Apple’s United States number 1-800-275-2273.', 'lookalike', 'One digit away from Apple’s United States number 1-800-275-2273.'],
    ['1-888-275-2273', null, '+1 888 275 2273 is NOT Apple’s: it imitates Apple’s United States number 1-800-275-2273.', 'toll-free-twin', 'The same digits under another toll-free prefix as Apple’s United States number 1-800-275-2273.'],
    ['+1 888 555 0100', 'GB', '+1 888 555 0100 is not on Apple’s official list.', 'foreign', 'It is a number in United States, on a page for United Kingdom.'],
    ['+1 888 555 0100', null, '+1 888 555 0100 is not on Apple’s official list.', 'complete-list', 'TrueDial knows Apple’s support numbers for United States, and this is not one of them.'],
    ['400-627-2273', 'CN', '+86 400 627 2273 is not on Apple’s official list.', 'retired', 'Apple used this number once; it has been out of service since 2026 (reported out of service in 2026 (see reference README: deliberately left out as discontinued)).'],
    ['+44 909 879 0000', null, '+44 909 879 0000 is not on Apple’s official list.', 'premium-rate', 'It is a premium-rate number: calls cost extra. Apple’s support lines are free or ordinary-rate numbers.'],
    ['+1 888 555 0100', 'IT', '+1 888 555 0100 is not on Apple’s official list.', 'no-support-number', 'TrueDial has no verified Apple support number for Italy; find the right one at support.apple.com/contact.'],
    ['1-800-275-2237', null, '+1 800 275 2237 is NOT Apple’s: it imitates Apple’s United States number 1-800-275-2273.', 'lookalike', 'Two digits swapped from Apple’s United States number 1-800-275-2273.'],
    ['1\u200b888\u200b555\u200b0100', null, '+1 888 555 0100 is not on Apple’s official list.', 'disguised', 'The number is disguised with look-alike or invisible characters, a trick used to slip past scam filters.'],
    ['400-666-8800', 'CN', '+86 400 666 8800 is an official Apple number (China sales, China support).', 'official', 'On Apple’s official list: China, sales and support.'],
  ])('%s (region %s)', (input, region, message, code, reason) => {
    const r = checkNumber(index, input, { region })
    expect(r.message).toBe(message)
    expect(r.reasons.find((x) => x.code === code)?.text).toBe(reason)
  })

  it.each([
    ['', null, 'Type or paste a phone number to check.'],
    ['x'.repeat(300), null, 'That is too long for a phone number (300 characters).'],
    ['abc', null, '“abc” does not look like a phone number: it has too few digits to check.'],
    ['12-34', null, '12-34 is not a valid phone number in any country TrueDial tried.'],
    ['99999999999999999999', 'GB', '99999999999999999999 is not a valid phone number in GB or any other country TrueDial tried.'],
  ])('explains the invalid input %j (region %s)', (input, region, message) => {
    expect(checkNumber(index, input, { region }).message).toBe(message)
  })

  it('words a mismatched link and red flags exactly as before', () => {
    const fake = readNumber({ digits: '18885550100', plus: true }, [['US']], index).plausible[0]!
    const apple = readNumber({ digits: '18002752273', plus: true }, [['US']], index).plausible[0]!
    const v = judge(index, { number: fake, linkShows: apple, redFlags: ['gift card', 'virus', 'password', 'refund', 'code'] })
    expect(v.reasons.map((r) => r.text)).toEqual([
      'The link dials +1 888 555 0100, a different number than it shows (+1 800 275 2273). The number it dials is not on Apple’s official list.',
      'The text around it shows scam warning signs (gift card, virus, password, refund). Apple never asks for passwords, verification codes or gift cards.',
    ])
    expect(judge(index, { number: apple, linkShows: fake }).reasons[0]!.text).toBe('The link dials +1 800 275 2273, a different number than it shows (+1 888 555 0100).')
  })
})

describe('verdicts in the browser’s language', () => {
  it('words the reasons and names countries in German, with the same codes and numbers', () => {
    const de = translatorFor('de')
    const english = checkNumber(index, '+1 888 555 0100', { region: 'GB' })
    const german = checkNumber(index, '+1 888 555 0100', { region: 'GB', t: de })
    expect(german.reasons.map((r) => r.code)).toEqual(english.reasons.map((r) => r.code))
    expect(german.verdict).toBe(english.verdict)
    expect(german.message).toBe('+1 888 555 0100 steht nicht auf der offiziellen Liste von Apple.')
    expect(german.reasons.find((r) => r.code === 'foreign')?.text).toBe(
      'Die Nummer stammt aus einem anderen Land als die Seite (Nummer: Vereinigte Staaten, Seite: Vereinigtes Königreich).',
    )
    expect(german.alternatives[0]?.countryName).toBe('Vereinigtes Königreich')
    // Apple's number for the region, in the region's own format (the registry's display).
    expect(german.alternatives.map((a) => a.display)).toContain('0800 107 6285')
    // The English memo is not polluted by the German one.
    expect(alternativesFor(index, 'GB')[0]?.countryName).toBe('United Kingdom')
  })

  it('explains a look-alike in Simplified Chinese and Japanese', () => {
    expect(checkNumber(index, '+1 800 275 2274', { t: translatorFor('zh_CN') }).message).toBe('+1 800 275 2274 不是 Apple 的号码：它故意模仿 Apple 在美国的号码 1-800-275-2273。')
    expect(checkNumber(index, '+1 800 275 2274', { t: translatorFor('ja') }).reasons[0]!.text).toBe('アメリカ合衆国での Apple の番号 1-800-275-2273 と 1 桁だけ違います。')
  })

  it.each(locales())('%s words every kind of reason without leftover placeholders or keys', (locale) => {
    const t = translatorFor(locale)
    const fake = readNumber({ digits: '18885550100', plus: true }, [['US']], index).plausible[0]!
    const apple = readNumber({ digits: '18002752273', plus: true }, [['US']], index).plausible[0]!
    const texts = [
      ...judge(index, { number: fake, linkShows: apple, disguises: 3, redFlags: ['a', 'b'] }, t).reasons,
      ...judge(index, { number: apple, linkShows: fake }, t).reasons,
      ...['+1 888 555 0100', '+18002752274', '1-888-275-2273', '1-800-275-2237', '900 150 503', '+3531800923899', '1800 92 38 98', '1-800-MY-APPLE', '400-666-8800']
        .flatMap((input) => checkNumber(index, input, { region: input.startsWith('400') ? 'CN' : null, userLocale: 'de-DE', t }).reasons),
      ...checkNumber(index, '400-627-2273', { region: 'CN', t }).reasons,
      ...checkNumber(index, '+1 888 555 0100', { region: 'IT', t }).reasons,
      ...checkNumber(index, '+44 909 879 0000', { userLocale: 'de-DE', t }).reasons,
      ...checkNumber(index, '+39 02 1234 5678', { userLocale: 'it-IT', t }).reasons,
      ...checkNumber(index, '+1 866 676 5682', { t }).reasons,
    ]
    const codes = new Set(texts.map((r) => r.code))
    expect([...codes].sort()).toEqual(
      [
        'complete-list', 'country', 'disguised', 'foreign', 'foreign-toll-free', 'lookalike', 'low-confidence', 'no-support-number', 'not-listed', 'official',
        'premium-rate', 'red-flags', 'retired', 'shared-cost', 'tel-mismatch', 'toll-free-twin', 'unconfirmed',
      ].sort(),
    )
    for (const { text } of texts) {
      expect(text).not.toMatch(/\$|\b(?:reason|check|service|list)[A-Z]\w+/)
      expect(text.length).toBeGreaterThan(10)
    }
  })
})

describe('the words that make a number an Apple claim, and the neutral verdict', () => {
  const PLACES: ClaimPlace[] = ['sentence', 'label', 'heading', 'dialog', 'table', 'page', 'imitation', 'pasted']

  it.each(locales())('%s quotes the claim in every place it can stand, and names the country read', (locale) => {
    const t = translatorFor(locale)
    const texts = [
      ...PLACES.map((where) => claimReason(t, { words: 'Apple Support $1', where }).text),
      ...['reasonCountry', 'reasonCountryGuessed', 'reasonUnconfirmed', 'reasonForeignTollFree', 'reasonCompleteList'].map((key) => t(key, ['Österreich'])),
      t('reasonImitation', ['© Apple Inc.']),
      t('checkUnconfirmed', ['+43 1 2701234', 'Österreich']),
      t('badgeAriaUnconfirmed', ['+43 1 2701234']),
    ]
    for (const text of texts) {
      // Page words are quoted as they are, "$1" included; nothing else of a placeholder or key is left.
      expect(text.replace('Apple Support $1', '')).not.toMatch(/\$|\b(?:reason|check|claim|badge)[A-Z]\w+/)
      expect(text.length).toBeGreaterThan(3)
    }
    for (const text of texts.slice(0, PLACES.length)) expect(text).toContain('Apple Support $1')
    expect(new Set(texts.slice(0, PLACES.length)).size).toBe(PLACES.length)
  })
})

// ---- static scans of the source ----

type Node = { type: string; start: number; end: number; [key: string]: unknown }

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'
}

function walk(node: Node, visit: (n: Node) => void): void {
  visit(node)
  for (const [key, value] of Object.entries(node)) {
    if (key === 'parent') continue
    if (Array.isArray(value)) {
      for (const v of value) if (isNode(v)) walk(v, visit)
    } else if (isNode(value)) walk(value, visit)
  }
}

function filesUnder(dir: string, test: (name: string) => boolean): string[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && test(d.name))
    .map((d) => relative(root, join(d.parentPath, d.name)))
    .sort()
}

function parse(file: string, source = readFileSync(join(root, file), 'utf8')): { ast: Node; line: (offset: number) => number } {
  const ast = parseAst(source, { lang: file.endsWith('x') ? 'tsx' : 'ts' }, file) as unknown as Node
  return { ast, line: (offset) => source.slice(0, offset).split('\n').length }
}

/** The strings an expression can put on screen: the literal itself, either branch of a ?:, the value side of && / || / ??. */
function renderedStrings(expr: unknown): Array<{ text: string; at: number }> {
  if (!isNode(expr)) return []
  switch (expr.type) {
    case 'Literal':
      return typeof expr.value === 'string' ? [{ text: expr.value, at: expr.start }] : []
    case 'TemplateLiteral':
      return (expr.quasis as Array<Node & { value: { cooked: string } }>).map((q) => ({ text: q.value.cooked, at: q.start }))
    case 'ConditionalExpression':
      return [...renderedStrings(expr.consequent), ...renderedStrings(expr.alternate)]
    case 'LogicalExpression':
      return expr.operator === '&&' ? renderedStrings(expr.right) : [...renderedStrings(expr.left), ...renderedStrings(expr.right)]
    case 'BinaryExpression':
      return expr.operator === '+' ? [...renderedStrings(expr.left), ...renderedStrings(expr.right)] : []
    case 'ParenthesizedExpression':
    case 'TSAsExpression':
      return renderedStrings(expr.expression)
    default:
      return []
  }
}

/** Attributes people read or hear. */
const USER_ATTRIBUTES = new Set(['aria-label', 'aria-description', 'aria-placeholder', 'aria-roledescription', 'aria-valuetext', 'title', 'placeholder', 'alt', 'label'])
const LETTER = /\p{L}/u
/** Prose in any string literal: three words in a row, or a capitalised word and another. */
const PROSE = /(?:[\p{L}’']*\p{Ll}[\p{L}’']* ){2}[\p{L}’']*\p{Ll}|^\p{Lu}\p{Ll}+ \p{L}/u

/** Text that may stay in code, and why. Keep it short: everything else goes through _locales. */
const ALLOWED: ReadonlyMap<string, string> = new Map([
  ['TrueDial', 'the brand, identical in every language'],
  ['https://example.org/truedial/registry.signed.json', 'an example URL (placeholder)'],
  ['example.com', 'an example domain (placeholder)'],
  ['No change', 'compared with the background\u2019s English update message, never shown (src/ui/options/outcome.ts)'],
  // The Report mail goes to Apple's phishing team (reportphishing@apple.com), in English like
  // the body src/core/report.ts builds for the badge.
  ['Fake Apple Support number', 'mail subject for Apple'],
  ['I found a phone number pretending to be Apple Support.\n\nPage: ', 'mail body for Apple'],
  ['\nNumber: ', 'mail body for Apple'],
  ['\n\n(Reported with TrueDial.)', 'mail body for Apple'],
  [' (the link shows ', 'the number as reported in the mail to Apple'],
])

export function hardCodedText(file: string, source?: string): string[] {
  const { ast, line } = parse(file, source)
  const found: string[] = []
  const flag = (text: string, at: number, why: string): void => {
    const trimmed = text.trim()
    if (!LETTER.test(trimmed) || ALLOWED.has(trimmed) || ALLOWED.has(text)) return
    found.push(`${file}:${line(at)} ${why}: ${JSON.stringify(trimmed)}`)
  }
  walk(ast, (n) => {
    if (n.type === 'JSXElement' || n.type === 'JSXFragment') {
      for (const child of n.children as Node[]) {
        if (child.type === 'JSXText') flag(child.value as string, child.start, 'JSX text')
        if (child.type === 'JSXExpressionContainer') for (const s of renderedStrings(child.expression)) flag(s.text, s.at, 'JSX text')
      }
    }
    if (n.type === 'JSXAttribute') {
      const name = (n.name as Node & { name: string }).name
      if (USER_ATTRIBUTES.has(name)) {
        const value = n.value as Node | null
        for (const s of value?.type === 'JSXExpressionContainer' ? renderedStrings(value.expression) : renderedStrings(value)) flag(s.text, s.at, `${name}=`)
      }
    }
    // DOM code (the badge): el(tag, parent, class, TEXT), link(parent, href, TEXT), setAttribute(USER_ATTRIBUTE, TEXT).
    if (n.type === 'CallExpression') {
      const callee = n.callee as Node & { name?: string; property?: { name?: string } }
      const args = n.arguments as Node[]
      const name = callee.name ?? callee.property?.name
      const text = name === 'el' ? args[3] : name === 'link' ? args[2] : name === 'setAttribute' && USER_ATTRIBUTES.has((args[0] as { value?: string })?.value ?? '') ? args[1] : undefined
      for (const s of renderedStrings(text)) flag(s.text, s.at, `${name}() text`)
    }
    if (n.type === 'AssignmentExpression') {
      const prop = (n.left as { property?: { name?: string } }).property?.name
      if (prop && ['textContent', 'innerText', 'title', 'placeholder', 'alt', 'ariaLabel'].includes(prop)) for (const s of renderedStrings(n.right)) flag(s.text, s.at, `.${prop} =`)
    }
    if (n.type === 'Literal' && typeof n.value === 'string' && PROSE.test(n.value)) flag(n.value, n.start, 'prose in a string')
    if (n.type === 'TemplateElement') {
      const cooked = (n.value as { cooked: string }).cooked
      if (PROSE.test(cooked)) flag(cooked, n.start, 'prose in a template')
    }
  })
  return [...new Set(found)]
}

/** Every message key the code names: t('key'), getMessage('key'), tNodes('key'), tCount('a', 'b'), and key-shaped literals in maps. */
export function messageKeysIn(file: string, source?: string): { keys: Array<{ key: string; where: string }>; dynamic: string[] } {
  const { ast, line } = parse(file, source)
  const found = new Map<number, string>()
  const dynamic: string[] = []
  const text = source ?? readFileSync(join(root, file), 'utf8')
  const translating = /^src\/(?:ui|content|background)\/|i18n|message-format|verdict-words/.test(file) || /(?:i18n|message-format)['"]/.test(text) || source !== undefined
  walk(ast, (n) => {
    if (n.type === 'CallExpression') {
      const callee = n.callee as Node & { name?: string; property?: { name?: string } }
      const name = callee.name ?? callee.property?.name
      const args = n.arguments as Node[]
      const keyArgs = name === 't' || name === 'getMessage' || name === 'tNodes' ? [args[0]] : name === 'tCount' ? [args[0], args[1]] : name === 'countMessage' ? [args[1], args[2]] : []
      for (const arg of keyArgs) {
        if (!arg) continue
        // A key built at run time (t(`badge${x}`)) cannot be checked here: keep keys literal.
        if (arg.type === 'TemplateLiteral') {
          dynamic.push(`${file}:${line(arg.start)}`)
          continue
        }
        for (const s of renderedStrings(arg)) found.set(s.at, s.text)
      }
    }
    // Keys kept in maps (WORDS, VERDICT_WORDS, SERVICE_KEYS…), in code that speaks to people.
    if (translating && n.type === 'Literal' && typeof n.value === 'string' && KEY_SHAPE.test(n.value)) found.set(n.start, n.value)
  })
  return { keys: [...found].map(([at, key]) => ({ key, where: `${file}:${line(at)}` })), dynamic }
}

describe('no hard-coded text in the extension’s UI', () => {
  const uiFiles = [...filesUnder('src/ui', (name) => /\.tsx?$/.test(name)), 'src/content/badge.ts']

  it('scans the popup, the options page and the badge', () => {
    expect(uiFiles).toEqual(expect.arrayContaining(['src/ui/popup/Popup.tsx', 'src/ui/options/OptionsPage.tsx', 'src/content/badge.ts']))
    expect(uiFiles.length).toBeGreaterThan(20)
  })

  it.each(uiFiles)('%s has no user-visible text outside _locales', (file) => {
    expect(hardCodedText(file)).toEqual([])
  })

  it('catches JSX text, labelled attributes, ?: branches, badge text and prose (the scanner itself)', () => {
    const sample = `
      export const A = ({ busy, site }) => (
        <div aria-label="Paused sites" title={\`Pause on \${site}\`}>
          Choose a file
          <span>{busy ? 'Checking…' : t('optionsCheckButton')}</span>
          <input placeholder="example.com" />
          <h1>TrueDial</h1>
          {site && 'None yet'}
        </div>
      )
      el('p', panel, 'k', 'Why')
      button.setAttribute('aria-label', 'Press for details')
      setError('That is not a site address.')
    `
    const found = hardCodedText('sample.tsx', sample).map((f) => f.replace(/^sample\.tsx:\d+ /, ''))
    expect(found).toEqual(
      expect.arrayContaining([
        'aria-label=: "Paused sites"',
        'title=: "Pause on"',
        'JSX text: "Choose a file"',
        'JSX text: "Checking…"',
        'JSX text: "None yet"',
        'el() text: "Why"',
        'setAttribute() text: "Press for details"',
        'prose in a string: "That is not a site address."',
      ]),
    )
    expect(found.join('\n')).not.toMatch(/TrueDial|example\.com|optionsCheckButton/)
  })
})

describe('message keys used in code', () => {
  const sourceFiles = filesUnder('src', (name) => /\.tsx?$/.test(name) && !name.endsWith('.d.ts'))
  const used = sourceFiles.map((file) => messageKeysIn(file))
  const manifestKeys = [...readFileSync(join(root, 'manifest.json'), 'utf8').matchAll(/__MSG_(\w+)__/g)].map((m) => m[1]!)

  it('all exist in en (and no key is built at run time, where this test could not see it)', () => {
    const missing = used.flatMap((u) => u.keys).filter(({ key }) => !key.startsWith('@@') && !Object.hasOwn(en, key))
    expect(missing).toEqual([])
    expect(manifestKeys.filter((key) => !Object.hasOwn(en, key))).toEqual([])
    expect(used.flatMap((u) => u.dynamic)).toEqual([])
  })

  it('cover every message in en: translators are never asked for words nobody reads', () => {
    const named = new Set([...used.flatMap((u) => u.keys.map((k) => k.key)), ...manifestKeys])
    expect(enKeys.filter((key) => !named.has(key))).toEqual([])
  })

  it('are found by the scanner in calls, conditionals and key maps', () => {
    const { keys, dynamic } = messageKeysIn('sample.ts', "t(ok ? 'popupResume' : 'popupCancel'); tCount('popupNumbersOne', 'popupNumbersOther', 2); const M = { a: 'badgeWhy' }; t(`badge${x}`)")
    expect(keys.map((k) => k.key).sort()).toEqual(['badgeWhy', 'popupCancel', 'popupNumbersOne', 'popupNumbersOther', 'popupResume'])
    expect(dynamic).toHaveLength(1)
  })
})

describe('messages read once per page (platform/i18n)', () => {
  it('fills a message template exactly as getMessage would, whatever the substitutions hold', async () => {
    const { stubBrowserI18n } = await import('../helpers/i18n')
    const { fixedMessage, getMessage, templateMessage } = await import('../../src/platform/i18n')
    for (const locale of ['en', 'de', 'zh_CN']) {
      const unstub = stubBrowserI18n(locale)
      try {
        for (const text of ['1-888-555-0100', '$1 $$ $2', '\ue000\ue001', '']) {
          expect(templateMessage('badgeAriaSpoofed', [text])).toBe(getMessage('badgeAriaSpoofed', [text]))
          expect(templateMessage('reasonLookalikeDigit', [text, '\ue000'])).toBe(getMessage('reasonLookalikeDigit', [text, '\ue000']))
        }
        expect(fixedMessage('verdictLabelSpoofed')).toBe(getMessage('verdictLabelSpoofed'))
      } finally {
        unstub()
      }
    }
  })
})

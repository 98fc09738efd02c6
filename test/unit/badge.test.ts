// @vitest-environment happy-dom
import { describe, it, expect, beforeEach, afterEach, vi } from 'vitest'
import { BADGE_TAG, createBadge, type BadgeData } from '../../src/content/badge'
import type { FindingVerdict } from '../../src/core/judge-finding'
import type { NumberSummary } from '../../src/core/verdict'
import type { BadgeVerdict } from '../../src/messages'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { stubBrowserI18n, translatorFor } from '../helpers/i18n'

const appleUs: NumberSummary = {
  e164: '+18002752273',
  display: '1-800-275-2273',
  country: 'US',
  countryName: 'United States',
  service: 'support',
  hours: null,
  vanity: '1-800-APL-CARE',
  confidence: 'high',
  source: null,
}

function detail(over: Partial<FindingVerdict> = {}): FindingVerdict {
  return {
    verdict: 'spoofed',
    e164: '+18885550100',
    display: '+1 888 555 0100',
    country: 'US',
    reasons: [{ code: 'not-listed', text: 'Not on Apple’s official list of numbers.' }],
    official: [],
    imitates: null,
    alternatives: [appleUs],
    shown: null,
    countryGuessed: false,
    coverage: 'complete',
    claim: { words: 'Call Apple Support:', where: 'label' },
    groupsUsed: 3,
    ...over,
  }
}

const en = translatorFor('en')
/** A number claimed for Apple in a country whose list is incomplete, worded as the core words it. */
function unconfirmedDetail(): FindingVerdict {
  return detail({
    verdict: 'unconfirmed',
    e164: '+390212345678',
    display: '+39 02 1234 5678',
    country: 'IT',
    coverage: 'partial',
    countryGuessed: true,
    claim: { words: 'Assistenza Apple:', where: 'label' },
    alternatives: [{ ...appleUs, e164: '+39800915904', display: '800 915 904', country: 'IT', countryName: 'Italy', vanity: null }],
    reasons: [
      { code: 'unconfirmed', text: en('reasonUnconfirmed', ['Italy']) },
      { code: 'claim', text: en('reasonClaim', ['Assistenza Apple:', en('claimPlaceLabel')]) },
      { code: 'country', text: en('reasonCountryGuessed', ['Italy']) },
    ],
  })
}

const report = {
  mailto: `mailto:reportphishing@apple.com?subject=Fake&body=${encodeURIComponent('Number: {number}')}`,
  fraudSite: { name: 'the FTC', url: 'https://reportfraud.ftc.gov/' },
}

function data(verdict: BadgeVerdict, over: Partial<BadgeData> = {}): BadgeData {
  const d =
    verdict === 'unverified'
      ? null
      : verdict === 'official'
        ? detail({ verdict: 'official', e164: appleUs.e164, display: '+1 800 275 2273', official: [appleUs], reasons: [{ code: 'official', text: 'On Apple’s official list: United States, support.' }] })
        : verdict === 'trusted'
          ? detail()
          : verdict === 'unconfirmed'
            ? unconfirmedDetail()
            : detail({ verdict })
  return { verdict, text: '1-888-555-0100', detail: d, report: verdict === 'unverified' ? null : report, ...over }
}

// The badge's shadow root is closed; the tests catch it as it is attached.
let roots: ShadowRoot[] = []
const attach = Element.prototype.attachShadow
// The badge reads its words from the browser's catalog (chrome.i18n); these tests read English.
let unstubI18n: () => void = () => {}
// happy-dom has no popover API: the panel's showPopover/hidePopover are stood in for by an
// attribute (the browser tests check the real top layer).
const OPEN = 'data-test-popover-open'
const isOpen = (panel: HTMLElement): boolean => panel.hasAttribute(OPEN)
beforeEach(() => {
  Object.assign(HTMLElement.prototype, {
    showPopover(this: HTMLElement) {
      if (!this.isConnected) throw new DOMException('not connected', 'InvalidStateError')
      this.setAttribute(OPEN, '')
    },
    hidePopover(this: HTMLElement) {
      this.removeAttribute(OPEN)
    },
  })
  unstubI18n = stubBrowserI18n('en')
  roots = []
  vi.spyOn(Element.prototype, 'attachShadow').mockImplementation(function (this: Element, init: ShadowRootInit) {
    const root = attach.call(this, init)
    roots.push(root)
    return root
  })
  document.body.innerHTML = '<p id="text">Call Apple Support: 1-888-555-0100</p><button id="elsewhere">x</button>'
})
afterEach(() => {
  vi.restoreAllMocks()
  unstubI18n()
  document.body.innerHTML = ''
})

function mount(d: BadgeData): { host: HTMLElement; root: ShadowRoot; button: HTMLButtonElement; panel: HTMLElement } {
  const host = createBadge(document, d)
  document.getElementById('text')!.appendChild(host)
  const root = roots.at(-1)!
  return { host, root, button: root.querySelector('button')!, panel: root.querySelector<HTMLElement>('[role="dialog"]')! }
}

describe('the inline badge', () => {
  it('is a truedial-badge host that exposes only its verdict and number to the page', () => {
    const { host } = mount(data('spoofed'))
    expect(BADGE_TAG).toBe('truedial-badge')
    expect(host.tagName.toLowerCase()).toBe('truedial-badge')
    expect(host.getAttribute('data-verdict')).toBe('spoofed')
    expect(host.getAttribute('data-e164')).toBe('+18885550100')
    expect(host.getAttributeNames().sort()).toEqual(['data-e164', 'data-verdict', 'style'])
    expect(host.childNodes).toHaveLength(0)
  })

  it('keeps its content in a closed shadow root the page cannot reach', () => {
    const { host, root } = mount(data('spoofed'))
    expect(host.shadowRoot).toBeNull()
    expect(root.mode).toBe('closed')
    expect(document.querySelector('button[aria-label^="TrueDial"]')).toBeNull()
    // Its styles live only inside the root (vitest does not load CSS, so only the element is checked).
    expect(root.firstElementChild?.tagName).toBe('STYLE')
  })

  it('resists page CSS that would hide it, with inline !important styles', () => {
    const { host } = mount(data('spoofed'))
    const style = host.getAttribute('style')!
    for (const rule of ['all:initial!important', 'display:inline-block!important', 'visibility:visible!important', 'opacity:1!important']) {
      expect(style).toContain(rule)
    }
  })

  it('gives data-e164 as empty when the number could not be verified', () => {
    expect(mount(data('unverified')).host.getAttribute('data-e164')).toBe('')
  })

  it.each([
    ['spoofed', '⚠ Not Apple’s number', /^TrueDial: 1-888-555-0100 is not Apple’s number\. Press for details\.$/],
    ['lookalike', '⚠ Look-alike number', /imitates an Apple number/],
    ['mismatch', '⚠ Link dials another number', /dials a different number/],
    ['official', '✓ Apple', /is an official Apple number/],
    ['unconfirmed', 'ℹ Can’t confirm', /^TrueDial: 1-888-555-0100 can’t be confirmed as Apple’s number\. Press for details\.$/],
    ['unverified', '? Cannot verify', /cannot be checked/],
    ['trusted', '✓ Trusted by you', /you trusted/],
  ] as const)('labels a %s number with an icon and words: %s', (verdict, text, aria) => {
    const { button } = mount(data(verdict))
    expect(button.textContent).toBe(text)
    expect(button.getAttribute('aria-label')).toMatch(aria)
    expect(button.getAttribute('type')).toBe('button')
  })

  it('opens an explanation on click with the reasons, Apple’s numbers and the support link', () => {
    const { button, panel } = mount(data('spoofed'))
    expect(isOpen(panel)).toBe(false)
    button.click()
    expect(isOpen(panel)).toBe(true)
    expect(button.getAttribute('aria-expanded')).toBe('true')
    expect(panel.getAttribute('aria-label')).toContain('+1 888 555 0100')
    const text = panel.textContent!
    expect(text).toContain('Not on Apple’s official list of numbers.')
    expect(text).toContain('Apple’s official numbers for United States')
    expect(text).toContain('1-800-275-2273 (1-800-APL-CARE) · support')
    expect(text).toContain('Apple never asks for your password, verification codes or gift-card payments.')
    expect(text).toContain('The TrueDial button in your toolbar shows what TrueDial really found.')
    const support = panel.querySelector<HTMLAnchorElement>('a[href="https://support.apple.com/contact"]')!
    expect(support.target).toBe('_blank')
    expect(support.rel).toBe('noopener noreferrer')
  })

  it('offers a Report mail with the number filled in, and the region’s fraud site', () => {
    const { button, panel } = mount(data('spoofed'))
    button.click()
    const links = [...panel.querySelectorAll('a')].map((a) => [a.textContent, a.getAttribute('href')])
    expect(links).toContainEqual(['Report', `mailto:reportphishing@apple.com?subject=Fake&body=${encodeURIComponent('Number: +1 888 555 0100')}`])
    expect(links).toContainEqual(['Report to the FTC', 'https://reportfraud.ftc.gov/'])
  })

  it('offers no Report for an official, trusted or unverified number', () => {
    for (const v of ['official', 'trusted', 'unverified'] as const) {
      // With a report target at hand: only the verdict keeps the Report away.
      const { button, panel } = mount(data(v, { report }))
      button.click()
      const links = [...panel.querySelectorAll('a')].map((a) => a.textContent)
      expect(links).toContain('All of Apple’s contact numbers: support.apple.com/contact')
      expect(links).not.toContain('Report')
    }
  })

  it('shows an unconfirmed number neutrally, with every reason: why, the claim’s words and the country it was read in', () => {
    const { host, button, panel } = mount(data('unconfirmed'))
    expect(host.getAttribute('data-verdict')).toBe('unconfirmed')
    expect(button.className).toBe('b unconfirmed')
    button.click()
    expect(panel.querySelector('.v')!.className).toBe('v unconfirmed')
    expect(panel.querySelector('.v')!.textContent).toBe('ℹ TrueDial can’t confirm this is Apple’s number.')
    const reasons = [...panel.querySelectorAll('ul')[0]!.querySelectorAll('li')].map((li) => li.textContent)
    expect(reasons).toEqual([
      'TrueDial can’t confirm this is Apple’s number: it is not on Apple’s list for Italy, and that list is not complete. Apple’s numbers are at support.apple.com/contact.',
      'Claimed as Apple’s by “Assistenza Apple:” just before this number.',
      'Read as a number in Italy: the number has no country code, so TrueDial assumed the country.',
    ])
    expect(panel.textContent).toContain('Apple’s official numbers for Italy')
    expect(panel.textContent).toContain('800 915 904 · support')
    // Not a warning: nothing to report to Apple's phishing team.
    expect([...panel.querySelectorAll('a')].map((a) => a.textContent)).not.toContain('Report')
  })

  it('shows the claim and country reasons of a flagged number too, after its own reason', () => {
    const reasons = [
      { code: 'complete-list' as const, text: en('reasonCompleteList', ['United States']) },
      { code: 'not-listed' as const, text: en('reasonNotListed') },
      { code: 'claim' as const, text: en('reasonClaim', ['Call Apple Support:', en('claimPlaceLabel')]) },
      { code: 'country' as const, text: en('reasonCountry', ['United States']) },
    ]
    const { button, panel } = mount(data('spoofed', { detail: detail({ reasons }) }))
    button.click()
    expect([...panel.querySelectorAll('ul')[0]!.querySelectorAll('li')].map((li) => li.textContent)).toEqual(reasons.map((r) => r.text))
  })

  it('shows an official number’s own listing', () => {
    const { button, panel } = mount(data('official'))
    button.click()
    expect(panel.textContent).toContain('This is an official Apple number.')
    expect(panel.textContent).toContain('Apple’s listing')
    expect(panel.textContent).toContain('1-800-275-2273 (1-800-APL-CARE) · support · United States')
  })

  it('explains a mismatch and a look-alike with the reasons the verdict gives', () => {
    const mismatch = mount(
      data('mismatch', {
        detail: detail({
          verdict: 'mismatch',
          shown: { e164: '+18002752273', display: '+1 800 275 2273' },
          reasons: [{ code: 'tel-mismatch', text: 'The link dials +1 888 555 0100, a different number than it shows (+1 800 275 2273).' }],
        }),
      }),
    )
    mismatch.button.click()
    expect(mismatch.panel.textContent).toContain('a different number than it shows')
    const lookalike = mount(
      data('lookalike', { detail: detail({ verdict: 'lookalike', imitates: appleUs, reasons: [{ code: 'lookalike', text: 'One digit away from Apple’s United States number 1-800-275-2273.' }] }) }),
    )
    lookalike.button.click()
    expect(lookalike.panel.textContent).toContain('One digit away from Apple’s United States number 1-800-275-2273.')
  })

  it('says why nothing can be checked when the official list is unverified', () => {
    const { button, panel } = mount(data('unverified'))
    button.click()
    expect(panel.textContent).toContain('could not be verified, so TrueDial cannot check numbers now')
  })

  it('closes on Escape and gives focus back to the button', () => {
    const { root, button, panel } = mount(data('spoofed'))
    button.focus()
    button.click()
    expect(isOpen(panel)).toBe(true)
    const link = panel.querySelector('a')!
    link.focus()
    link.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }))
    expect(isOpen(panel)).toBe(false)
    expect(button.getAttribute('aria-expanded')).toBe('false')
    expect(root.activeElement).toBe(button)
  })

  it('closes when the user clicks elsewhere on the page, not inside the panel', () => {
    const { button, panel } = mount(data('spoofed'))
    button.click()
    panel.querySelector('p')!.dispatchEvent(new Event('pointerdown', { bubbles: true, composed: true }))
    expect(isOpen(panel)).toBe(true)
    document.getElementById('elsewhere')!.dispatchEvent(new Event('pointerdown', { bubbles: true, composed: true }))
    expect(isOpen(panel)).toBe(false)
  })

  it('toggles closed on a second click', () => {
    const { button, panel } = mount(data('spoofed'))
    button.click()
    button.click()
    expect(isOpen(panel)).toBe(false)
  })

  it('shows page and registry strings as text, never as markup', () => {
    const evil = '<img src=x onerror=alert(1)>'
    const { root, button, panel } = mount(
      data('spoofed', {
        text: evil,
        detail: detail({ display: evil, reasons: [{ code: 'not-listed', text: evil }], alternatives: [{ ...appleUs, display: evil, countryName: evil }] }),
        report: { ...report, fraudSite: { name: evil, url: 'javascript:alert(1)' } },
      }),
    )
    button.click()
    expect(root.querySelector('img')).toBeNull()
    expect(panel.querySelector('.n')!.textContent).toBe(evil)
    expect(button.getAttribute('aria-label')).toContain(evil)
    expect([...panel.querySelectorAll('a')].some((a) => a.getAttribute('href')?.startsWith('javascript:'))).toBe(false)
  })
})

/** WCAG 2 contrast ratio of two #rgb or #rrggbb colours (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio). */
function contrast(a: string, b: string): number {
  const lum = (hex: string): number => {
    const full = hex.length === 4 ? `#${[...hex.slice(1)].map((c) => c + c).join('')}` : hex
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(full.slice(i, i + 2), 16) / 255
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
    })
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!
  }
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x)
  return (hi! + 0.05) / (lo! + 0.05)
}

describe('the badge’s colours (badge.css)', () => {
  // The browser tests run axe-core over the badges a fixture page produces; this covers every
  // verdict's colours in both schemes, including verdicts no fixture page shows.
  const css = readFileSync(resolve(import.meta.dirname, '../../src/content/badge.css'), 'utf8')
  const darkAt = css.indexOf('@media (prefers-color-scheme: dark)')
  const schemes = { light: css.slice(0, darkAt), dark: css.slice(darkAt) }
  /** A colour declared in `selector { … }` (the selector alone on its rule), or undefined. */
  function declared(rules: string, selector: string, prop: string): string | undefined {
    const escaped = selector.replace(/\./g, '\\.')
    return new RegExp(`(?:^|\\n)\\s*${escaped}\\s*\\{[^}]*?(?:^|[;{\\s])${prop}:\\s*(#[0-9a-f]{6}|#[0-9a-f]{3})\\b`, 'i').exec(rules)?.[1]
  }
  /** A badge's text and background in one scheme: its own rule over the base `.b` rule. */
  function colours(rules: string, verdict: string): { color: string; background: string } {
    const color = declared(rules, `.b.${verdict}`, 'color') ?? declared(rules, '.b', 'color')
    const background = declared(rules, `.b.${verdict}`, 'background') ?? declared(rules, '.b', 'background')
    expect(color && background, `.b.${verdict} colours`).toBeTruthy()
    return { color: color!, background: background! }
  }

  it.each(['light', 'dark'] as const)('gives every badge at least 4.5:1 text contrast in the %s scheme, and the unconfirmed one no red', (scheme) => {
    for (const verdict of ['spoofed', 'official', 'unverified', 'trusted', 'unconfirmed']) {
      const { color, background } = colours(schemes[scheme], verdict)
      expect(contrast(color, background), `${scheme} .b.${verdict}: ${color} on ${background}`).toBeGreaterThanOrEqual(4.5)
    }
    // The unconfirmed badge has its own colours in this scheme, blue or grey: blue at least red.
    const neutral = declared(schemes[scheme], '.b.unconfirmed', 'background')!
    expect(neutral).toMatch(/^#[0-9a-f]{6}$/i)
    expect(parseInt(neutral.slice(5, 7), 16)).toBeGreaterThanOrEqual(parseInt(neutral.slice(1, 3), 16))
  })
})

describe('the inline badge in another language', () => {
  // Reasons arrive already worded by the background; here the badge's own words are checked.
  it.each([
    ['zh_CN', 'zh-CN', '⚠ 不是 Apple 的号码', '⚠ 这不是 Apple 的号码。', 'Apple 在美国的官方号码', '1-800-275-2273 (1-800-APL-CARE) · 技术支持', '举报'],
    ['de', 'de', '⚠ Keine Apple-Nummer', '⚠ Das ist keine Nummer von Apple.', 'Offizielle Nummern von Apple (Vereinigte Staaten)', '1-800-275-2273 (1-800-APL-CARE) · Support', 'Melden'],
  ])('explains a flagged number in %s', (locale, lang, label, headline, listHeading, listItem, report) => {
    unstubI18n()
    unstubI18n = stubBrowserI18n(locale)
    const countryName = locale === 'de' ? 'Vereinigte Staaten' : '美国'
    const { button, panel } = mount(data('spoofed', { detail: detail({ alternatives: [{ ...appleUs, countryName }] }) }))
    expect(button.textContent).toBe(label)
    expect(button.lang).toBe(lang)
    expect(panel.lang).toBe(lang)
    expect(button.getAttribute('aria-label')).toContain('1-888-555-0100')
    button.click()
    const text = panel.textContent!
    expect(text).toContain(headline)
    expect(text).toContain(listHeading)
    expect(text).toContain(listItem)
    expect(text).not.toMatch(/Apple never asks|Why|Report to/)
    expect([...panel.querySelectorAll('a')].map((a) => a.textContent)).toContain(report)
  })

  it('falls back to message keys, never to nothing, where no extension API exists', () => {
    unstubI18n()
    const { button, panel } = mount(data('spoofed'))
    expect(button.textContent).toBe('⚠ verdictLabelSpoofed')
    expect(button.lang).toBe('en')
    button.click()
    expect(panel.querySelector('.v')!.textContent).toBe('⚠ badgeHeadlineSpoofed')
  })
})

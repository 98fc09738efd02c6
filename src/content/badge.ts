// The inline badge beside a number on a page. Runs on every page, so: plain DOM, no libraries,
// every page or registry string goes in through textContent (never innerHTML). The UI lives in
// a closed shadow root on a host whose inline !important styles beat the page's stylesheets
// (https://www.w3.org/TR/css-cascade-4/#cascade-origin: inline important > author important).
// `customElements` is null in Chrome content scripts, so the host is a plain unknown element.
// Every word comes from the extension's _locales through the browser (src/platform/i18n.ts); the
// reasons arrive already worded in the user's language by the background.

import { serviceName } from '../core/message-format'
import type { FindingVerdict } from '../core/judge-finding'
import { withNumber } from '../core/report'
import type { BadgeVerdict, ReportTarget } from '../messages'
import { fixedMessage, getMessage as t, templateMessage } from '../platform/i18n'
import css from './badge.css?inline'

export interface BadgeData {
  verdict: BadgeVerdict
  /** The number as the page shows it. */
  text: string
  /** Null when unverified. */
  detail: FindingVerdict | null
  report: ReportTarget | null
}

export const BADGE_TAG = 'truedial-badge'

const HOST_STYLE = [
  'all:initial',
  'display:inline-block',
  'visibility:visible',
  'opacity:1',
  'position:relative',
  'vertical-align:middle',
  'margin:0 0 0 .25em',
  'contain:layout style',
]
  .map((d) => `${d}!important`)
  .join(';')

/** [icon, message keys: short label, button label for screen readers, headline in the panel] */
const WORDS: Record<BadgeVerdict, [string, string, string, string]> = {
  spoofed: ['⚠', 'verdictLabelSpoofed', 'badgeAriaSpoofed', 'badgeHeadlineSpoofed'],
  lookalike: ['⚠', 'verdictLabelLookalike', 'badgeAriaLookalike', 'badgeHeadlineLookalike'],
  mismatch: ['⚠', 'verdictLabelMismatch', 'badgeAriaMismatch', 'badgeHeadlineMismatch'],
  // Neutral, never red: not on a list TrueDial knows to be incomplete (or listed on weak evidence).
  unconfirmed: ['ℹ', 'badgeUnconfirmed', 'badgeAriaUnconfirmed', 'badgeHeadlineUnconfirmed'],
  official: ['✓', 'verdictLabelOfficial', 'badgeAriaOfficial', 'badgeHeadlineOfficial'],
  unverified: ['?', 'verdictLabelUnverified', 'badgeAriaUnverified', 'badgeHeadlineUnverified'],
  trusted: ['✓', 'verdictLabelTrusted', 'badgeAriaTrusted', 'badgeHeadlineTrusted'],
}

const SUPPORT_URL = 'https://support.apple.com/contact'

/** The language the messages are in (not the browser's: a UI language without a translation reads English). */
function messageLanguage(): string {
  const tag = fixedMessage('extLanguageTag')
  return tag === 'extLanguageTag' ? 'en' : tag
}


type Make = <K extends keyof HTMLElementTagNameMap>(tag: K, parent: Node, cls?: string, text?: string) => HTMLElementTagNameMap[K]

/** The explanation: why, the real numbers, what to do, how to report. */
function fillPanel(panel: HTMLElement, el: Make, link: (parent: Node, href: string, text: string) => void, data: BadgeData, lang: string): void {
  const { verdict, detail, report } = data
  const [icon, , , headlineKey] = WORDS[verdict]
  const number = detail?.display || data.text
  // Every shipped translation is left-to-right; an Arabic or Hebrew one would add a direction message.
  panel.dir = 'ltr'
  panel.setAttribute('aria-label', t('badgePanelLabel', [number]))
  el('p', panel, 'n', number)
  el('p', panel, `v ${verdict}`, `${icon} ${t(headlineKey)}`)
  if (!detail) {
    el('p', panel, '', t('badgeUnverified'))
  } else {
    el('p', panel, 'k', t('badgeWhy'))
    const why = el('ul', panel)
    // Every reason, not only the first: the words that made it an Apple claim and the country the
    // number was read in come last and are what lets a person judge a verdict for themselves.
    for (const r of detail.reasons) el('li', why, '', r.text)
    const official = verdict === 'official'
    const list = official ? detail.official : detail.alternatives
    if (list.length > 0) {
      el('p', panel, 'k', official ? t('badgeOfficialListing') : t('badgeAlternativesFor', [list[0]!.countryName]))
      const ul = el('ul', panel)
      for (const o of list) {
        const vanity = o.vanity && !o.display.includes(o.vanity) ? ` (${o.vanity})` : ''
        el('li', ul, '', `${o.display}${vanity} · ${serviceName(t, o.service)}${official ? ` · ${o.countryName}` : ''}`)
      }
    }
  }
  link(el('p', panel), SUPPORT_URL, t('badgeSupportLink'))
  el('p', panel, 's', t('badgeGuidance'))
  el('p', panel, 's', t('badgeForgery'))
  // Only warnings get a Report: the mail tells Apple the number is fake, which an unconfirmed one may not be.
  if (report && verdict !== 'official' && verdict !== 'trusted' && verdict !== 'unconfirmed') {
    const row = el('p', panel, 'r')
    // The mail goes to Apple's (English-speaking) phishing team, like the rest of its body (core/report.ts).
    const reported = verdict === 'mismatch' && detail ? `${detail.display} (the link shows ${data.text})` : number
    if (report.mailto.startsWith('mailto:')) link(row, withNumber(report, reported), t('reportButton'))
    const site = report.fraudSite
    if (site && /^https:\/\//.test(site.url)) link(row, site.url, t('reportTo', [site.name]))
  }
}

export function createBadge(doc: Document, data: BadgeData): HTMLElement {
  const { verdict, detail } = data
  const [icon, labelKey, ariaKey] = WORDS[verdict]
  const lang = messageLanguage()

  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, parent: Node, cls = '', text = ''): HTMLElementTagNameMap[K] => {
    const e = doc.createElement(tag)
    if (cls) e.className = cls
    if (text) e.textContent = text
    parent.appendChild(e)
    return e
  }
  const link = (parent: Node, href: string, text: string): void => {
    const a = el('a', parent, '', text)
    a.href = href
    if (href.startsWith('http')) {
      a.target = '_blank'
      a.rel = 'noopener noreferrer'
    }
  }

  const host = doc.createElement(BADGE_TAG)
  // A page can read these attributes: a number the user trusts shows the list's verdict here, so a
  // page cannot learn the user's trusted numbers; "trusted by you" lives only in the closed root.
  host.setAttribute('data-verdict', verdict === 'trusted' && detail ? detail.verdict : verdict)
  host.setAttribute('data-e164', detail?.e164 ?? '')
  host.setAttribute('style', HOST_STYLE)
  const root = host.attachShadow({ mode: 'closed' })
  el('style', root, '', css)

  const button = el('button', root, `b ${verdict}`, `${icon} ${fixedMessage(labelKey)}`)
  button.type = 'button'
  button.lang = lang
  button.setAttribute('aria-label', templateMessage(ariaKey, [data.text]))
  button.setAttribute('aria-expanded', 'false')
  button.setAttribute('aria-haspopup', 'dialog')

  // The panel is filled on first open: a page with hundreds of badges pays for the buttons only.
  const panel = el('div', root, 'p')
  panel.hidden = true
  panel.lang = lang
  panel.setAttribute('role', 'dialog')
  let built = false
  const build = (): void => {
    if (built) return
    built = true
    fillPanel(panel, el, link, data, lang)
  }

  // Open on click (pinned) or on keyboard focus (a peek that closes when focus leaves).
  let pinned = false
  let refocusing = false
  const onDocKey = (e: KeyboardEvent): void => {
    if (e.key !== 'Escape') return
    const active = doc.activeElement
    close()
    if (!active || active === host || active === doc.body) {
      refocusing = true
      button.focus()
      refocusing = false
    }
  }
  const onDocPointer = (e: Event): void => {
    if (!e.composedPath().includes(host)) close()
  }
  function open(pin: boolean): void {
    pinned ||= pin
    if (!panel.hidden) return
    build()
    panel.hidden = false
    button.setAttribute('aria-expanded', 'true')
    // Above the page's own stacking contexts while open only, so a closed badge never covers
    // a sticky header.
    host.style.setProperty('z-index', '2147483647', 'important')
    doc.addEventListener('keydown', onDocKey, true)
    doc.addEventListener('pointerdown', onDocPointer, true)
    place()
  }
  function close(): void {
    pinned = false
    if (panel.hidden) return
    panel.hidden = true
    panel.classList.remove('up')
    panel.style.left = ''
    button.setAttribute('aria-expanded', 'false')
    host.style.removeProperty('z-index')
    doc.removeEventListener('keydown', onDocKey, true)
    doc.removeEventListener('pointerdown', onDocPointer, true)
  }
  /** Keeps the panel inside the viewport: shift it left or right, open upwards near the bottom. */
  function place(): void {
    const view = doc.defaultView
    if (!view) return
    const r = panel.getBoundingClientRect()
    const width = doc.documentElement.clientWidth || view.innerWidth
    const shift = r.right > width - 8 ? width - 8 - r.right : r.left < 8 ? 8 - r.left : 0
    if (shift) panel.style.left = `${Math.round(shift)}px`
    const b = button.getBoundingClientRect()
    if (r.bottom > view.innerHeight && b.top - r.height - 4 > 0) panel.classList.add('up')
  }

  button.addEventListener('click', () => (panel.hidden || !pinned ? open(true) : close()))
  button.addEventListener('focus', () => {
    if (refocusing) return
    let keyboard = false
    try {
      keyboard = button.matches(':focus-visible')
    } catch {
      // Engines without :focus-visible: no peek, click still opens.
    }
    if (keyboard) open(false)
  })
  root.addEventListener('focusout', (e) => {
    const next = (e as FocusEvent).relatedTarget as Node | null
    // relatedTarget is null when the user clicks the panel's text: keep it open then.
    if (next && !root.contains(next) && next !== host) close()
  })
  return host
}

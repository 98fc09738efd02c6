// The inline badge beside a number on a page. Runs on every page, so: plain DOM, no libraries,
// every page or registry string goes in through textContent (never innerHTML). The UI lives in
// a closed shadow root on a host whose inline !important styles beat the page's stylesheets
// (https://www.w3.org/TR/css-cascade-4/#cascade-origin: inline important > author important).
// `customElements` is null in Chrome content scripts, so the host is a plain unknown element.
// Every word comes from the extension's _locales through the browser (src/platform/i18n.ts); the
// reasons arrive already worded in the user's language by the background.

import { serviceName } from '../core/message-format'
import type { FindingVerdict } from '../core/judge-finding'
import { withNumber, type ReportTarget } from '../core/report'
import { RED_VERDICTS, SUPPORT_URL, VERDICT_WORDS, withVanity, type BadgeVerdict } from '../core/verdict-words'
import { fixedMessage, getMessage as t, templateMessage } from '../platform/i18n'
import { BADGE_TAG, link, maker, messageLanguage, type Make } from './dom'
import css from './badge.css?inline'

export interface BadgeData {
  verdict: BadgeVerdict
  /** The number as the page shows it. */
  text: string
  /** Null when unverified. */
  detail: FindingVerdict | null
  report: ReportTarget | null
  /**
   * A short name of the number ("…0127") shown on the badge when it cannot stand beside its
   * number (several numbers share one text node, and their badges stand together after it).
   */
  tag?: string | null
  /** Hovering or focusing the badge: its number's highlight stands out (on) or back (off). */
  onEmphasis?: (on: boolean) => void
}

export { BADGE_TAG } from './dom'

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

/** The explanation: why, the real numbers, what to do, how to report. */
function fillPanel(panel: HTMLElement, el: Make, data: BadgeData): void {
  const { verdict, detail, report } = data
  const { icon, headline } = VERDICT_WORDS[verdict]
  const number = detail?.display || data.text
  // Every shipped translation is left-to-right; an Arabic or Hebrew one would add a direction message.
  panel.dir = 'ltr'
  panel.setAttribute('aria-label', t('badgePanelLabel', [number]))
  el('p', panel, 'n', number)
  el('p', panel, `v ${verdict}`, `${icon} ${t(headline)}`)
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
      for (const o of list) el('li', ul, '', `${withVanity(o)} · ${serviceName(t, o.service)}${official ? ` · ${o.countryName}` : ''}`)
    }
  }
  link(el, el('p', panel), SUPPORT_URL, t('badgeSupportLink'))
  el('p', panel, 's', t('badgeGuidance'))
  el('p', panel, 's', t('badgeForgery'))
  // Only red verdicts get a Report: the mail tells Apple the number is fake, which an unconfirmed or
  // unverified one may not be.
  if (report && RED_VERDICTS.has(verdict)) {
    const row = el('p', panel, 'r')
    // The mail goes to Apple's (English-speaking) phishing team, like the rest of its body (core/report.ts).
    const reported = verdict === 'mismatch' && detail ? `${detail.display} (the link shows ${data.text})` : number
    if (report.mailto.startsWith('mailto:')) link(el, row, withNumber(report, reported), t('reportButton'))
    const site = report.fraudSite
    if (site && /^https:\/\//.test(site.url)) link(el, row, site.url, t('reportTo', [site.name]))
  }
}

export function createBadge(doc: Document, data: BadgeData): HTMLElement {
  const { verdict, detail } = data
  const { icon, label, aria } = VERDICT_WORDS[verdict]
  const lang = messageLanguage()
  const el = maker(doc)

  const host = doc.createElement(BADGE_TAG)
  // A page can read these attributes: a number the user trusts shows the list's verdict here, so a
  // page cannot learn the user's trusted numbers; "trusted by you" lives only in the closed root.
  host.setAttribute('data-verdict', verdict === 'trusted' && detail ? detail.verdict : verdict)
  host.setAttribute('data-e164', detail?.e164 ?? '')
  host.setAttribute('style', HOST_STYLE)
  const root = host.attachShadow({ mode: 'closed' })
  el('style', root, '', css)

  const button = el('button', root, `b ${verdict}`)
  button.type = 'button'
  // The icon alone stays when the badge is compact (fitBadges); the words and the number's tag go.
  el('span', button, 'i', icon)
  el('span', button, 'l', ` ${fixedMessage(label)}`)
  if (data.tag) el('span', button, 't', ` ${data.tag}`)
  button.lang = lang
  button.setAttribute('aria-label', templateMessage(aria, [data.text]))
  button.setAttribute('aria-expanded', 'false')
  button.setAttribute('aria-haspopup', 'dialog')

  // The panel is filled on first open: a page with hundreds of badges pays for the buttons only.
  // It is a popover: shown in the top layer, above every stacking context, overflow clip,
  // transform and modal of the page, and above an element in fullscreen.
  const panel = el('div', root, 'p')
  panel.lang = lang
  panel.setAttribute('role', 'dialog')
  panel.popover = 'manual'
  let built = false
  const build = (): void => {
    if (built) return
    built = true
    fillPanel(panel, el, data)
  }
  let shown = false
  const isOpen = (): boolean => shown
  // The browser may hide the popover itself (another popover opened, the badge left the page):
  // then the rest of closing happens here.
  panel.addEventListener('toggle', (e) => {
    if ((e as Event & { newState?: string }).newState === 'closed' && shown) close()
  })

  // Open on click (pinned) or on keyboard focus (a peek that closes when focus leaves).
  let pinned = false
  let refocusing = false
  const onDocKey = (e: KeyboardEvent): void => {
    if (e.key !== 'Escape' || !isOpen()) return
    // Escape closes the topmost thing, our panel, and nothing of the page's (its modal stays open).
    e.preventDefault()
    e.stopPropagation()
    const active = doc.activeElement
    close()
    // Focus goes back to the badge, unless the user had moved on to something else of the page.
    if (!active || active === host || active === doc.body) {
      refocusing = true
      button.focus()
      refocusing = false
    }
  }
  const onDocPointer = (e: Event): void => {
    if (!e.composedPath().includes(host)) close()
  }
  let frame = 0
  const onViewportChange = (): void => {
    if (frame) return
    frame = doc.defaultView?.requestAnimationFrame(() => {
      frame = 0
      place()
    }) ?? 0
  }
  function open(pin: boolean): void {
    pinned ||= pin
    if (isOpen()) return
    build()
    try {
      panel.showPopover()
    } catch {
      // Detached, or the page removed the badge meanwhile.
      return
    }
    shown = true
    button.setAttribute('aria-expanded', 'true')
    doc.addEventListener('keydown', onDocKey, true)
    doc.addEventListener('pointerdown', onDocPointer, true)
    doc.defaultView?.addEventListener('scroll', onViewportChange, { capture: true, passive: true })
    doc.defaultView?.addEventListener('resize', onViewportChange, { passive: true })
    place()
  }
  function close(): void {
    pinned = false
    if (!isOpen()) return
    shown = false
    try {
      panel.hidePopover()
    } catch {
      // Already hidden by the browser (the page left fullscreen, the badge was removed).
    }
    button.setAttribute('aria-expanded', 'false')
    doc.removeEventListener('keydown', onDocKey, true)
    doc.removeEventListener('pointerdown', onDocPointer, true)
    doc.defaultView?.removeEventListener('scroll', onViewportChange, { capture: true })
    doc.defaultView?.removeEventListener('resize', onViewportChange)
  }
  /**
   * Next to its badge and inside the viewport, never over the badge or its number: below the
   * badge, or above it when there is more room there, scrolling inside itself when taller than
   * that room; moved left or right to fit. Only a view too short for any of that lets it overlap.
   */
  function place(): void {
    const view = doc.defaultView
    if (!view || !isOpen()) return
    const width = doc.documentElement.clientWidth || view.innerWidth
    const height = doc.documentElement.clientHeight || view.innerHeight
    const b = button.getBoundingClientRect()
    const below = height - b.bottom - GAP - MARGIN
    const above = b.top - GAP - MARGIN
    panel.style.maxHeight = `${height - 2 * MARGIN}px`
    const natural = panel.getBoundingClientRect()
    const room = Math.max(below, above)
    let top: number
    if (natural.height <= below) top = b.bottom + GAP
    else if (natural.height <= above) top = b.top - GAP - natural.height
    else if (room >= MIN_ROOM) {
      // Taller than either side: the roomier side, scrolling inside.
      panel.style.maxHeight = `${room}px`
      top = below >= above ? b.bottom + GAP : b.top - GAP - room
    } else top = Math.max(MARGIN, height - MARGIN - natural.height)
    const left = Math.min(Math.max(MARGIN, b.left), Math.max(MARGIN, width - MARGIN - natural.width))
    panel.style.top = `${Math.round(top)}px`
    panel.style.left = `${Math.round(left)}px`
  }

  const emphasise = (on: boolean): void => data.onEmphasis?.(on)
  button.addEventListener('pointerenter', () => emphasise(true))
  button.addEventListener('pointerleave', () => emphasise(false))
  button.addEventListener('focus', () => emphasise(true))
  button.addEventListener('blur', () => emphasise(false))
  button.addEventListener('click', () => (!isOpen() || !pinned ? open(true) : close()))
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
  compactors.set(host, (on) => button.classList.toggle('c', on))
  return host
}

/** Space between the badge and its panel, and between the panel and the viewport's edges. */
const GAP = 4
const MARGIN = 8
/** Height below which a side of the badge is too short to read the panel in, scrolling. */
const MIN_ROOM = 180

/** How each badge made here switches to its compact form (the closed root is reachable from nowhere else). */
const compactors = new WeakMap<Element, (on: boolean) => void>()

/** The nearest ancestor that has a box of its own (an inline <span> or <a> has no width to overflow). */
function boxAround(el: Element): Element | null {
  for (let p = el.parentElement; p; p = p.parentElement) if (p.clientWidth > 0) return p
  return null
}

/**
 * Badges that overflow their container (a fixed-width bar, a table cell, a button) show their
 * icon alone, with the same accessible name and panel. All layout is read first and written
 * after, so a batch of badges costs one layout, not one per badge.
 */
export function fitBadges(hosts: Iterable<Element>): void {
  const decisions: Array<[(on: boolean) => void, boolean]> = []
  for (const host of hosts) {
    const compact = compactors.get(host)
    if (!compact || !host.isConnected) continue
    const box = boxAround(host)
    if (!box) continue
    const b = host.getBoundingClientRect()
    const c = box.getBoundingClientRect()
    // Past the container's right or left edge (right-to-left text), or the container now scrolls
    // sideways: the badge took room the page's own content needed.
    const overflows = b.right > c.right + 1 || b.left < c.left - 1 || box.scrollWidth > box.clientWidth + 1
    decisions.push([compact, overflows])
  }
  for (const [compact, on] of decisions) compact(on)
}

// The notice over a fake Apple alert that held the browser hostage (hostage.ts): in the top layer,
// where no overlay, z-index, fullscreen element or fake system dialog of the page can cover it,
// in the user's language. It says the alert is fake, the device is not locked, not to call the
// number, gives Apple's real number for the region and Apple's own advice, and has one thing to
// do: Close this tab. Plain DOM in a closed shadow root, every string set as text, like badge.ts.

import type { FindingVerdict } from '../core/judge-finding'
import { SUPPORT_URL, withVanity } from '../core/verdict-words'
import { getMessage as t } from '../platform/i18n'
import { NOTICE_TAG, link, maker, messageLanguage } from './dom'


const HOST_STYLE = ['all:initial', 'display:block', 'position:fixed', 'width:0', 'height:0', 'visibility:visible', 'opacity:1']
  .map((d) => `${d}!important`)
  .join(';')

const CSS = `
:host { all: initial; }
.n {
  position: fixed; inset: auto; top: 16px; left: 50%; transform: translateX(-50%); margin: 0;
  box-sizing: border-box; width: min(540px, calc(100vw - 24px)); max-height: calc(100vh - 32px); overflow: auto;
  padding: 18px 20px; border: 3px solid #b3261e; border-radius: 12px; background: #fff; color: #1f1f1f;
  box-shadow: 0 8px 40px rgba(0, 0, 0, .45); font: 400 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; text-align: start;
}
.n:not(:popover-open) { display: none; }
.n::backdrop { background: rgba(0, 0, 0, .55); }
h2 { margin: 0 0 8px; font-size: 20px; line-height: 1.25; color: #b3261e; }
p { margin: 0 0 10px; }
.real { font-weight: 600; }
.s { font-size: 13px; color: #474747; }
a { color: #0b57d0; }
.row { display: flex; flex-wrap: wrap; gap: 10px; margin-top: 14px; align-items: center; }
button { font: 600 15px/1.2 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; padding: 10px 16px; border-radius: 8px; cursor: pointer; border: 1px solid #747775; background: #fff; color: #1f1f1f; }
button.close { background: #b3261e; border-color: #b3261e; color: #fff; }
button.quiet { border: none; background: none; text-decoration: underline; padding: 10px 4px; font-weight: 400; }
button:focus-visible, a:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
@media (prefers-color-scheme: dark) {
  .n { background: #202124; color: #e8eaed; border-color: #f28b82; }
  h2 { color: #f28b82; }
  .s { color: #bdc1c6; }
  a { color: #8ab4f8; }
  button { background: #303134; color: #e8eaed; border-color: #5f6368; }
  button.close { background: #d93025; border-color: #d93025; color: #fff; }
  button.quiet { background: none; }
}
`

export interface NoticeActions {
  closeTab: () => void
  allowFullscreen: () => void
}

export interface Notice {
  /** Shows the notice, or puts it back on top of whatever the page raised since; `fought` adds "Let this page go fullscreen". */
  raise(fought: boolean): void
  remove(): void
}

/** Re-attachments after the page removes the notice, before TrueDial lets it go. */
const MAX_REATTACH = 20

/** The notice for a page whose red claim is `detail` (its number, Apple's real one for the region). */
export function createNotice(doc: Document, detail: FindingVerdict | null, actions: NoticeActions): Notice {
  const el = maker(doc)
  const host = doc.createElement(NOTICE_TAG)
  host.setAttribute('style', HOST_STYLE)
  const root = host.attachShadow({ mode: 'closed' })
  el('style', root, '', CSS)
  const box = el('div', root, 'n')
  box.popover = 'manual'
  box.setAttribute('role', 'alertdialog')
  box.setAttribute('aria-labelledby', 'h')
  box.setAttribute('aria-describedby', 'd')
  box.lang = messageLanguage()
  const heading = el('h2', box, '', t('noticeTitle'))
  heading.id = 'h'
  const body = el('p', box, '', t('noticeNotLocked'))
  body.id = 'd'
  if (detail) el('p', box, '', t('noticeFakeNumber', [detail.display]))
  const real = detail?.alternatives.find((a) => a.confidence !== 'low') ?? null
  if (real) el('p', box, 'real', t('noticeRealNumber', [real.countryName, withVanity(real)]))
  link(el, el('p', box), SUPPORT_URL, t('badgeSupportLink'))
  el('p', box, 's', t('badgeGuidance'))
  el('p', box, 's', t('noticeDialogs'))
  const row = el('div', box, 'row')
  const close = el('button', row, 'close', t('noticeCloseTab'))
  close.type = 'button'
  close.addEventListener('click', () => actions.closeTab())
  const allow = el('button', row, '', t('noticeAllowFullscreen'))
  allow.type = 'button'
  allow.hidden = true
  allow.addEventListener('click', () => {
    allow.hidden = true
    actions.allowFullscreen()
  })
  const hide = el('button', row, 'quiet', t('noticeHide'))
  hide.type = 'button'
  hide.addEventListener('click', () => {
    dismissed = true
    try {
      box.hidePopover()
    } catch {
      // Already hidden.
    }
  })

  let dismissed = false
  let focused = false
  let reattached = 0
  // A page that removes the notice gets it back (a bounded number of times).
  const watcher = new MutationObserver(() => {
    if (host.isConnected || dismissed || reattached >= MAX_REATTACH) return
    reattached++
    attach()
    show()
  })
  const attach = (): void => {
    ;(doc.documentElement ?? doc).appendChild(host)
  }
  const show = (): void => {
    try {
      // Hidden and shown again: the last shown is on top of the top layer.
      if (box.matches(':popover-open')) box.hidePopover()
      box.showPopover()
    } catch {
      return
    }
    if (!focused) {
      focused = true
      close.focus()
    }
  }
  return {
    raise(fought) {
      if (fought) allow.hidden = false
      if (dismissed) return
      if (!host.isConnected) {
        attach()
        if (doc.documentElement) watcher.observe(doc.documentElement, { childList: true })
      }
      show()
    },
    remove() {
      watcher.disconnect()
      host.remove()
    },
  }
}

// The few DOM helpers the badge and the notice share: elements made with their class and text
// (every string set as text, never as markup), links that open outside the page, and the
// language the extension's messages are in.
import { fixedMessage } from '../platform/i18n'

/** The elements TrueDial puts on a page: its badges and its notice over a hostage page. */
export const BADGE_TAG = 'truedial-badge'
export const NOTICE_TAG = 'truedial-notice'
/** Their node names: what the change queue never reads as a change of the page. */
export const OWN_NODE_NAMES: ReadonlySet<string> = new Set([BADGE_TAG.toUpperCase(), NOTICE_TAG.toUpperCase()])

export type Make = <K extends keyof HTMLElementTagNameMap>(tag: K, parent: Node, cls?: string, text?: string) => HTMLElementTagNameMap[K]

/** Makes elements of `doc`, appended to their parent, with a class and text when given. */
export function maker(doc: Document): Make {
  return (tag, parent, cls = '', text = '') => {
    const e = doc.createElement(tag)
    if (cls) e.className = cls
    if (text) e.textContent = text
    parent.appendChild(e)
    return e
  }
}

/** A link; a web address opens in a new tab, with no opener and no referrer. */
export function link(el: Make, parent: Node, href: string, text: string): HTMLAnchorElement {
  const a = el('a', parent, '', text)
  a.href = href
  if (href.startsWith('http')) {
    a.target = '_blank'
    a.rel = 'noopener noreferrer'
  }
  return a
}

/** The language the messages are in (not the browser's: a UI language without a translation reads English). */
export function messageLanguage(): string {
  const tag = fixedMessage('extLanguageTag')
  return tag === 'extLanguageTag' ? 'en' : tag
}

// The extension pages' words: browser.i18n over public/_locales, in the browser's language.
// Components call t('key'); a message with a link or bold text inside uses tNodes.
import type { ComponentChildren } from 'preact'
import browser from '../../platform/browser'
import { countMessage, languageOf, serviceName, type Translate } from '../../core/message-format'

export const t: Translate = (key, substitutions) => browser.i18n.getMessage(key, substitutions) || key

/**
 * The page's locale: the browser's UI language ("en-GB") when the messages are in that language,
 * else the language the messages are in (a browser in Italian reads the English messages, and a
 * screen reader must read them as English). Used for <html lang>, dates, numbers, country names.
 */
function pageLocale(): string {
  const text = languageOf(t)
  let ui = ''
  try {
    ui = browser.i18n.getUILanguage()
  } catch {
    // no UI language: the messages' own
  }
  try {
    if (ui && new Intl.Locale(ui).language === new Intl.Locale(text).language) return Intl.getCanonicalLocales(ui)[0]!
  } catch {
    // a malformed tag: the messages' own
  }
  return text
}

export const locale = pageLocale()

/** Sets <html lang> (and the title) once, before the first render. */
export function applyDocumentLanguage(titleKey?: string): void {
  document.documentElement.lang = locale
  if (titleKey) document.title = t(titleKey)
}

/** "1 country" / "39 countries" / "39 个国家/地区": the count in the language's plural form. */
export function tCount(one: string, other: string, count: number): string {
  return countMessage(t, one, other, count)
}

/** The registry's service code ("support") in the reader's words. */
export function tService(service: string): string {
  return serviceName(t, service)
}

const MARK = '\uE000'
/**
 * A message whose substitutions are elements: tNodes('popupAppleNumber', [<strong>{n}</strong>])
 * keeps the translator's word order and the markup. Private-use characters mark the places.
 */
export function tNodes(key: string, nodes: ComponentChildren[]): ComponentChildren[] {
  const parts = t(key, nodes.map((_, i) => `${MARK}${i}${MARK}`)).split(MARK)
  return parts.map((part, i) => (i % 2 === 1 ? nodes[Number(part)] : part)).filter((part) => part !== '')
}

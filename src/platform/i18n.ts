// The browser's message catalog (public/_locales) for every context, the content script
// included: `browser.i18n` in Firefox, `chrome.i18n` in Chromium (its service worker too),
// without the webextension-polyfill. Deliberately tiny and free of the English catalog: the
// content script runs on every page. Where no extension API exists (unit tests under happy-dom)
// a message comes back as its key; tests that read the words stub chrome.i18n.getMessage.

interface I18nLike {
  getMessage(key: string, substitutions?: string | string[]): string
  getUILanguage?(): string
}

function api(): I18nLike | null {
  const g = globalThis as { browser?: { i18n?: I18nLike }; chrome?: { i18n?: I18nLike } }
  return g.browser?.i18n ?? g.chrome?.i18n ?? null
}

/** chrome.i18n.getMessage with $1…$9 substitutions; the key itself if the catalog has no such message. */
export function getMessage(key: string, substitutions?: string[]): string {
  let text = ''
  try {
    text = api()?.getMessage(key, substitutions) ?? ''
  } catch {
    // "Extension context invalidated" after an update: show something rather than nothing.
  }
  return text || key
}

/** Messages already read from the browser, per catalog (tests swap the catalog). */
const known = new WeakMap<I18nLike, Map<string, string>>()

/**
 * A message read from the browser once per catalog: each getMessage call crosses into the
 * extension's bindings, and a page with hundreds of badges asked for the same words hundreds of
 * times. One that came back as its key (no such message, or the context was invalidated) is not kept.
 */
function once(catalog: I18nLike, name: string, key: string, read: () => string): string {
  let map = known.get(catalog)
  if (!map) known.set(catalog, (map = new Map()))
  let text = map.get(name)
  if (text === undefined) {
    text = read()
    if (text !== key) map.set(name, text)
  }
  return text
}

/** getMessage for a message with no substitutions, read once (see once()). */
export function fixedMessage(key: string): string {
  const catalog = api()
  return catalog ? once(catalog, key, key, () => getMessage(key)) : key
}

/** A private-use character marks each substitution in a message template. */
const MARK = 0xe000
const MARKS = /[\ue000-\ue008]/g

/** getMessage with substitutions: the message is read once as a template, then filled in. */
export function templateMessage(key: string, substitutions: string[]): string {
  const catalog = api()
  if (!catalog) return key
  const marks = substitutions.map((_, i) => String.fromCharCode(MARK + i))
  const template = once(catalog, `${key}\u0000${marks.length}`, key, () => getMessage(key, marks))
  if (template === key) return getMessage(key, substitutions)
  // One pass, so a substitution that holds a mark itself is never filled in again.
  return template.replace(MARKS, (mark) => substitutions[mark.charCodeAt(0) - MARK] ?? mark)
}

/** The browser's UI language ("en-US"), or null outside an extension. */
export function uiLanguage(): string | null {
  try {
    return api()?.getUILanguage?.() || null
  } catch {
    return null
  }
}

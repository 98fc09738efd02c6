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

/** Messages without substitutions already read, per catalog (tests swap the catalog). */
const fixed = new WeakMap<I18nLike, Map<string, string>>()

/**
 * getMessage for a message with no substitutions, read from the browser once: each call crosses
 * into the extension's bindings, and a page with hundreds of badges asked for the same words
 * hundreds of times.
 */
export function fixedMessage(key: string): string {
  const catalog = api()
  if (!catalog) return key
  let known = fixed.get(catalog)
  if (!known) fixed.set(catalog, (known = new Map()))
  let text = known.get(key)
  if (text === undefined) {
    text = getMessage(key)
    // A message read while the context was invalidated is its key: do not keep that.
    if (text !== key) known.set(key, text)
  }
  return text
}

/** Message templates already read, per catalog: a private-use character marks each substitution. */
const templates = new WeakMap<I18nLike, Map<string, string>>()
const MARK = 0xe000

/** getMessage with substitutions, the message read from the browser once per key (see fixedMessage). */
export function templateMessage(key: string, substitutions: string[]): string {
  const catalog = api()
  if (!catalog) return key
  let known = templates.get(catalog)
  if (!known) templates.set(catalog, (known = new Map()))
  let template = known.get(key)
  if (template === undefined) {
    template = getMessage(
      key,
      substitutions.map((_, i) => String.fromCharCode(MARK + i)),
    )
    if (template === key) return getMessage(key, substitutions)
    known.set(key, template)
  }
  let text = template
  for (let i = 0; i < substitutions.length; i++) text = text.split(String.fromCharCode(MARK + i)).join(substitutions[i]!)
  return text
}

/** The browser's UI language ("en-US"), or null outside an extension. */
export function uiLanguage(): string | null {
  try {
    return api()?.getUILanguage?.() || null
  } catch {
    return null
  }
}

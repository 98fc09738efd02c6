// Chrome's extension message format and the small helpers built on it, without any catalog:
// the extension pages and the content script import this, so they never bundle the English
// messages (they read the browser's own). https://developer.chrome.com/docs/extensions/how-to/ui/localization-message-formats

/** chrome.i18n.getMessage's shape: a message key and up to nine substitutions for $1…$9. */
export type Translate = (key: string, substitutions?: string[]) => string

export interface MessageEntry {
  message: string
  description?: string
  placeholders?: Record<string, { content: string; example?: string }>
}

export type MessageCatalog = Record<string, MessageEntry>

const NAMED_PLACEHOLDER = /\$([A-Za-z0-9_@]+)\$/g

/**
 * One message with its substitutions, as Chrome builds it: named placeholders ($COUNTRY$, any
 * case) become their "content" first; then $1…$9 become substitutions (missing ones become
 * nothing), "$$" becomes "$", and a "$" before anything else is dropped with that character
 * (base::ReplaceStringPlaceholders). Substituted text is never read again, so a "$1" inside a
 * page's text stays as it is.
 */
export function formatMessage(entry: MessageEntry, substitutions: readonly string[] = []): string {
  const placeholders = entry.placeholders
  const text = placeholders
    ? entry.message.replace(NAMED_PLACEHOLDER, (whole, name: string) => placeholders[name.toLowerCase()]?.content ?? whole)
    : entry.message
  if (!text.includes('$')) return text
  // One pass by a regular expression, not a string built a character at a time (the CLI and the
  // bench word thousands of reasons).
  return text.replace(DOLLAR, (_whole, after: string | undefined) => {
    if (after === undefined) return ''
    if (after[0] === '$') return after
    if (after >= '1' && after <= '9') return substitutions[after.charCodeAt(0) - 49] ?? ''
    return ''
  })
}

/** A "$" and what follows it: more "$"s (each one stays), a digit, any other character, or the end. */
const DOLLAR = /\$(\$+|[\s\S])?/g

/** A Translate over a catalog (a parsed messages.json); unknown keys come back as the key. */
export function catalogTranslate(catalog: MessageCatalog): Translate {
  return (key, substitutions) => {
    const entry = Object.hasOwn(catalog, key) ? catalog[key] : undefined
    return entry ? formatMessage(entry, substitutions) : key
  }
}

const languages = new WeakMap<Translate, string>()
/** The BCP 47 tag of the language a Translate speaks (its extLanguageTag message), for Intl. */
export function languageOf(t: Translate): string {
  let lang = languages.get(t)
  if (lang === undefined) {
    const tag = t('extLanguageTag')
    lang = tag && tag !== 'extLanguageTag' && isLanguageTag(tag) ? tag : 'en'
    languages.set(t, lang)
  }
  return lang
}

function isLanguageTag(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1
  } catch {
    return false
  }
}

const pluralRules = new Map<string, Intl.PluralRules>()
/**
 * The message for a count: `one` where the language's plural rules say "one" (English: 1; French:
 * 0 and 1), else `other`. Chrome's i18n has no plural syntax; these two forms cover every locale
 * TrueDial ships (Chinese, Japanese and Korean use the same text for both).
 */
export function countMessage(t: Translate, one: string, other: string, count: number): string {
  const lang = languageOf(t)
  let rules = pluralRules.get(lang)
  if (!rules) pluralRules.set(lang, (rules = new Intl.PluralRules(lang)))
  return t(rules.select(count) === 'one' ? one : other, [String(count)])
}

/** "a and b and c" / "a, b, c": the language's own joining words, one pair at a time. */
export function joinList(t: Translate, items: readonly string[], joiner: 'listAnd' | 'listComma'): string {
  if (items.length === 0) return ''
  return items.slice(1).reduce((joined, item) => t(joiner, [joined, item]), items[0]!)
}

/** The registry's service codes and the words people read for them. */
export const SERVICE_KEYS: Readonly<Record<string, string>> = {
  support: 'serviceSupport',
  sales: 'serviceSales',
  business: 'serviceBusiness',
  education: 'serviceEducation',
  accessibility: 'serviceAccessibility',
  subscriptions: 'serviceSubscriptions',
  other: 'serviceOther',
}

/** "support" → "技术支持" for a Simplified Chinese reader; an unknown code stays as it is. */
export function serviceName(t: Translate, service: string): string {
  const key = Object.hasOwn(SERVICE_KEYS, service) ? SERVICE_KEYS[service] : undefined
  return key ? t(key) : service
}

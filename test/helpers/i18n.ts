// The browser's message catalog for tests that run without an extension (happy-dom, Node):
// reads public/_locales/<locale>/messages.json and answers as chrome.i18n.getMessage would,
// falling back to the default locale (en) message by message, as Chrome does.
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { formatMessage, type MessageCatalog, type Translate } from '../../src/core/i18n'

export const LOCALES_DIR = resolve(import.meta.dirname, '../../public/_locales')

export function readCatalog(locale: string): MessageCatalog {
  return JSON.parse(readFileSync(join(LOCALES_DIR, locale, 'messages.json'), 'utf8')) as MessageCatalog
}

export function locales(): string[] {
  return readdirSync(LOCALES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
}

/** chrome.i18n.getMessage for a locale: "" for an unknown key, like the browser. */
export function getMessageFor(locale: string): (key: string, substitutions?: string | string[]) => string {
  const catalog = { ...readCatalog('en'), ...readCatalog(locale) }
  return (key, substitutions) => {
    const entry = Object.hasOwn(catalog, key) ? catalog[key] : undefined
    if (!entry) return ''
    return formatMessage(entry, substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions])
  }
}

/** A Translate in a locale, for core functions (judge, checkNumber). */
export function translatorFor(locale: string): Translate {
  const get = getMessageFor(locale)
  return (key, substitutions) => get(key, substitutions) || key
}

/** Installs globalThis.chrome.i18n speaking `locale`; returns the function that removes it. */
export function stubBrowserI18n(locale: string): () => void {
  const g = globalThis as { chrome?: unknown }
  const before = g.chrome
  g.chrome = { i18n: { getMessage: getMessageFor(locale), getUILanguage: () => locale.replace('_', '-') } }
  return () => {
    if (before === undefined) delete g.chrome
    else g.chrome = before
  }
}

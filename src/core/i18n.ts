// Translated text for pure code. src/core runs in Node (the CLI) and in the service worker, so it
// never calls a browser API: callers pass a Translate. The default is English, read from the same
// public/_locales/en/messages.json the browser uses, so the CLI prints exactly the sentences an
// English-speaking user sees in the extension. The format and helpers live in message-format.ts.
import en from '../../public/_locales/en/messages.json' with { type: 'json' }
import { catalogTranslate, type MessageCatalog, type Translate } from './message-format'

export * from './message-format'

/**
 * English, from public/_locales/en/messages.json: the CLI's language and every default. Marked
 * pure so that a bundle which never calls it leaves the catalog out.
 */
export const englishTranslate: Translate = /* @__PURE__ */ catalogTranslate(en as MessageCatalog)

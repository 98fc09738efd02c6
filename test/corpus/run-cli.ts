// The corpus through the CLI's path: happy-dom parses each snippet, the extension's scanner finds
// the numbers and the background's core judges them, with the case's address and user locale.
import { parseHtml, scanDocument } from '../../src/cli/scan-file'
import type { RegistryIndex } from '../../src/core/registry-index'
import type { CorpusCase, Observed } from './corpus'

export function observeWithCli(index: RegistryIndex, c: CorpusCase): Observed[] {
  const doc = parseHtml(c.html, c.url)
  return scanDocument(index, doc, { url: c.url, region: null, userLocale: c.locale }).map((f) => ({
    digits: f.digits,
    text: f.text,
    verdict: f.verdict.verdict,
    country: f.verdict.country || null,
  }))
}

import { loadIndex } from '../../src/cli/load-index'
import { loadCorpus } from './corpus'
import { parseHtml, scanDocument, detectorFor } from '../../src/cli/scan-file'
import { readPageFacts } from '../../src/core/claim-scope'
const { index } = await loadIndex()
const ids = process.argv.slice(2)
for (const c of loadCorpus().filter((c) => ids.some((i) => c.id.includes(i)))) {
  const doc = parseHtml(c.html, c.url)
  console.log('=====', c.id, c.url, JSON.stringify(readPageFacts(doc, doc.title, detectorFor(index))))
  for (const f of scanDocument(index, doc, { url: c.url, region: null, userLocale: c.locale })) {
    console.log(' ', f.text, '|', f.verdict.verdict, f.verdict.country, '| claim:', f.claim.where, JSON.stringify(f.claim.words), '| reasons:', f.verdict.reasons.map((r) => r.code).join(','))
  }
  for (const e of c.expect) console.log('   expect', e.printed, e.labels.join('|'), e.country ?? '')
}

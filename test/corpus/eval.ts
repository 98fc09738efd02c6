// `npm run eval`: the judgement corpus through the CLI's scanner and core. Prints precision and
// recall of red badges per category and per language, and every wrong verdict. Exit 1 on any.
import { loadIndex } from '../../src/cli/load-index'
import { detectorFor, parseHtml, scanDocument } from '../../src/cli/scan-file'
import { readPageFacts } from '../../src/core/claim-scope'
import { formatWrong, loadCorpus, score, type Score } from './corpus'
import { observeWithCli } from './run-cli'

const { index } = await loadIndex()
const cases = loadCorpus()

// --explain ID: every finding on the snippets whose id contains ID, with its claim and reasons.
const explain = process.argv.indexOf('--explain')
if (explain >= 0) {
  const part = process.argv[explain + 1] ?? ''
  for (const c of cases.filter((x) => x.id.includes(part))) {
    const doc = parseHtml(c.html, c.url)
    console.log(`== ${c.id} (${c.url}, ${c.locale})`)
    console.log(`   page: ${JSON.stringify(readPageFacts(doc, doc.title, detectorFor(index)))}`)
    for (const f of scanDocument(index, doc, { url: c.url, region: null, userLocale: c.locale })) {
      console.log(`   ${f.text} → ${f.verdict.verdict} ${f.verdict.country}; claim (${f.claim.where}) “${f.claim.words}”`)
      for (const r of f.verdict.reasons) console.log(`      ${r.code}: ${r.text}`)
    }
    for (const e of c.expect) console.log(`   expected ${e.printed} → ${e.labels.join('|')}${e.country ? ` ${e.country}` : ''}`)
  }
  process.exit(0)
}
const result: Score = { wrong: [], outcomes: [] }
for (const c of cases) score(c, observeWithCli(index, c), result)

function table(key: 'category' | 'lang'): void {
  const groups = new Map<string, typeof result.outcomes>()
  for (const o of result.outcomes) {
    const list = groups.get(o[key]) ?? []
    list.push(o)
    groups.set(o[key], list)
  }
  console.log(`\n${key.padEnd(18)} numbers  right  red-precision  red-recall`)
  for (const [name, list] of [...groups].sort()) {
    const tp = list.filter((o) => o.expectedRed && o.gotRed).length
    const fp = list.filter((o) => !o.expectedRed && o.gotRed).length
    const fn = list.filter((o) => o.expectedRed && !o.gotRed).length
    const pct = (a: number, b: number): string => (b === 0 ? '   -' : `${((100 * a) / b).toFixed(0).padStart(3)}%`)
    console.log(`${name.padEnd(18)} ${String(list.length).padStart(7)}  ${String(list.filter((o) => o.ok).length).padStart(5)}  ${pct(tp, tp + fp).padStart(13)}  ${pct(tp, tp + fn).padStart(10)}`)
  }
}

const falseAlarms = result.outcomes.filter((o) => !o.expectedRed && o.gotRed).length
const missed = result.outcomes.filter((o) => o.expectedRed && !o.gotRed).length
console.log(`TrueDial judgement corpus: ${cases.length} snippets, ${result.outcomes.length} numbers`)
table('category')
table('lang')
console.log(`\nfalse alarms (red on a number that is not): ${falseAlarms}`)
console.log(`missed (not red on a scam number): ${missed}`)
const wrong = result.wrong.filter((w) => !w.open)
const open = result.wrong.filter((w) => w.open)
console.log(`wrong verdicts: ${wrong.length}`)
for (const w of wrong) console.log(`  [${w.category}/${w.lang}] ${formatWrong(w)}`)
// Counted above too (false alarms, missed): a known wrong verdict is still a wrong one.
console.log(`open (known wrong verdicts, each case says why in its open: line): ${open.length}`)
for (const w of open) console.log(`  [${w.category}/${w.lang}] ${formatWrong(w)}`)
process.exitCode = wrong.length > 0 ? 1 : 0

// A worker that just started, for test/bench/background.ts: loads the registry and builds the
// verdicts' tables as the service worker does at start (background/index.ts), then judges its
// first page (1,000 new findings) with the rest cold: JIT, most of libphonenumber's metadata, the
// prefix table, the memos. Prints {"ms": …, "loadMs": …, "prepareMs": …} as its last line.

import { Verdicts } from '../../src/core/fast'
import { SCAN_LIMITS } from '../../src/core/scan-limits'
import { loadIndex } from '../../src/cli/load-index'
import { PAGE, pageFindings, START_SEED } from './background'

const findings = pageFindings(SCAN_LIMITS.maxFindings, START_SEED)
const l0 = performance.now()
const { index } = await loadIndex()
const loadMs = performance.now() - l0
const verdicts = new Verdicts()
const p0 = performance.now()
verdicts.prepare(index)
const prepareMs = performance.now() - p0
const t0 = performance.now()
const judge = verdicts.onPage(index, PAGE)
for (const f of findings) judge(f)
const ms = performance.now() - t0
console.log(JSON.stringify({ ms, loadMs, prepareMs }))

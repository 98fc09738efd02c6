// Diagnosis, not part of `npm run bench`: does one build cost a page more than another? Run after
// building both (e.g. `npx vite build --outDir /tmp/old` on the old commit):
//   node --import tsx test/bench/compare.ts <build A> <build B> [page = ordinary] [loads = 20]
// Loads the bench page alternately in two browsers, one per build (each warmed up first), every
// load under a Chrome trace, and sums the content script's script events over the whole load (its
// evaluation, the brand check's slices, microtasks) in thread time: CPU time the renderer's main
// thread spent, so a renderer that waited for a core on a shared machine is not charged for it (a
// CPU profile's wall-clock sample gaps are, which makes its runs spread by several ms). Prints each
// build's median and quartiles, and the difference of the medians with a bootstrap 95% interval:
// an interval that holds 0 is no measured difference.

import { resolve } from 'node:path'
import type { BrowserContext } from 'playwright-core'
import { startServer, waitForScan } from '../e2e/harness'
import { extensionScript, mainThread, TRACE_CATEGORIES, type TraceEvent } from './attribution'
import { INIT_SCRIPT, launchBrowser, type Browser } from './browser'
import { allPages } from './pages'
import { rng } from '../helpers/prng'

const [dirA, dirB, key = 'ordinary', loadsArg = '20'] = process.argv.slice(2)
if (!dirA || !dirB) throw new Error('usage: compare.ts <build A> <build B> [page] [loads]')
const page = allPages().find((p) => p.key === key)
if (!page) throw new Error(`no bench page "${key}"`)
const loads = Number(loadsArg)

interface Load {
  threadMs: number
  wallMs: number
  /** Thread time by the outermost event's name (EvaluateScript: the script's start; RunMicrotasks, TimerFire: its slices). */
  threadByEvent: Map<string, number>
}

/** One traced load: the content script's thread and wall time from navigation to a settled scan. */
async function tracedLoad(ctx: BrowserContext, url: string): Promise<Load> {
  const tab = await ctx.newPage()
  const events: TraceEvent[] = []
  try {
    await tab.addInitScript({ content: INIT_SCRIPT })
    const cdp = await ctx.newCDPSession(tab)
    const done = new Promise<void>((ok) => cdp.on('Tracing.tracingComplete', () => ok()))
    cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])))
    await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: TRACE_CATEGORIES, excludedCategories: ['*'] } })
    await tab.goto(url, { waitUntil: 'load', timeout: 60_000 })
    await waitForScan(tab, () => true, 60_000)
    await tab.waitForTimeout(200)
    await cdp.send('Tracing.end')
    await done
  } finally {
    await tab.close().catch(() => undefined)
  }
  const { events: onMain } = mainThread(events, new URL(url).pathname)
  const first = onMain[0]!
  const end = Math.max(...onMain.map((e) => e.ts + (e.dur ?? 0)))
  return extensionScript(onMain, { ts: first.ts, dur: end - first.ts })
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b)
  const at = (s.length - 1) * q
  const lo = Math.floor(at)
  return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (at - lo)
}
const median = (xs: number[]): number => quantile(xs, 0.5)

/** 95% bootstrap interval of median(b) - median(a). */
function bootstrap(a: number[], b: number[], rounds = 5000): [number, number] {
  const r = rng(20261205)
  const draw = (xs: number[]): number[] => xs.map(() => xs[r.int(xs.length)]!)
  const diffs: number[] = []
  for (let i = 0; i < rounds; i++) diffs.push(median(draw(b)) - median(draw(a)))
  return [quantile(diffs, 0.025), quantile(diffs, 0.975)]
}

const { server, baseUrl, routes } = await startServer()
routes.set(`/bench/${page.key}.html`, () => [200, 'text/html; charset=utf-8', page.html])
routes.set('/bench/warmup.html', () => [200, 'text/html; charset=utf-8', '<!doctype html><title>warm-up</title><p>Apple Support: call 1-888-555-0100.</p>'])
const builds: Array<{ dir: string; browser: Browser; loads: Load[] }> = []
try {
  for (const dir of [dirA, dirB]) {
    const browser = await launchBrowser(resolve(dir))
    builds.push({ dir, browser, loads: [] })
    const warm = await browser.ctx.newPage()
    await warm.goto(`${baseUrl}/bench/warmup.html`)
    await waitForScan(warm)
    await warm.close()
  }
  const url = `${baseUrl}/bench/${page.key}.html`
  // A first load of each, not counted: the page's own first parse and the disk cache.
  for (const b of builds) await tracedLoad(b.browser.ctx, url)
  for (let i = 0; i < loads; i++) {
    // Alternate which build goes first, so neither always follows the other.
    const order = i % 2 === 0 ? builds : [...builds].reverse()
    for (const b of order) b.loads.push(await tracedLoad(b.browser.ctx, url))
    process.stderr.write('.')
  }
  process.stderr.write('\n')
} finally {
  for (const b of builds) await b.browser.close()
  server.close()
}

const r1 = (x: number): string => x.toFixed(2)
console.log(`${page.label}: the content script's script events over one load, ${loads} loads per build, alternating`)
for (const [name, b] of [['A', builds[0]!], ['B', builds[1]!]] as const) {
  const thread = b.loads.map((l) => l.threadMs)
  const wall = b.loads.map((l) => l.wallMs)
  console.log(`  ${name} ${b.dir}: thread time median ${r1(median(thread))} ms (quartiles ${r1(quantile(thread, 0.25))}-${r1(quantile(thread, 0.75))}), wall ${r1(median(wall))} ms`)
  const names = [...new Set(b.loads.flatMap((l) => [...l.threadByEvent.keys()]))].sort()
  console.log(`    by event: ${names.map((n) => `${n} ${r1(median(b.loads.map((l) => l.threadByEvent.get(n) ?? 0)))}`).join(', ')}`)
}
const [a, b] = [builds[0]!.loads.map((l) => l.threadMs), builds[1]!.loads.map((l) => l.threadMs)]
const [lo, hi] = bootstrap(a, b)
console.log(`  B - A, thread time: ${r1(median(b) - median(a))} ms (95% interval ${r1(lo)} to ${r1(hi)} ms)${lo > 0 ? ': B costs more' : hi < 0 ? ': B costs less' : ': no measured difference'}`)

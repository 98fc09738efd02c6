// Diagnosis, not part of `npm run bench`: loads one bench page with the extension under a Chrome
// trace and says where the long tasks went (the content script's code, the page's, style, layout,
// GC) and when the service worker was busy. Run after a build:
//   node --import tsx test/bench/trace.ts big        (ordinary | big | scroll | deep)
// Writes test/output/trace-<page>.json (open it in chrome://tracing or Perfetto).

import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { outputDir, root, waitForScan } from '../e2e/harness'
import { diagnosisTab } from './browser'
import { allPages } from './pages'
import { isExtension, mainThread, SCRIPT_EVENTS, TRACE_CATEGORIES, type TraceEvent } from './attribution'

const key = process.argv[2] ?? 'big'
const page = allPages().find((p) => p.key === key)
if (!page) throw new Error(`no bench page "${key}"`)

const { tab, baseUrl, close } = await diagnosisTab(page, join(root, 'dist'))
const events: TraceEvent[] = []
try {
  const cdp = await tab.context().newCDPSession(tab)
  const done = new Promise<void>((ok) => cdp.on('Tracing.tracingComplete', () => ok()))
  cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])))
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { includedCategories: TRACE_CATEGORIES, excludedCategories: ['*'] },
  })
  const t0 = Date.now()
  await tab.goto(`${baseUrl}/bench/${page.key}.html`, { timeout: 60_000 })
  const loadMs = Date.now() - t0
  if (page.feed) await tab.waitForFunction(() => (window as unknown as { __feed?: { done: boolean } }).__feed?.done === true, null, { timeout: 60_000 })
  const state = await waitForScan(tab, () => true, 60_000)
  console.log(`${page.label}: goto ${loadMs} ms, settled ${Date.now() - t0} ms after navigation start; state ${JSON.stringify(state)}`)
  await cdp.send('Tracing.end')
  await done
} finally {
  await close()
}

mkdirSync(outputDir, { recursive: true })
writeFileSync(join(outputDir, `trace-${key}.json`), JSON.stringify({ traceEvents: events }))

const threadNames = new Map<string, string>()
for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threadNames.set(`${e.pid}:${e.tid}`, e.args?.name ?? '')
// The page's renderer main thread: the one that parsed the bench page.
const { key: main, events: onMain } = mainThread(events, `/bench/${key}.html`)
const nav = events.find((e) => e.name === 'navigationStart' && `${e.pid}:${e.tid}` === main) ?? onMain[0]!
const at = (ts: number): string => `${((ts - nav.ts) / 1000).toFixed(0)} ms`
const INTERESTING = new Set([...SCRIPT_EVENTS, 'UpdateLayoutTree', 'Layout', 'ParseHTML', 'MajorGC', 'MinorGC', 'PrePaint', 'Paint', 'Layerize', 'Commit', 'HitTest'])
const tasks = onMain.filter((e) => e.name === 'RunTask' && (e.dur ?? 0) > 50_000)
console.log(`\nlong tasks on the page's main thread (> 50 ms): ${tasks.length}`)
for (const t of tasks) {
  const end = t.ts + (t.dur ?? 0)
  const inside = onMain.filter((e) => e !== t && e.ts >= t.ts && e.ts + (e.dur ?? 0) <= end && INTERESTING.has(e.name))
  // The outermost interesting events only (not nested in another one), by kind.
  const top = inside.filter((e) => !inside.some((o) => o !== e && o.ts <= e.ts && o.ts + (o.dur ?? 0) >= e.ts + (e.dur ?? 0) && (o.dur ?? 0) > (e.dur ?? 0)))
  const by = new Map<string, number>()
  for (const e of top) {
    const nested = onMain.filter((c) => c.ts >= e.ts && c.ts <= e.ts + (e.dur ?? 0))
    const label = SCRIPT_EVENTS.has(e.name) ? `${e.name} (${isExtension(e) || nested.some(isExtension) ? 'extension' : 'page'})` : e.name
    by.set(label, (by.get(label) ?? 0) + (e.dur ?? 0))
  }
  const parts = [...by].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, v]) => `${k} ${(v / 1000).toFixed(0)}`)
  console.log(`  at ${at(t.ts)}: ${((t.dur ?? 0) / 1000).toFixed(0)} ms = ${parts.join(', ')}`)
}
const badges = onMain.filter((e) => e.name === 'UpdateLayoutTree' || e.name === 'Layout')
const styleMs = badges.reduce((n, e) => n + (e.dur ?? 0), 0) / 1000
console.log(`style + layout on the page's main thread in all: ${styleMs.toFixed(0)} ms`)

// The service worker: busy periods of the extension's worker thread.
const sw = [...threadNames].filter(([, n]) => /ServiceWorker/i.test(n)).map(([k]) => k)
for (const k of sw) {
  const busy = events.filter((e) => `${e.pid}:${e.tid}` === k && e.ph === 'X' && e.name === 'RunTask' && (e.dur ?? 0) > 5_000)
  const total = busy.reduce((n, e) => n + (e.dur ?? 0), 0) / 1000
  console.log(`service worker thread ${k}: ${busy.length} tasks > 5 ms, ${total.toFixed(0)} ms in all; longest: ${busy
    .sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0))
    .slice(0, 5)
    .map((e) => `${((e.dur ?? 0) / 1000).toFixed(0)} ms at ${at(e.ts)}`)
    .join(', ')}`)
}

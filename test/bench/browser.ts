// Runs one bench page in Chromium with and without the extension and reads what it cost:
// CDP Performance.getMetrics (ScriptDuration, JSHeapUsedSize), long tasks and badge times
// recorded in the page's main world, and the floor / naive passes timed in the page.

import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { contentState, startServer, waitForScan, type ContentState } from '../e2e/harness'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--lang=en-US']
/** Fixed wait after the page (and, with the extension, the content script) settled: the same in both runs. */
export const SETTLE_MS = 300

export interface Browser {
  ctx: BrowserContext
  close: () => Promise<void>
}

/** A persistent context (extensions need one); `extension` = the unpacked build to load, or null. */
export async function launchBrowser(extension: string | null): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), extension ? 'truedial-bench-ext-' : 'truedial-bench-plain-'))
  const args = extension ? [`--disable-extensions-except=${extension}`, `--load-extension=${extension}`, ...FLAGS] : FLAGS
  let ctx: BrowserContext
  try {
    ctx = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args, viewport: { width: 1100, height: 800 }, timeout: 60_000 })
  } catch (e) {
    rmSync(profile, { recursive: true, force: true })
    throw e
  }
  const close = async (): Promise<void> => {
    await ctx.close().catch(() => undefined)
    rmSync(profile, { recursive: true, force: true })
  }
  if (extension) {
    try {
      if (ctx.serviceWorkers().length === 0) await ctx.waitForEvent('serviceworker', { timeout: 20_000 })
    } catch (e) {
      await close()
      throw new Error(`the extension's service worker did not start within 20 s: ${(e as Error).message}`)
    }
  }
  return { ctx, close }
}

/** Registered in the page's main world before any page script: long tasks and badge insertions. */
export const INIT_SCRIPT = `
(() => {
  const b = window.__bench = { longtasks: [], badges: [] };
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) b.longtasks.push([e.startTime, e.duration]); })
      .observe({ type: 'longtask', buffered: true });
  } catch (e) { b.longtaskError = String(e); }
  // From DOMContentLoaded on (the content script runs at document_idle, after it), so the
  // parser's own insertions cost nothing here.
  document.addEventListener('DOMContentLoaded', () => {
    new MutationObserver((records) => {
      const t = performance.now();
      for (const r of records) for (const n of r.addedNodes) {
        if (n.nodeName !== 'TRUEDIAL-BADGE') continue;
        const seq = n.parentElement && n.parentElement.closest('[data-seq]');
        b.badges.push([t, seq ? Number(seq.getAttribute('data-seq')) : -1]);
      }
    }).observe(document.documentElement, { childList: true, subtree: true });
  });
})();
`

export interface RunResult {
  /** CDP Performance.getMetrics ScriptDuration (ms). */
  scriptMs: number
  /** CDP Performance.getMetrics TaskDuration (ms): all main-thread task time. */
  taskMs: number
  /** CPU-profile samples whose stack holds a frame of the extension's content script (ms). */
  extProfileMs: number
  heapBytes: number
  longtasks: Array<[number, number]>
  domContentLoaded: number
  load: number
  /** performance.now() of each badge insertion, and the data-seq of its paragraph (-1: none). */
  badges: Array<[number, number]>
  /** Infinite scroll only: when each claimed number went in. */
  inserted: Record<string, number> | null
  state: ContentState | null
}

/** Sampling interval of the CPU profile that attributes main-thread time to the content script. */
const PROFILE_INTERVAL_US = 200

interface Profile {
  nodes: Array<{ id: number; callFrame: { url: string }; children?: number[] }>
  samples?: number[]
  timeDeltas?: number[]
}

/**
 * Time (ms) the CPU profile of the page's renderer main thread spent with content-script code on
 * the stack: the content script's JavaScript plus the DOM work it calls (textContent, the tree
 * walker, badge insertion). Unlike ScriptDuration this sees the extension's isolated world.
 */
export function extensionTime(p: Profile): number {
  const parent = new Map<number, number>()
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const byId = new Map(p.nodes.map((n) => [n.id, n]))
  const memo = new Map<number, boolean>()
  const ext = (id: number): boolean => {
    const known = memo.get(id)
    if (known !== undefined) return known
    const n = byId.get(id)
    const up = parent.get(id)
    const v = !!n && (n.callFrame.url.startsWith('chrome-extension://') || (up !== undefined && ext(up)))
    memo.set(id, v)
    return v
  }
  let us = 0
  const samples = p.samples ?? []
  const deltas = p.timeDeltas ?? []
  // A sample's delta is the time since the previous sample: charge it to the sample that ends it.
  for (let i = 1; i < samples.length; i++) if (ext(samples[i]!)) us += deltas[i]!
  return us / 1000
}

function metric(m: { metrics: Array<{ name: string; value: number }> }, name: string): number {
  const v = m.metrics.find((x) => x.name === name)?.value
  if (v === undefined) throw new Error(`Performance.getMetrics has no ${name}`)
  return v
}

async function step<T>(what: string, p: Promise<T>): Promise<T> {
  try {
    return await p
  } catch (e) {
    throw new Error(`${what}: ${(e as Error).message.split('\n')[0]}`)
  }
}

/** One measured page load. The same steps with and without the extension, except waitForScan. */
export async function measure<T = undefined>(
  ctx: BrowserContext,
  url: string,
  o: { extension: boolean; feed: boolean; timeoutMs: number; then?: (page: Page) => Promise<T> },
): Promise<RunResult & { then?: T }> {
  const page = await ctx.newPage()
  try {
    await page.addInitScript({ content: INIT_SCRIPT })
    const cdp = await ctx.newCDPSession(page)
    await cdp.send('Performance.enable')
    await cdp.send('Profiler.enable')
    await cdp.send('Profiler.setSamplingInterval', { interval: PROFILE_INTERVAL_US })
    await cdp.send('Profiler.start')
    await step(`loading ${url}`, page.goto(url, { waitUntil: 'load', timeout: o.timeoutMs }))
    await step(`network idle on ${url}`, page.waitForLoadState('networkidle', { timeout: o.timeoutMs }))
    if (o.feed) {
      await step(`the infinite-scroll page did not finish its 10 s feed`, page.waitForFunction(() => (window as unknown as { __feed?: { done: boolean } }).__feed?.done === true, null, { timeout: o.timeoutMs, polling: 100 }))
    }
    let state: ContentState | null
    if (o.extension) state = await step('the content script did not settle', waitForScan(page, () => true, o.timeoutMs))
    else state = await contentState(page) // same CDP session and Runtime.enable as the extension run
    await page.waitForTimeout(SETTLE_MS)
    const metrics = await cdp.send('Performance.getMetrics')
    const scriptMs = metric(metrics, 'ScriptDuration') * 1000
    const taskMs = metric(metrics, 'TaskDuration') * 1000
    const { profile } = await cdp.send('Profiler.stop')
    const extProfileMs = extensionTime(profile as Profile)
    await cdp.send('HeapProfiler.collectGarbage')
    const heapBytes = metric(await cdp.send('Performance.getMetrics'), 'JSHeapUsedSize')
    const seen = await page.evaluate(() => {
      const w = window as unknown as { __bench: { longtasks: Array<[number, number]>; badges: Array<[number, number]> }; __feed?: { inserted: Record<string, number> } }
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming
      return { ...w.__bench, inserted: w.__feed?.inserted ?? null, domContentLoaded: nav.domContentLoadedEventEnd, load: nav.loadEventStart }
    })
    // Anything else on this page (the floor and naive passes) only after the metrics were read.
    const then = o.then ? await o.then(page) : undefined
    return { scriptMs, taskMs, extProfileMs, heapBytes, state, ...seen, then }
  } finally {
    await page.close().catch(() => undefined)
  }
}

export interface InPageTimes {
  /** Median ms. */
  floorMs: number
  naiveMs: number
  floorRuns: number[]
  naiveRuns: number[]
  textNodes: number
  digitRuns: number
  naiveFound: number
  innerTextChars: number
}

/** The floor: one TreeWalker pass + one digit-run regex per text node, as source for any world. */
const FLOOR_PASS = `(() => {
  const t0 = performance.now()
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
  const re = /\\d[\\d\\s().-]{5,}\\d/g
  let nodes = 0
  let found = 0
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    nodes++
    const m = n.data.match(re)
    if (m) found += m.length
  }
  return { ms: performance.now() - t0, nodes, found }
})()`

interface FloorPass {
  ms: number
  nodes: number
  found: number
}

export interface ColdFloor {
  /** The first floor pass on a freshly loaded page, in its main world (ms). */
  pageMs: number
  /** Then the first pass in a new isolated world, the kind of world a content script runs in (ms). */
  isolatedMs: number
}

/**
 * The floor as a content script meets a page: the first pass over its nodes in a world, which
 * creates a JS wrapper for each of them. A content script always makes that first pass, in its
 * own isolated world (whose wrappers Blink keeps in a separate map), so the ratios use the
 * lower of the two cold figures; the warm passes of timeInPage are printed beside them.
 */
export async function coldFloor(page: Page): Promise<ColdFloor> {
  const inPage = (await step('the cold floor pass', page.evaluate(FLOOR_PASS))) as FloorPass
  const cdp = await page.context().newCDPSession(page)
  try {
    const { frameTree } = (await cdp.send('Page.getFrameTree')) as { frameTree: { frame: { id: string } } }
    const { executionContextId } = await cdp.send('Page.createIsolatedWorld', { frameId: frameTree.frame.id, worldName: 'truedial-bench-floor' })
    const res = await cdp.send('Runtime.evaluate', { expression: FLOOR_PASS, contextId: executionContextId, returnByValue: true })
    if (res.exceptionDetails) throw new Error(`the isolated-world floor pass failed: ${res.exceptionDetails.text}`)
    return { pageMs: inPage.ms, isolatedMs: (res.result.value as FloorPass).ms }
  } finally {
    await cdp.detach().catch(() => undefined)
  }
}

/** The floor passes after the cold ones (warm) and the naive libphonenumber-js pass, in the page's main world. */
export async function timeInPage(page: Page, naiveBundle: string, runs: number): Promise<InPageTimes> {
  const floorRuns: number[] = []
  let textNodes = 0
  let digitRuns = 0
  for (let i = 0; i < runs; i++) {
    const r = (await step('the floor pass', page.evaluate(FLOOR_PASS))) as FloorPass
    floorRuns.push(r.ms)
    textNodes = r.nodes
    digitRuns = r.found
  }
  await step('injecting the naive libphonenumber-js bundle', page.addScriptTag({ content: naiveBundle }))
  const naiveRuns: number[] = []
  let naiveFound = 0
  let innerTextChars = 0
  for (let i = 0; i < runs; i++) {
    const r = await step(
      'the naive pass',
      page.evaluate(() => {
        const t0 = performance.now()
        const text = document.body.innerText
        const found = (window as unknown as { __naive: (t: string) => number }).__naive(text)
        return { ms: performance.now() - t0, found, chars: text.length }
      }),
    )
    naiveRuns.push(r.ms)
    naiveFound = r.found
    innerTextChars = r.chars
  }
  return { floorMs: median(floorRuns), naiveMs: median(naiveRuns), floorRuns, naiveRuns, textNodes, digitRuns, naiveFound, innerTextChars }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

/**
 * The diagnosis tools' start (trace.ts, profile.ts): a server with the bench page and a warm-up
 * page, a browser with the extension warmed up on it, and a fresh tab with the bench's recorders.
 */
export async function diagnosisTab(page: { key: string; html: string }, extensionDir: string): Promise<{ tab: Page; baseUrl: string; close: () => Promise<void> }> {
  const { server, baseUrl, routes } = await startServer()
  routes.set(`/bench/${page.key}.html`, () => [200, 'text/html; charset=utf-8', page.html])
  routes.set('/bench/warmup.html', () => [200, 'text/html; charset=utf-8', '<!doctype html><title>warm-up</title><p>Apple Support: call 1-888-555-0100.</p>'])
  const browser = await launchBrowser(extensionDir)
  const close = async (): Promise<void> => {
    await browser.close()
    server.close()
  }
  try {
    const warm = await browser.ctx.newPage()
    await warm.goto(`${baseUrl}/bench/warmup.html`)
    await waitForScan(warm)
    await warm.close()
    const tab = await browser.ctx.newPage()
    await tab.addInitScript({ content: INIT_SCRIPT })
    return { tab, baseUrl, close }
  } catch (e) {
    await close()
    throw e
  }
}

// Which long tasks TrueDial causes, from a Chrome trace of one page load: the longest task after
// DOMContentLoaded on a big page is the page's own layout with or without the extension, so
// comparing the two runs' longest tasks says little. The trace says what ran inside each task,
// in wall time and in thread time (a task on a busy 2-core machine also waits for a core).

import type { BrowserContext } from 'playwright-core'
import { waitForScan } from '../e2e/harness'

export interface TraceEvent {
  name: string
  cat: string
  ph: string
  ts: number
  dur?: number
  /** Thread (CPU) time, µs. */
  tdur?: number
  pid: number
  tid: number
  args?: { name?: string; data?: { url?: string; frame?: string; stackTrace?: Array<{ url: string }> } }
}

export const TRACE_CATEGORIES = ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing', 'v8']
/** Events that run script: the outermost of them inside a task are attributed to the page or the extension. */
export const SCRIPT_EVENTS = new Set(['FunctionCall', 'EvaluateScript', 'TimerFire', 'RunMicrotasks', 'v8.compile', 'FireAnimationFrame', 'EventDispatch'])

export function isExtension(e: TraceEvent): boolean {
  const url = e.args?.data?.url ?? e.args?.data?.stackTrace?.[0]?.url ?? ''
  return url.startsWith('chrome-extension://')
}

/** The page's renderer main thread ("pid:tid"): the one that parsed `path`, and its complete events in order. */
export function mainThread(events: TraceEvent[], path: string): { key: string; events: TraceEvent[] } {
  const names = new Map<string, string>()
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args?.name ?? '')
  const parse = events.find((e) => e.name === 'ParseHTML' && names.get(`${e.pid}:${e.tid}`) === 'CrRendererMain' && JSON.stringify(e.args ?? {}).includes(path))
  if (!parse) throw new Error(`no ParseHTML event for ${path} in the trace`)
  const key = `${parse.pid}:${parse.tid}`
  return { key, events: events.filter((e) => `${e.pid}:${e.tid}` === key && e.ph === 'X').sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0)) }
}

/** The index of the first event (sorted by ts) at or after `ts`. */
function firstAt(events: TraceEvent[], ts: number): number {
  let lo = 0
  let hi = events.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (events[mid]!.ts < ts) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * Script events attributed to the extension between `task`'s start and end (a RunTask, or any
 * span): outermost script events with an extension frame in or under them.
 */
export function extensionScript(onMain: TraceEvent[], task: { ts: number; dur?: number }): { wallMs: number; threadMs: number; threadByEvent: Map<string, number> } {
  const end = task.ts + (task.dur ?? 0)
  const inside: TraceEvent[] = []
  for (let i = firstAt(onMain, task.ts); i < onMain.length && onMain[i]!.ts <= end; i++) {
    const e = onMain[i]!
    if (e !== task && e.ts + (e.dur ?? 0) <= end) inside.push(e)
  }
  let wall = 0
  let thread = 0
  const threadByEvent = new Map<string, number>()
  // Outermost script events only (sorted by start: one that starts before the previous one ends is nested in it).
  let outerEnd = -1
  for (let i = 0; i < inside.length; i++) {
    const e = inside[i]!
    if (!SCRIPT_EVENTS.has(e.name) || e.ts < outerEnd) continue
    const e1 = e.ts + (e.dur ?? 0)
    outerEnd = e1
    let ext = isExtension(e)
    for (let j = i + 1; !ext && j < inside.length && inside[j]!.ts <= e1; j++) ext = isExtension(inside[j]!)
    if (!ext) continue
    wall += e.dur ?? 0
    thread += e.tdur ?? e.dur ?? 0
    threadByEvent.set(e.name, (threadByEvent.get(e.name) ?? 0) + (e.tdur ?? e.dur ?? 0) / 1000)
  }
  return { wallMs: wall / 1000, threadMs: thread / 1000, threadByEvent }
}

export interface Attribution {
  /** Tasks after DOMContentLoaded with over 50 ms of thread time (waiting for a core on a busy machine is not work). */
  longTasks: number
  /** Of those, the ones TrueDial made long: under 50 ms of thread time without TrueDial's script in them. */
  caused: number
  /** The most of TrueDial's script inside one task, wall and thread time. */
  mostWallMs: number
  mostThreadMs: number
  /** The longest task after DOMContentLoaded and TrueDial's share of it (wall). */
  longestMs: number
  longestExtMs: number
}

/** Loads `url` once with the extension under a trace and attributes its long tasks. */
export async function traceLoad(ctx: BrowserContext, url: string, feed: boolean, timeoutMs: number): Promise<Attribution> {
  const page = await ctx.newPage()
  const events: TraceEvent[] = []
  try {
    const cdp = await ctx.newCDPSession(page)
    const done = new Promise<void>((ok) => cdp.on('Tracing.tracingComplete', () => ok()))
    cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])))
    await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: TRACE_CATEGORIES, excludedCategories: ['*'] } })
    await page.goto(url, { waitUntil: 'load', timeout: timeoutMs })
    if (feed) await page.waitForFunction(() => (window as unknown as { __feed?: { done: boolean } }).__feed?.done === true, null, { timeout: timeoutMs, polling: 100 })
    await waitForScan(page, () => true, timeoutMs)
    await cdp.send('Tracing.end')
    await done
  } finally {
    await page.close().catch(() => undefined)
  }
  const { events: onMain } = mainThread(events, new URL(url).pathname)
  const dcl = onMain.find((e) => e.name === 'EventDispatch' && JSON.stringify(e.args ?? {}).includes('DOMContentLoaded'))?.ts ?? 0
  const result: Attribution = { longTasks: 0, caused: 0, mostWallMs: 0, mostThreadMs: 0, longestMs: 0, longestExtMs: 0 }
  for (const task of onMain) {
    if (task.name !== 'RunTask' || task.ts < dcl) continue
    const ms = (task.dur ?? 0) / 1000
    const ext = extensionScript(onMain, task)
    result.mostWallMs = Math.max(result.mostWallMs, ext.wallMs)
    result.mostThreadMs = Math.max(result.mostThreadMs, ext.threadMs)
    if (ms > result.longestMs) {
      result.longestMs = ms
      result.longestExtMs = ext.wallMs
    }
    const thread = (task.tdur ?? task.dur ?? 0) / 1000
    if (thread <= 50) continue
    result.longTasks++
    if (thread - ext.threadMs <= 50) result.caused++
  }
  return result
}

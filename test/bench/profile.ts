// Diagnosis, not part of `npm run bench`: loads one bench page with the extension under a CPU
// profile and prints where the content script's time went (self time by function, for samples
// with the extension's code on the stack). Run after a build:
//   node --import tsx test/bench/profile.ts ordinary      (ordinary | big | scroll | deep)
// TRUEDIAL_DIST picks another build.

import { join } from 'node:path'
import { root, waitForScan } from '../e2e/harness'
import { diagnosisTab } from './browser'
import { allPages } from './pages'

interface Node {
  id: number
  callFrame: { url: string; functionName: string; lineNumber: number; columnNumber: number }
  children?: number[]
}

const key = process.argv[2] ?? 'ordinary'
const page = allPages().find((p) => p.key === key)
if (!page) throw new Error(`no bench page "${key}"`)
const { tab, baseUrl, close } = await diagnosisTab(page, process.env.TRUEDIAL_DIST ?? join(root, 'dist'))
try {
  const cdp = await tab.context().newCDPSession(tab)
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 })
  await cdp.send('Profiler.start')
  await tab.goto(`${baseUrl}/bench/${page.key}.html`, { timeout: 60_000 })
  if (page.feed) await tab.waitForFunction(() => (window as unknown as { __feed?: { done: boolean } }).__feed?.done === true, null, { timeout: 60_000 })
  const state = await waitForScan(tab, () => true, 60_000)
  await tab.waitForTimeout(300)
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: { nodes: Node[]; samples: number[]; timeDeltas: number[] } }
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const extMemo = new Map<number, boolean>()
  const ext = (id: number): boolean => {
    if (extMemo.has(id)) return extMemo.get(id)!
    const n = byId.get(id)!
    const up = parent.get(id)
    const v = n.callFrame.url.startsWith('chrome-extension://') || (up !== undefined && ext(up))
    extMemo.set(id, v)
    return v
  }
  const self = new Map<string, number>()
  const outer = new Map<string, number>()
  let total = 0
  for (let i = 1; i < profile.samples.length; i++) {
    const id = profile.samples[i]!
    if (!ext(id)) continue
    const dt = profile.timeDeltas[i]! / 1000
    total += dt
    const n = byId.get(id)!
    const name = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`
    self.set(name, (self.get(name) ?? 0) + dt)
    // The outermost extension frame: which entry point the time belongs to.
    let top = id
    for (let p = parent.get(top); p !== undefined && ext(p) && byId.get(p)!.callFrame.url.startsWith('chrome-extension://'); p = parent.get(p)) top = p
    const t = byId.get(top)!
    const tname = `${t.callFrame.functionName || '(anon)'}:${t.callFrame.lineNumber}:${t.callFrame.columnNumber}`
    outer.set(tname, (outer.get(tname) ?? 0) + dt)
  }
  console.log(`${page.label}: extension ${total.toFixed(1)} ms; state ${JSON.stringify(state)}`)
  console.log('self time:')
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${v.toFixed(1).padStart(7)} ms  ${k}`)
  console.log('by entry point:')
  for (const [k, v] of [...outer].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(`  ${v.toFixed(1).padStart(7)} ms  ${k}`)
} finally {
  await close()
}

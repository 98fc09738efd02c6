// Launches Debian's Chromium with the BUILT extension (dist/) and serves fixture pages from 127.0.0.1.
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core'
import { createServer, type Server } from 'node:http'
import { mkdtempSync, readFileSync, existsSync, mkdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve, extname, normalize } from 'node:path'
import { SCANNER_PATH } from '../../src/content/files'
import { startCorpusServer, type CorpusServer } from '../helpers/corpus-server'

export const root = resolve(import.meta.dirname, '../..')
export const dist = process.env.TRUEDIAL_DIST ?? join(root, 'dist')
export const fixtures = join(root, 'test/fixtures')
export const outputDir = join(root, 'test/output')

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export interface Fixture {
  ctx: BrowserContext
  worker: Worker
  extensionId: string
  baseUrl: string
  /** Requests the server saw, for privacy checks. */
  requests: string[]
  /** Extra routes: path → handler returning [status, type, body] and, if any, more response headers. */
  routes: Map<string, () => [number, string, string | Buffer] | [number, string, string | Buffer, Record<string, string>]>
  close: () => Promise<void>
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wav': 'audio/wav',
}

export async function startServer(): Promise<{ server: Server; baseUrl: string; requests: string[]; routes: Fixture['routes'] }> {
  const requests: string[] = []
  const routes: Fixture['routes'] = new Map()
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    requests.push(url.pathname + url.search)
    const route = routes.get(url.pathname)
    if (route) {
      const [status, type, body, headers] = route()
      res.writeHead(status, { 'content-type': type, 'access-control-allow-origin': '*', ...headers })
      res.end(body)
      return
    }
    const file = normalize(join(fixtures, url.pathname))
    if (!file.startsWith(fixtures) || !existsSync(file)) {
      res.writeHead(404).end('not found')
      return
    }
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'access-control-allow-origin': '*' })
    res.end(readFileSync(file))
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('server did not bind')
  return { server, baseUrl: `http://127.0.0.1:${address.port}`, requests, routes }
}

/** Launches Chromium with an extension folder (default: the built dist/), and any further command-line switches. */
export interface LaunchOptions {
  /**
   * Let pages make sound: playwright mutes Chromium (--mute-audio) by default, and a muted browser
   * never reports a tab audible (the hostage tests need it to, for sound made with Web Audio).
   */
  sound?: boolean
}

export async function launch(extensionDir: string = dist, extraArgs: string[] = [], options: LaunchOptions = {}): Promise<Fixture> {
  if (!existsSync(join(extensionDir, 'manifest.json'))) throw new Error(`${extensionDir} has no manifest.json: run \`npm run build\` first`)
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: apt-get install chromium`)
  const { server, baseUrl, requests, routes } = await startServer()
  const profile = mkdtempSync(join(tmpdir(), 'truedial-e2e-'))
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--lang=en-US',
      ...extraArgs,
    ],
    viewport: { width: 1100, height: 800 },
    ...(options.sound ? { ignoreDefaultArgs: ['--mute-audio'] } : {}),
  })
  const worker = ctx.serviceWorkers()[0] ?? (await ctx.waitForEvent('serviceworker'))
  const extensionId = new URL(worker.url()).host
  return {
    ctx,
    worker,
    extensionId,
    baseUrl,
    requests,
    routes,
    close: async () => {
      await ctx.close()
      await new Promise<void>((ok) => server.close(() => ok()))
      rmSync(profile, { recursive: true, force: true })
    },
  }
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(outputDir, { recursive: true })
  const path = join(outputDir, `${name}.png`)
  await page.screenshot({ path, fullPage: false })
  return path
}

/** The content script's state, read from its isolated world over CDP (a page cannot see it). */
export interface ContentState {
  started: boolean
  pending: boolean
  scans: number
  badges: number
  requests: number
  longestMs: number
  busyMs: number
  connected: boolean
  /** performance.now() of the watch's start, the lexicon's arrival and the first full scan's end (0: not yet). */
  startedAt: number
  connectedAt: number
  scannedAt: number
}

type IsolatedContext = { id: number; name: string; auxData?: { type?: string; frameId?: string } }
const sessions = new WeakMap<Page, Promise<{ send: (m: string, p?: object) => Promise<unknown>; contexts: IsolatedContext[]; mainFrame: string }>>()

function session(page: Page) {
  let s = sessions.get(page)
  if (!s) {
    s = (async () => {
      const cdp = await page.context().newCDPSession(page)
      const contexts: IsolatedContext[] = []
      cdp.on('Runtime.executionContextCreated', (e: { context: IsolatedContext }) => contexts.push(e.context))
      cdp.on('Runtime.executionContextsCleared', () => contexts.splice(0))
      await cdp.send('Runtime.enable')
      const { frameTree } = (await cdp.send('Page.getFrameTree')) as { frameTree: { frame: { id: string } } }
      return { send: (m: string, p?: object) => cdp.send(m as 'Runtime.evaluate', p as never) as Promise<unknown>, contexts, mainFrame: frameTree.frame.id }
    })()
    sessions.set(page, s)
  }
  return s
}

/** Evaluates an expression in the content script's isolated world (over CDP); its string value, or null. */
export async function evaluateIsolated(page: Page, expression: string): Promise<string | null> {
  const { send, contexts, mainFrame } = await session(page)
  const ctx = [...contexts].reverse().find((c) => c.auxData?.type === 'isolated' && c.auxData.frameId === mainFrame && c.name === 'TrueDial')
  if (!ctx) return null
  try {
    const r = (await send('Runtime.evaluate', { expression, contextId: ctx.id, returnByValue: true })) as { result: { value?: string } }
    return typeof r.result.value === 'string' ? r.result.value : null
  } catch {
    return null
  }
}

/** What a badge shows inside its closed shadow root (read over CDP, which pierces closed roots). */
export interface BadgeFace {
  e164: string
  /** The button's classes: its verdict, and "c" when compact. */
  classes: string[]
  /** The button's text, with the parts a compact badge hides left out. */
  visibleText: string
  ariaLabel: string
  /** The explanation's text (empty until it was first opened: it is built on first open). */
  panelText: string
}

interface DomNode {
  nodeName: string
  nodeValue?: string
  attributes?: string[]
  children?: DomNode[]
  shadowRoots?: DomNode[]
}

export async function badgeFaces(page: Page): Promise<BadgeFace[]> {
  const { send } = await session(page)
  const { root } = (await send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode }
  const attr = (n: DomNode, name: string): string | null => {
    const a = n.attributes ?? []
    for (let i = 0; i < a.length; i += 2) if (a[i] === name) return a[i + 1] ?? ''
    return null
  }
  const faces: BadgeFace[] = []
  const walk = (n: DomNode, visit: (n: DomNode) => void): void => {
    visit(n)
    for (const c of [...(n.shadowRoots ?? []), ...(n.children ?? [])]) walk(c, visit)
  }
  const textOf = (n: DomNode): string => {
    let text = ''
    walk(n, (t) => (text += t.nodeName === '#text' ? (t.nodeValue ?? '') + ' ' : ''))
    return text.replace(/\s+/g, ' ').trim()
  }
  walk(root, (n) => {
    if (n.nodeName !== 'TRUEDIAL-BADGE') return
    let panelText = ''
    walk(n, (p) => {
      if (p.nodeName === 'DIV' && attr(p, 'role') === 'dialog') panelText = textOf(p)
    })
    walk(n, (b) => {
      if (b.nodeName !== 'BUTTON') return
      const classes = (attr(b, 'class') ?? '').split(/\s+/).filter(Boolean)
      const compact = classes.includes('c')
      let text = ''
      for (const part of b.children ?? []) {
        const cls = attr(part, 'class') ?? ''
        if (compact && (cls === 'l' || cls === 't')) continue
        walk(part, (t) => (text += t.nodeName === '#text' ? (t.nodeValue ?? '') : ''))
      }
      faces.push({ e164: attr(n, 'data-e164') ?? '', classes, visibleText: text.trim(), ariaLabel: attr(b, 'aria-label') ?? '', panelText })
    })
  })
  return faces
}

export async function contentState(page: Page): Promise<ContentState | null> {
  const value = await evaluateIsolated(page, 'JSON.stringify(globalThis.__truedial ?? null)')
  return value ? (JSON.parse(value) as ContentState | null) : null
}

/** Waits until the content script has scanned the page and has nothing pending. */
export async function waitForScan(page: Page, predicate: (s: ContentState) => boolean = () => true, timeoutMs = 20_000): Promise<ContentState> {
  const deadline = Date.now() + timeoutMs
  let last: ContentState | null = null
  while (Date.now() < deadline) {
    last = await contentState(page)
    if (last && !last.pending && (last.scans > 0 || !last.started) && predicate(last)) return last
    await page.waitForTimeout(50)
  }
  throw new Error(`content script did not settle: ${JSON.stringify(last)}`)
}

/** The toolbar badge text of the active tab (the page a test opened last), asked from the service worker. */
export async function toolbarText(f: Fixture): Promise<string> {
  return f.worker.evaluate(async () => {
    const c = (globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<Array<{ id: number }>> }; action: { getBadgeText(d: object): Promise<string> } } }).chrome
    const [tab] = await c.tabs.query({ active: true, lastFocusedWindow: true })
    return tab ? c.action.getBadgeText({ tabId: tab.id }) : '(no tab)'
  })
}

/**
 * Chromium with the extension where every host is one local HTTPS server (a throwaway
 * certificate): pages at their real addresses (support.apple.com, a crafted query).
 * `server.serve(page)` picks what it answers.
 */
export async function launchAtRealAddresses(): Promise<{ f: Fixture; server: CorpusServer; close: () => Promise<void> }> {
  const server = await startCorpusServer()
  const f = await launch(undefined, [`--host-resolver-rules=MAP * 127.0.0.1:${server.port}`, '--ignore-certificate-errors'])
  return {
    f,
    server,
    close: async () => {
      await f.close()
      await server.close()
    },
  }
}

/** The scanner module's loads into `page` from now on, as the browser sees them (the page itself cannot). */
export async function scannerLoads(page: Page): Promise<string[]> {
  const loads: string[] = []
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Network.enable')
  cdp.on('Network.requestWillBeSent', (e) => {
    if (e.request.url.endsWith(`/${SCANNER_PATH}`)) loads.push(e.request.url)
  })
  return loads
}

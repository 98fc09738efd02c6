// Launches Debian's Chromium with the BUILT extension (dist/) and serves fixture pages from 127.0.0.1.
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core'
import { createServer, type Server } from 'node:http'
import { mkdtempSync, readFileSync, existsSync, mkdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve, extname, normalize } from 'node:path'

export const root = resolve(import.meta.dirname, '../..')
export const dist = join(root, 'dist')
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
  /** Extra routes: path → handler returning [status, type, body]. */
  routes: Map<string, () => [number, string, string | Buffer]>
  close: () => Promise<void>
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.js': 'text/javascript',
  '.css': 'text/css',
}

export async function startServer(): Promise<{ server: Server; baseUrl: string; requests: string[]; routes: Fixture['routes'] }> {
  const requests: string[] = []
  const routes: Fixture['routes'] = new Map()
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    requests.push(url.pathname + url.search)
    const route = routes.get(url.pathname)
    if (route) {
      const [status, type, body] = route()
      res.writeHead(status, { 'content-type': type, 'access-control-allow-origin': '*' })
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

export async function launch(): Promise<Fixture> {
  if (!existsSync(join(dist, 'manifest.json'))) throw new Error('dist/ is missing: run `npm run build` first')
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: apt-get install chromium`)
  const { server, baseUrl, requests, routes } = await startServer()
  const profile = mkdtempSync(join(tmpdir(), 'truedial-e2e-'))
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: [
      `--disable-extensions-except=${dist}`,
      `--load-extension=${dist}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--lang=en-US',
    ],
    viewport: { width: 1100, height: 800 },
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

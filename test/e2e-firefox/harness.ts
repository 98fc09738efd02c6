// Launches Firefox ESR with a TEST build of the Firefox extension and serves fixture pages from
// 127.0.0.1. playwright-core cannot drive stock Firefox; puppeteer-core does, over WebDriver BiDi.
// BiDi can neither evaluate in the background nor open moz-extension:// pages, so the test build
// carries src/background/test-hooks.ts: the test navigates a tab of its own to a /__truedial_test__/
// address and the background answers by navigating that tab (see test-hooks.ts).
import puppeteer, { type Browser, type Page } from 'puppeteer-core'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { root, startServer, type Fixture } from '../e2e/harness'

export const firefoxPath = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr'
/** The shipped Firefox build (npm run build). */
export const distFirefox = join(root, 'dist-firefox')
/** Fixed so the popup's address is known: moz-extension://<uuid>/… */
export const extensionUuid = '7d1f0c3e-5b2a-4e8f-9c6d-2a4b8e1f3c5d'

/** Builds the Firefox extension with the test hooks into a temporary folder. */
export function buildTestExtension(): string {
  const outDir = mkdtempSync(join(tmpdir(), 'truedial-firefox-test-build-'))
  // Under vitest, VITEST and NODE_ENV=test are set; the config leaves the crx plugin out when
  // VITEST is set, and NODE_ENV would leak into the bundle. The build must see a clean env.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'NODE_ENV'))
  execFileSync(join(root, 'node_modules/.bin/vite'), ['build', '--mode', 'firefox-test', '--outDir', outDir, '--logLevel', 'warn'], {
    cwd: root,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  if (!existsSync(join(outDir, 'manifest.json'))) throw new Error(`the test build wrote no manifest.json into ${outDir}`)
  return outDir
}

export interface FirefoxFixture {
  browser: Browser
  baseUrl: string
  extensionDir: string
  geckoId: string
  requests: string[]
  routes: Fixture['routes']
  close: () => Promise<void>
}

export interface FirefoxOptions {
  /** More Firefox preferences (e.g. a proxy that serves every host). */
  prefs?: Record<string, unknown>
  /** Accept any certificate (a test's throwaway one). */
  acceptInsecureCerts?: boolean
}

export async function launchFirefox(extensionDir: string, options: FirefoxOptions = {}): Promise<FirefoxFixture> {
  if (!existsSync(firefoxPath)) throw new Error(`${firefoxPath} is missing: apt-get install firefox-esr`)
  const manifest = JSON.parse(readFileSync(join(extensionDir, 'manifest.json'), 'utf8')) as {
    browser_specific_settings: { gecko: { id: string } }
  }
  const geckoId = manifest.browser_specific_settings.gecko.id
  const { server, baseUrl, requests, routes } = await startServer()
  let browser: Browser
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: firefoxPath,
      headless: true,
      acceptInsecureCerts: options.acceptInsecureCerts ?? false,
      extraPrefsFirefox: {
        'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: extensionUuid }),
        'intl.locale.requested': 'en-US',
        ...options.prefs,
      },
    })
    await browser.installExtension(extensionDir)
  } catch (error) {
    server.close()
    throw error
  }
  return {
    browser,
    baseUrl,
    extensionDir,
    geckoId,
    requests,
    routes,
    close: async () => {
      await browser.close()
      await new Promise<void>((ok) => server.close(() => ok()))
    },
  }
}

/** Polls until `check` returns a value (not undefined), or fails with what it saw last. */
export async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let lastError: unknown = null
  while (Date.now() < deadline) {
    try {
      const v = await check()
      if (v !== undefined) return v
    } catch (error) {
      lastError = error // e.g. the page is between two documents
    }
    await new Promise((ok) => setTimeout(ok, 100))
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${(lastError as Error).message})` : ''}`)
}

/** The address a tab shows, asked from the document: puppeteer's page.url() does not follow a
 *  navigation into moz-extension:// (it keeps the previous address). */
export const locationOf = (page: Page): Promise<string> => page.evaluate(() => location.href)

/**
 * Asks the test hooks in the background for something about the tab showing `pageUrl`: opens a
 * tab at /__truedial_test__/<hook>?page=<pageUrl> and waits until the background has navigated it
 * to an address starting with `answerPrefix`. Returns that tab, now showing the answer, and its address.
 */
export async function askHook(f: FirefoxFixture, hook: string, pageUrl: string, answerPrefix: string): Promise<{ tab: Page; url: string }> {
  const tab = await f.browser.newPage()
  // Not awaited: the background redirects this navigation while it loads, and when it redirects
  // to moz-extension:// puppeteer never hears the load end, so goto would sit out its 30 s timeout.
  void tab.goto(`${f.baseUrl}/__truedial_test__/${hook}?page=${encodeURIComponent(pageUrl)}`).catch(() => undefined)
  const url = await until(`the background to answer ${hook}`, async () => {
    const href = await locationOf(tab)
    return href.startsWith(answerPrefix) ? href : undefined
  })
  return { tab, url }
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
}

// The Firefox build and `truedial scan` agree on every snippet of the judgement corpus, as the
// Chromium build does (test/e2e/corpus.test.ts). Each snippet is served at its own address over
// HTTPS: Firefox sends every request through a local proxy that tunnels it to one local server
// with a throwaway certificate, so apple.com pages and crafted search queries are what they say.
//
// WebDriver BiDi cannot read the content script's state, so the test cannot ask whether a scan is
// done: it waits until the badges equal the CLI's verdicts, and for a snippet on which the CLI has
// no verdict it watches for QUIET_MS that no badge appears (the snippets with badges show how long
// the content script takes here: a fraction of that).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadCorpus } from '../corpus/corpus'
import { cliVerdicts, startCorpusServer, type CorpusServer } from '../helpers/corpus-server'
import { buildTestExtension, launchFirefox, removeDir, type FirefoxFixture } from './harness'

/** The browser's language (harness.ts asks Firefox for en-US). */
const BROWSER_LOCALE = 'en-US'
const DEADLINE_MS = 8_000
const QUIET_MS = 1_200

describe('the Firefox extension and the CLI on the judgement corpus', () => {
  const cases = loadCorpus()
  let testBuild = ''
  let f: FirefoxFixture
  let server: CorpusServer

  beforeAll(async () => {
    server = await startCorpusServer()
    testBuild = buildTestExtension()
    f = await launchFirefox(testBuild, {
      acceptInsecureCerts: true,
      prefs: {
        'network.proxy.type': 1,
        'network.proxy.ssl': '127.0.0.1',
        'network.proxy.ssl_port': server.proxyPort,
        'network.proxy.http': '127.0.0.1',
        'network.proxy.http_port': server.proxyPort,
        'network.proxy.no_proxies_on': '',
        'network.proxy.allow_hijacking_localhost': true,
        // DNS through the proxy too: the corpus hosts exist nowhere.
        'network.proxy.socks_remote_dns': true,
        'network.dns.disablePrefetch': true,
      },
    })
  }, 120_000)

  afterAll(async () => {
    await f?.close()
    await server?.close()
    if (testBuild) removeDir(testBuild)
  })

  it(`puts the badges the CLI's verdicts call for on all ${cases.length} snippets`, async () => {
    const page = await f.browser.newPage()
    const disagreements: string[] = []
    let slowest = 0
    for (const c of cases) {
      server.serve(c)
      const expected = await cliVerdicts(c, BROWSER_LOCALE)
      const started = Date.now()
      await page.goto(c.url, { waitUntil: 'load' })
      let badges: string[] = []
      const deadline = started + (expected.length === 0 ? QUIET_MS : DEADLINE_MS)
      for (;;) {
        badges = (await page.$$eval('truedial-badge', (els) => els.map((e) => `${e.getAttribute('data-verdict')} ${e.getAttribute('data-e164') ?? ''}`))).sort()
        if ((expected.length > 0 && badges.length >= expected.length) || Date.now() > deadline) break
        await new Promise((ok) => setTimeout(ok, 50))
      }
      if (expected.length > 0) slowest = Math.max(slowest, Date.now() - started)
      if (JSON.stringify(badges) !== JSON.stringify(expected)) disagreements.push(`${c.id}: extension ${JSON.stringify(badges)}, CLI ${JSON.stringify(expected)}`)
    }
    server.serve(null)
    await page.close()
    expect(disagreements).toEqual([])
    // The quiet wait means something only if badges come well within it.
    expect(slowest, 'the slowest snippet took longer to badge than the quiet wait on snippets without badges').toBeLessThan(QUIET_MS * 4)
  }, 900_000)
})

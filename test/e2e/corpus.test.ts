// The extension and `truedial scan` agree on every snippet of the judgement corpus: each snippet
// is served at its own address (every host mapped to a local HTTPS server with a throwaway
// certificate), and the badges the built extension puts on it in Chromium are compared with the
// verdicts the CLI's scanner gives the same HTML at the same address, for the browser's locale.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadCorpus } from '../corpus/corpus'
import { cliVerdicts, type CorpusServer } from '../helpers/corpus-server'
import { launchAtRealAddresses, waitForScan, type Fixture } from './harness'

/** The browser's language (harness.ts starts Chromium with --lang=en-US). */
const BROWSER_LOCALE = 'en-US'

describe('the extension and the CLI on the judgement corpus', () => {
  const cases = loadCorpus()
  let f: Fixture
  let server: CorpusServer
  let close = async (): Promise<void> => {}

  beforeAll(async () => {
    ;({ f, server, close } = await launchAtRealAddresses())
  }, 60_000)

  afterAll(() => close())

  it(`puts the badges the CLI's verdicts call for on all ${cases.length} snippets`, async () => {
    const page = await f.ctx.newPage()
    const disagreements: string[] = []
    for (const c of cases) {
      server.serve(c)
      const expected = await cliVerdicts(c, BROWSER_LOCALE)
      await page.goto(c.url)
      // Scanned, nothing pending, and as many badges as the CLI has verdicts (or the wait runs out).
      let badges: string[] = []
      const deadline = Date.now() + 5_000
      for (;;) {
        await waitForScan(page).catch(() => null)
        badges = (await page.$$eval('truedial-badge', (els) => els.map((e) => `${e.getAttribute('data-verdict')} ${e.getAttribute('data-e164') ?? ''}`))).sort()
        if (badges.length >= expected.length || Date.now() > deadline) break
        await page.waitForTimeout(100)
      }
      if (JSON.stringify(badges) !== JSON.stringify(expected)) disagreements.push(`${c.id}: extension ${JSON.stringify(badges)}, CLI ${JSON.stringify(expected)}`)
    }
    server.serve(null)
    await page.close()
    expect(disagreements).toEqual([])
  }, 600_000)
})

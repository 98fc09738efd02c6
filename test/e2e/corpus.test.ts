// The extension and `truedial scan` agree on every snippet of the judgement corpus: each snippet
// is served at its own address (every host mapped to a local HTTPS server with a throwaway
// certificate), and the badges the built extension puts on it in Chromium are compared with the
// verdicts the CLI's scanner gives the same HTML at the same address, for the browser's locale.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseHtml, scanDocument } from '../../src/cli/scan-file'
import { loadCorpus, type CorpusCase } from '../corpus/corpus'
import { realIndex } from '../helpers/registry'
import { launch, waitForScan, type Fixture } from './harness'

/** The browser's language (harness.ts starts Chromium with --lang=en-US). */
const BROWSER_LOCALE = 'en-US'

function throwawayCertificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'truedial-cert-'))
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=truedial-test', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' })
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** What the CLI's scanner says of a snippet: one "verdict e164" per finding, sorted. */
async function cliVerdicts(c: CorpusCase): Promise<string[]> {
  const index = await realIndex()
  return scanDocument(index, parseHtml(c.html, c.url), { url: c.url, region: null, userLocale: BROWSER_LOCALE })
    .map((f) => `${f.verdict.verdict} ${f.verdict.e164 ?? ''}`)
    .sort()
}

describe('the extension and the CLI on the judgement corpus', () => {
  const cases = loadCorpus()
  let f: Fixture
  let server: Server
  let current: CorpusCase | null = null

  beforeAll(async () => {
    server = createServer(throwawayCertificate(), (req, res) => {
      const want = current ? new URL(current.url) : null
      // The snippet at its own address; nothing else (favicon, links) exists.
      if (want && req.url === `${want.pathname}${want.search}`) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        res.end(current!.html)
      } else res.writeHead(404).end()
    })
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
    const port = (server.address() as { port: number }).port
    f = await launch(undefined, [`--host-resolver-rules=MAP * 127.0.0.1:${port}`, '--ignore-certificate-errors'])
  }, 60_000)

  afterAll(async () => {
    await f?.close()
    await new Promise<void>((ok) => server?.close(() => ok()))
  })

  it(`puts the badges the CLI's verdicts call for on all ${cases.length} snippets`, async () => {
    const page = await f.ctx.newPage()
    const disagreements: string[] = []
    for (const c of cases) {
      current = c
      const expected = await cliVerdicts(c)
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
    current = null
    await page.close()
    expect(disagreements).toEqual([])
  }, 600_000)
})

import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Page } from 'playwright-core'
import { panelOf, probeOnTop } from '../helpers/panel-probe'
import { badgeFaces, launch, scannerLoads, screenshot, toolbarText, waitForScan, type Fixture } from './harness'

const badges = (page: Page) =>
  page.$$eval('truedial-badge', (list) => list.map((b) => ({ verdict: b.getAttribute('data-verdict'), e164: b.getAttribute('data-e164') })))

describe('in-page protection in Chromium', () => {
  let f: Fixture
  const seen: string[] = []
  beforeAll(async () => {
    f = await launch()
    f.ctx.on('request', (r) => seen.push(r.url()))
  })
  afterAll(async () => {
    await f?.close()
  })

  /** Adds a paragraph (or another block) with HTML from the test to the page and waits for its badge. */
  async function appendAndScan(page: Page, html: string, tag = 'p'): ReturnType<typeof waitForScan> {
    await page.evaluate(([inner, name]) => {
      const block = document.createElement(name!)
      block.innerHTML = inner!
      document.body.append(block)
    }, [html, tag])
    return waitForScan(page, (s) => s.badges >= 1)
  }

  async function open(path: string, predicate?: Parameters<typeof waitForScan>[1]): Promise<Page> {
    const page = await f.ctx.newPage()
    await page.goto(`${f.baseUrl}/pages/${path}`)
    await waitForScan(page, predicate)
    return page
  }

  it('marks three scam numbers red and Apple\u2019s real number green, even where page CSS hides badges', async () => {
    const page = await open('scam-three.html', (s) => s.badges >= 4)
    const found = await badges(page)
    expect(found.filter((b) => b.verdict === 'spoofed').map((b) => b.e164).sort()).toEqual(['+18005550142', '+18885550177', '+18885550199'])
    expect(found.filter((b) => b.verdict === 'official').map((b) => b.e164)).toEqual(['+18002752273'])
    for (const handle of await page.$$('truedial-badge')) expect(await handle.isVisible()).toBe(true)
    expect(await toolbarText(f)).toBe('3')
    await page.close()
  })

  it('calls Apple\u2019s real number shown over a tel: link to another number a mismatch', async () => {
    const page = await open('mismatch.html', (s) => s.badges >= 1)
    expect(await badges(page)).toEqual([{ verdict: 'mismatch', e164: '+18885550100' }])
    await page.close()
  })

  it('sees through letter-spaced words: "A.p.p.l.e h-e-l-p-l-i-n-e 1 (888) 555_0142"', async () => {
    const page = await open('obfuscated.html', (s) => s.badges >= 1)
    expect(await badges(page)).toEqual([{ verdict: 'spoofed', e164: '+18885550142' }])
    await page.close()
  })

  it('leaves the page\u2019s own text unchanged apart from the badges', async () => {
    const page = await f.ctx.newPage()
    await page.goto(`${f.baseUrl}/pages/scam-three.html`)
    const before = await page.evaluate(() => document.body.textContent)
    await waitForScan(page, (s) => s.badges >= 4)
    // A badge's UI lives in its closed shadow root: it adds no text to the page.
    expect(await page.evaluate(() => document.body.textContent)).toBe(before)
    expect(await page.evaluate(() => [...document.querySelectorAll('truedial-badge')].every((b) => b.shadowRoot === null))).toBe(true)
    await page.close()
  })

  it('stays silent on a page with no Apple claim and 50 ordinary numbers, without asking the background anything or loading the scanner', async () => {
    const page = await f.ctx.newPage()
    const loads = await scannerLoads(page)
    await page.goto(`${f.baseUrl}/pages/ordinary.html`)
    const state = await waitForScan(page)
    expect(await badges(page)).toEqual([])
    expect(state.requests).toBe(0)
    expect(state.connected).toBe(false)
    expect(loads).toEqual([])
    expect(await toolbarText(f)).toBe('')
    // The moment the page names the brand, the scanner is loaded and starts.
    const after = await appendAndScan(page, 'Apple Support: call 1-888-555-0100 now.')
    expect(after.connected).toBe(true)
    expect(await badges(page)).toEqual([{ verdict: 'spoofed', e164: '+18885550100' }])
    expect(loads.length).toBeGreaterThan(0)
    await page.close()
  })

  it.each([
    ['a word that markup splits', 'p', 'Ap<b>ple</b> Sup<i>port</i>: call 1-888-555-0100 now.'],
    ['a split word right after another block\u2019s text', 'div', '<p>See below</p>Ap<b>ple</b> Sup<i>port</i>: call 1-888-555-0100 now.'],
  ])('sees the brand in %s on a page that never named it before', async (_name, tag, html) => {
    const page = await open('ordinary.html')
    const state = await appendAndScan(page, html, tag)
    expect(state.connected).toBe(true)
    expect(await badges(page)).toEqual([{ verdict: 'spoofed', e164: '+18885550100' }])
    await page.close()
  })

  it('puts the badge after the link around a number, through inline tags inside the link', async () => {
    const page = await open('ordinary.html')
    await appendAndScan(page, 'Apple Support: <a id="call" href="#help"><b><i>1-888-555-0100</i></b></a> now.')
    // Not inside the <b> or <i> (where the badge would split the link's text), but after the link.
    expect(await page.$eval('truedial-badge', (b) => b.previousElementSibling?.id ?? b.parentElement?.localName)).toBe('call')
    await page.close()
  })

  it('badges every time a page repeats its scam number, asking about it once', async () => {
    const page = await open('ordinary.html')
    await appendAndScan(page, '<p>Apple Support: call 1-888-555-0100 now.</p>'.repeat(12), 'div')
    // The state once all twelve are badged: a request sent after the first badge counts too.
    const state = await waitForScan(page, (s) => s.badges >= 12)
    expect(await badges(page)).toEqual(Array.from({ length: 12 }, () => ({ verdict: 'spoofed', e164: '+18885550100' })))
    expect(state.requests).toBe(1)
    await page.close()
  })

  it('starts afresh when a single-page app moves to another address: the old page\u2019s numbers leave the toolbar', async () => {
    const page = await open('scam-three.html', (s) => s.badges >= 4)
    expect(await toolbarText(f)).toBe('3')
    const scans = (await waitForScan(page)).scans
    // The app swaps its content and its address without loading a page.
    await page.evaluate(() => {
      history.pushState({}, '', '/pages/help/next')
      document.body.innerHTML = '<main><p>Apple Support: call 1-877-555-0123 now.</p></main>'
    })
    await waitForScan(page, (s) => s.scans > scans && s.badges >= 5)
    expect(await badges(page)).toEqual([{ verdict: 'spoofed', e164: '+18775550123' }])
    await expect.poll(() => toolbarText(f), { timeout: 5000 }).toBe('1')
    await page.close()
  })

  it('badges a scam number inserted by script 2 s after load', async () => {
    const page = await f.ctx.newPage()
    await page.goto(`${f.baseUrl}/pages/late-insert.html`)
    await page.waitForSelector('#late', { timeout: 5000 })
    await waitForScan(page, (s) => s.badges >= 1)
    expect(await badges(page)).toEqual([{ verdict: 'spoofed', e164: '+18775550123' }])
    await page.close()
  })

  it('never touches inputs, textareas or editable regions', async () => {
    const page = await open('forms.html')
    expect(await badges(page)).toEqual([])
    expect(await page.inputValue('#i')).toBe('Apple Support 1-888-555-0100')
    expect(await page.inputValue('#t')).toBe('Call Apple Support 1-888-555-0101')
    expect(await page.textContent('#ce')).toBe('Apple Support helpline 1-888-555-0102')
    await page.close()
  })

  it('opens the explanation from the badge and leaves a screenshot for people to look at', async () => {
    const page = await open('scam-three.html', (s) => s.badges >= 4)
    await page.setViewportSize({ width: 900, height: 700 })
    const badge = page.locator('truedial-badge[data-verdict="spoofed"]').first()
    const e164 = (await badge.getAttribute('data-e164'))!
    await badge.click()
    await page.waitForTimeout(400) // the explanation fades in
    // What the picture shows: the explanation, whole and on top, with its words.
    const sight = await page.evaluate(probeOnTop, panelOf(e164, 0, 6))
    expect(sight.bottom - sight.top).toBeGreaterThan(200)
    expect(sight.misses).toBe(0)
    expect(sight.bottom).toBeLessThanOrEqual(sight.viewport.height)
    const face = (await badgeFaces(page)).find((b) => b.e164 === e164)!
    expect(face.panelText).toContain('This is not one of Apple’s numbers')
    expect(face.panelText).toContain('support.apple.com/contact')
    expect(face.panelText).toContain('Report')
    await screenshot(page, 'flagged-page-explanation')
    await page.close()
  })

  it('makes no network request of its own while scanning', async () => {
    // On its own: only what these pages and TrueDial ask for while they are open counts.
    seen.splice(0)
    f.requests.splice(0)
    for (const path of ['scam-three.html', 'ordinary.html', 'zh-spoofed.html']) {
      const page = await open(path)
      await page.close()
    }
    expect(seen.length).toBeGreaterThan(0)
    const foreign = seen.filter((u) => !u.startsWith(f.baseUrl) && !u.startsWith('chrome-extension://') && !u.startsWith('data:') && u !== 'about:blank')
    expect(foreign).toEqual([])
    expect(f.requests.filter((p) => p !== '/favicon.ico').every((p) => p.startsWith('/pages/'))).toBe(true)
    // The listener hears the background's own fetches too (the service worker's): one made on
    // purpose is seen, so none above means none was made.
    await f.worker.evaluate((url) => fetch(url).then(() => undefined, () => undefined), `${f.baseUrl}/pages/worker-probe`)
    await expect.poll(() => seen.some((u) => u.endsWith('/pages/worker-probe'))).toBe(true)
  })
})

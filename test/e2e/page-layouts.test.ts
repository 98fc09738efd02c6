// How badges and their explanations fare on layouts that clip, cover and crowd: the panel is a
// popover in the top layer, so no overflow, transform, z-index, modal or fullscreen of the page
// can hide any of it; the number itself is marked with a highlight; a badge that would overflow
// its bar or cell shows its icon alone.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Page } from 'playwright-core'
import { panelOf, probeOnTop, type PanelSight } from '../helpers/panel-probe'
import { badgeFaces, evaluateIsolated, launch, screenshot, waitForScan, type Fixture } from './harness'

/** A panel a person can read: a real box, inside the viewport, nothing of the page over any of it. */
function expectWhollyVisible(sight: PanelSight, what: string): void {
  expect(sight.right - sight.left, `${what}: panel width`).toBeGreaterThan(200)
  expect(sight.bottom - sight.top, `${what}: panel height`).toBeGreaterThan(120)
  expect(sight.left, what).toBeGreaterThanOrEqual(0)
  expect(sight.top, what).toBeGreaterThanOrEqual(0)
  expect(sight.right, what).toBeLessThanOrEqual(sight.viewport.width)
  expect(sight.bottom, what).toBeLessThanOrEqual(sight.viewport.height)
  expect(sight.misses, `${what}: points of the panel where the page is on top`).toBe(0)
}

/** The texts of the ranges TrueDial registered under a highlight name, read in its own world. */
const highlighted = (page: Page, name: string): Promise<string[]> =>
  evaluateIsolated(page, `JSON.stringify([...(CSS.highlights.get(${JSON.stringify(name)}) ?? [])].map((r) => r.toString()).sort())`).then((v) => JSON.parse(v ?? '[]') as string[])

describe('badges and explanations on layouts that clip, cover and crowd (Chromium)', () => {
  let f: Fixture
  let page: Page
  beforeAll(async () => {
    f = await launch()
    page = await f.ctx.newPage()
    await page.setViewportSize({ width: 1100, height: 800 })
    await page.goto(`${f.baseUrl}/pages/layouts.html`)
    await waitForScan(page, (s) => s.badges >= 11)
  })
  afterAll(async () => {
    await f?.close()
  })

  async function openPanel(e164: string, index = 0, on: Page = page): Promise<PanelSight> {
    const badge = on.locator(`truedial-badge[data-e164="${e164}"]`).nth(index)
    await badge.scrollIntoViewIfNeeded()
    await badge.click()
    await on.waitForTimeout(200) // the panel fades in over 120 ms
    return on.evaluate(probeOnTop, panelOf(e164, index, 6))
  }

  async function closeWithEscape(e164: string, index = 0, on: Page = page): Promise<void> {
    await on.keyboard.press('Escape')
    const focused = await on.evaluate(([n, i]) => document.activeElement === [...document.querySelectorAll(`truedial-badge[data-e164="${n}"]`)][i as number], [e164, index] as const)
    expect(focused, 'focus goes back to the badge').toBe(true)
    const after = await on.evaluate(probeOnTop, panelOf(e164, index, 6))
    expect(after.bottom - after.top, 'the panel is gone').toBeLessThan(40)
  }

  it.each([
    ['an overflow: hidden header', '+18885550111'],
    ['an overflow: hidden card in its own stacking context', '+18885550112'],
    ['a transformed, clipping container', '+18885550113'],
  ])('shows the whole explanation of a badge inside %s', async (what, e164) => {
    expectWhollyVisible(await openPanel(e164), what)
    await closeWithEscape(e164)
  })

  it('shows the whole explanation under a fixed cover at z-index 2147483647, and closes on a click outside', async () => {
    await page.evaluate(() => (window as unknown as { showCover(): void }).showCover())
    await page.evaluate(() => window.scrollTo(0, 0))
    const e164 = '+18885550113'
    const sight = await openPanel(e164)
    expectWhollyVisible(sight, 'under the cover')
    // The panel reaches into the cover's area: it is above it, not beside it.
    expect(sight.bottom).toBeGreaterThan(sight.viewport.height - 420)
    await screenshot(page, 'panel-over-fixed-cover')
    await page.mouse.click(1000, 20)
    const after = await page.evaluate(probeOnTop, panelOf(e164, 0, 6))
    expect(after.bottom - after.top).toBeLessThan(40)
    await page.evaluate(() => document.getElementById('cover')?.remove())
  })

  it('shows the whole explanation in fullscreen', async () => {
    // Its own page, with no red claim: on layouts.html (red claims) TrueDial takes the page out of
    // fullscreen at once, as it must a fake alert's (hostage.ts), and the test raced it.
    const video = await f.ctx.newPage()
    await video.setViewportSize({ width: 1100, height: 800 })
    await video.goto(`${f.baseUrl}/pages/fullscreen-official.html`)
    await waitForScan(video, (s) => s.badges >= 1)
    await video.locator('#go-fullscreen').click()
    await video.waitForFunction(() => document.fullscreenElement?.id === 'fullscreen')
    expectWhollyVisible(await openPanel('+18002752273', 0, video), 'in fullscreen')
    expect(await video.evaluate(() => document.fullscreenElement?.id), 'still fullscreen').toBe('fullscreen')
    await closeWithEscape('+18002752273', 0, video)
    await video.close()
  })

  it('marks exactly the characters of each number, across elements too', async () => {
    const red = await highlighted(page, 'truedial-red')
    expect(red).toContain('+1 (844) 555-0127')
    expect(red).toContain('1-888-555-0142')
    expect(red).toContain('1-844-555-0199')
    expect(await highlighted(page, 'truedial-ok')).toContain('1-800-275-2273')
    // The page's text is untouched: the highlight is paint, not markup.
    expect(await page.textContent('#split')).toBe('Call Apple Support: +1 (844) 555-0127 right away.')
  })

  it('names each number on its badge when three share a paragraph, and lights up the one whose badge is hovered', async () => {
    const tags = await evaluateIsolated(page, `JSON.stringify([...document.querySelectorAll('#three truedial-badge')].map((b) => b.getAttribute('data-e164')))`)
    const order = JSON.parse(tags ?? '[]') as string[]
    // In the order the numbers stand in.
    expect(order).toEqual(['+18002752273', '+18885550142', '+18445550199'])
    const faces = await badgeFaces(page)
    for (const e164 of order) {
      const face = faces.find((b) => b.e164 === e164)
      expect(face?.visibleText, `the badge of ${e164} names it`).toContain(e164.slice(-4))
    }
    // A badge right after its own number ("call 1-888-555-0117.") needs no name.
    expect(faces.find((b) => b.e164 === '+18885550117')?.visibleText).toBe('⚠ Not Apple’s number')
    await page.locator('#three truedial-badge[data-e164="+18885550142"]').hover()
    expect(await highlighted(page, 'truedial-focus')).toEqual(['1-888-555-0142'])
    await page.mouse.move(1, 1)
    expect(await highlighted(page, 'truedial-focus')).toEqual([])
  })

  it('shows the icon alone where a badge would overflow a fixed-width bar or a table cell, with the same name', async () => {
    const faces = await badgeFaces(page)
    for (const e164 of ['+18885550114', '+18885550115']) {
      const face = faces.find((b) => b.e164 === e164)
      expect(face?.visibleText, `${e164}: icon only`).toBe('⚠')
      // The accessible name is the full one.
      expect(face?.ariaLabel).toMatch(/1-888-555-011\d/)
      // The icon fits where the words would not: inside its bar or cell, next to the number.
      const fits = await page.locator(`truedial-badge[data-e164="${e164}"]`).evaluate((b) => {
        const box = b.closest('nav, td')!.getBoundingClientRect()
        const r = b.getBoundingClientRect()
        return r.left >= box.left && r.right <= box.right
      })
      expect(fits, `${e164}: the compact badge is inside its container`).toBe(true)
    }
    // With room to spare, the full words.
    expect(faces.find((b) => b.e164 === '+18885550112')?.visibleText).toMatch(/Not Apple/)
  })

  it('badges the copy of a scam number inside the page\u2019s own modal, where it can be clicked and read', async () => {
    await page.evaluate(() => (window as unknown as { showModal(): void }).showModal())
    await waitForScan(page, (s) => s.badges >= 12)
    expect(await page.locator('#modal truedial-badge[data-e164="+18885550117"]').count()).toBe(1)
    expect(await page.locator('#modal-copy truedial-badge[data-e164="+18885550117"]').count()).toBe(1)
    // The copy in the modal is the second badge of the number in document order.
    const index = await page.evaluate(() => [...document.querySelectorAll('truedial-badge[data-e164="+18885550117"]')].findIndex((b) => b.closest('#modal')))
    expectWhollyVisible(await openPanel('+18885550117', index), 'in the page\u2019s modal')
    await screenshot(page, 'panel-in-modal')
    await closeWithEscape('+18885550117', index)
  })
})

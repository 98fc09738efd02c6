import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { launch, type Fixture } from './harness'

describe('the built extension in Chromium', () => {
  let f: Fixture
  beforeAll(async () => {
    f = await launch()
  })
  afterAll(async () => {
    await f?.close()
  })

  it('starts its service worker', async () => {
    expect(f.extensionId).toMatch(/^[a-p]{32}$/)
    expect(await f.worker.evaluate(() => typeof (globalThis as { chrome?: { runtime: { id: string } } }).chrome?.runtime.id)).toBe('string')
  })
})

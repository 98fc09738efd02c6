import { describe, it, expect, beforeEach } from 'vitest'
import { RegistryStore, STORAGE_KEY, fetchCapped, type KeyValueStore } from '../../src/background/registry-store'
import { FIXTURE_NOW, fixturePayload, generateTestKey, makePinned, schemaOnePayload, signEnvelope, type TestKey } from '../helpers/test-key'
import type { RegistryPayload } from '../../src/core/registry-types'

class MemoryStore implements KeyValueStore {
  data = new Map<string, unknown>()
  writes = 0
  async get(key: string) {
    return this.data.get(key)
  }
  async set(items: Record<string, unknown>) {
    this.writes++
    for (const [k, v] of Object.entries(items)) this.data.set(k, structuredClone(v))
  }
  async remove(key: string) {
    this.data.delete(key)
  }
}

const withVersion = (version: number, mutate?: (p: RegistryPayload) => void): RegistryPayload => {
  const p = fixturePayload()
  p.version = version
  mutate?.(p)
  return p
}

describe('RegistryStore', () => {
  let key: TestKey
  let storage: MemoryStore
  let bundled: string
  let store: RegistryStore
  beforeEach(() => {
    key = generateTestKey()
    storage = new MemoryStore()
    bundled = signEnvelope(withVersion(2), key)
    store = new RegistryStore(storage, bundled, makePinned(key), () => FIXTURE_NOW)
  })

  it('uses the bundled registry when nothing is stored', async () => {
    const status = await store.status()
    expect(status).toMatchObject({ state: 'ok', version: 2, source: 'bundled', keyid: key.keyid, expired: false })
  })

  it('accepts a newer signed registry in one storage write and uses it', async () => {
    const writesBefore = storage.writes
    const result = await store.importText(signEnvelope(withVersion(3), key), 'file')
    expect(result).toMatchObject({ ok: true, message: 'Updated to registry version 3.' })
    expect(result.status).toMatchObject({ version: 3, source: 'file' })
    // one write for the registry, one for the attempt record
    expect(storage.writes - writesBefore).toBe(2)
    expect((await store.active()).index?.payload.version).toBe(3)
  })

  it.each([
    ['a flipped byte in the payload', (t: string) => t.replace(/"version\\":\d+/, '"version\\":9999'), /signature/],
    ['an unpinned key', (_t: string) => signEnvelope(withVersion(4), generateTestKey()), /not signed by a key TrueDial trusts/],
    ['malformed JSON', (t: string) => t.slice(0, 40), /not a registry/],
    ['a file over 1 MB', (_t: string) => 'x'.repeat(2 * 1024 * 1024), /too large/],
  ])('refuses %s and keeps the active registry', async (_name, mangle, message) => {
    const good = signEnvelope(withVersion(4), key)
    const result = await store.importText(mangle(good), 'file')
    expect(result.ok).toBe(false)
    expect(result.message).toMatch(message)
    expect(result.status.version).toBe(2)
    expect(storage.data.has(STORAGE_KEY)).toBe(false)
  })

  it('refuses a rollback and an unchanged version', async () => {
    expect((await store.importText(signEnvelope(withVersion(1), key), 'file')).message).toMatch(/rollback/)
    expect((await store.importText(signEnvelope(withVersion(2), key), 'file')).message).toMatch(/No change/)
  })

  it('refuses an expired registry as an update', async () => {
    const expired = withVersion(9, (p) => {
      p.issued = '2025-01-01T00:00:00Z'
      p.expires = '2025-06-01T00:00:00Z'
    })
    const r = await store.importText(signEnvelope(expired, key), 'file')
    expect(r.ok).toBe(false)
    expect(r.message).toMatch(/expired/)
  })

  it('prefers the stored registry only when it verifies and is newer', async () => {
    await storage.set({ [STORAGE_KEY]: { text: signEnvelope(withVersion(5), key), source: 'url', sourceUrl: 'https://x/r.json', receivedAt: 'x' } })
    expect(await new RegistryStore(storage, bundled, makePinned(key), () => FIXTURE_NOW).status()).toMatchObject({ version: 5, source: 'url' })
    await storage.set({ [STORAGE_KEY]: { text: signEnvelope(withVersion(5), key).replace('5', '6'), source: 'url', sourceUrl: null, receivedAt: 'x' } })
    expect(await new RegistryStore(storage, bundled, makePinned(key), () => FIXTURE_NOW).status()).toMatchObject({ version: 2, source: 'bundled' })
  })

  it.each([
    ['an older version', 1],
    ['a higher version', 5],
  ])('uses the bundled registry when the stored one, of %s, was made for an older TrueDial', async (_name, version) => {
    await storage.set({ [STORAGE_KEY]: { text: signEnvelope(schemaOnePayload(version), key), source: 'file', sourceUrl: null, receivedAt: 'x' } })
    const active = await new RegistryStore(storage, bundled, makePinned(key), () => FIXTURE_NOW).active()
    expect(active.status).toMatchObject({ state: 'ok', version: 2, source: 'bundled' })
    expect(active.index?.payload.schema).toBe(3)
  })

  it('refuses an update made for an older TrueDial, saying so, and keeps the active registry', async () => {
    await store.importText(signEnvelope(withVersion(3), key), 'file')
    const storedBefore = structuredClone(storage.data.get(STORAGE_KEY))
    const result = await store.importText(signEnvelope(schemaOnePayload(9), key), 'url', 'https://mirror.example/registry.json')
    expect(result.ok).toBe(false)
    expect(result.message).toMatch(/this registry was made for an older TrueDial/)
    expect(result.status).toMatchObject({ version: 3, source: 'file' })
    expect(storage.data.get(STORAGE_KEY)).toEqual(storedBefore)
    expect((await store.active()).index?.payload.version).toBe(3)
  })

  it('is "unavailable" and never fails open when no registry verifies', async () => {
    const s = new RegistryStore(storage, bundled, makePinned(generateTestKey()), () => FIXTURE_NOW)
    const active = await s.active()
    expect(active.index).toBeNull()
    expect(active.status.state).toBe('unavailable')
    expect(active.status.error).toMatch(/No registry could be verified/)
    // numbers can still be found, so badges can say "cannot verify"
    expect(active.terms?.brand.length).toBeGreaterThan(0)
  })

  it('still answers past expiry, marked out of date', async () => {
    const s = new RegistryStore(storage, bundled, makePinned(key), () => new Date('2031-01-01T00:00:00Z'))
    expect(await s.status()).toMatchObject({ state: 'ok', expired: true })
  })

  it('restores the bundled registry', async () => {
    await store.importText(signEnvelope(withVersion(3), key), 'file')
    const r = await store.restoreBundled()
    expect(r).toMatchObject({ ok: true })
    expect(r.status).toMatchObject({ version: 2, source: 'bundled' })
  })

  it('tries update mirrors in order and reports each failure', async () => {
    const good = signEnvelope(withVersion(3), key)
    const fake = (async (url: string) => {
      if (url.includes('down')) throw new TypeError('Failed to fetch')
      if (url.includes('missing')) return new Response('nope', { status: 404 })
      return new Response(good)
    }) as typeof fetch
    const r = await store.fetchUpdate(['https://down.example/r.json', 'https://missing.example/r.json', 'https://ok.example/r.json'], fake)
    expect(r).toMatchObject({ ok: true })
    expect(r.status).toMatchObject({ version: 3, source: 'url', sourceUrl: 'https://ok.example/r.json' })
    const bad = await store.fetchUpdate(['https://down.example/r.json', 'https://missing.example/r.json'], fake)
    expect(bad.ok).toBe(false)
    expect(bad.message).toMatch(/network error/)
    expect(bad.message).toMatch(/HTTP 404/)
  })
})

describe('fetchCapped', () => {
  it('refuses a body over 1 MB by its declared length before reading it', async () => {
    const response = new Response(new ReadableStream(), { headers: { 'content-length': String(2 * 1024 * 1024) } })
    const r = await fetchCapped('https://x/', (async () => response) as typeof fetch, 1000)
    expect(r).toMatchObject({ ok: false })
    expect((r as { error: string }).error).toMatch(/too large/)
    expect(response.bodyUsed).toBe(false)
  })

  it('stops reading a body that grows past 1 MB', async () => {
    const chunk = new Uint8Array(256 * 1024)
    let sent = 0
    const body = new ReadableStream<Uint8Array>({ pull: (c) => { sent++; c.enqueue(chunk) } })
    const r = await fetchCapped('https://x/', (async () => new Response(body)) as typeof fetch, 1000)
    expect((r as { error: string }).error).toMatch(/too large/)
    expect(sent).toBeLessThan(8)
  })

  it('times out', async () => {
    const never = ((_u: string, init: RequestInit) =>
      new Promise((_, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))))) as typeof fetch
    const r = await fetchCapped('https://x/', never, 50)
    expect((r as { error: string }).error).toMatch(/timed out/)
  })
})

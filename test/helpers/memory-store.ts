// storage.local / storage.session in memory, for the background's stores: every read and write
// is a copy, as the browser's are.
import type { KeyValueStore } from '../../src/background/registry-store'

export class MemoryStore implements KeyValueStore {
  data = new Map<string, unknown>()
  async get(key: string) {
    return structuredClone(this.data.get(key))
  }
  async set(items: Record<string, unknown>) {
    for (const [k, v] of Object.entries(items)) this.data.set(k, structuredClone(v))
  }
  async remove(key: string) {
    this.data.delete(key)
  }
}

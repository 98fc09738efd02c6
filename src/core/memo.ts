// A memo that forgets. A hostile page can send any number of distinct numbers, so every memo on
// the verdict path holds at most two generations of `limit` entries: when the current one fills,
// it becomes the previous one and the old previous one is dropped. Entries read from the previous
// generation move to the current one, so what a page keeps asking about stays.

export class BoundedMemo<V, K = string> {
  #current = new Map<K, V>()
  #previous = new Map<K, V>()

  constructor(readonly limit: number) {}

  get(key: K): V | undefined {
    const hit = this.#current.get(key)
    if (hit !== undefined) return hit
    const old = this.#previous.get(key)
    if (old !== undefined) this.set(key, old)
    return old
  }

  set(key: K, value: V): void {
    if (this.#current.size >= this.limit) {
      this.#previous = this.#current
      this.#current = new Map()
    }
    this.#current.set(key, value)
  }

  /** At most 2 × limit. */
  get size(): number {
    return this.#current.size + this.#previous.size
  }
}

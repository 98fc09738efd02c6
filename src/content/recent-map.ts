// A map that keeps its newest entries only: a page that shows new numbers all day (a feed, a
// chat) costs bounded memory. A Map iterates in insertion order, so the first key is the oldest.

export class RecentMap<K, V> {
  readonly #map = new Map<K, V>()

  constructor(readonly max: number) {}

  /** Reads an entry and makes it the newest, so what a page keeps showing is kept longest. */
  recall(key: K): V | undefined {
    const value = this.#map.get(key)
    if (value !== undefined) {
      this.#map.delete(key)
      this.#map.set(key, value)
    }
    return value
  }

  /** Reads an entry and leaves its age alone. */
  peek(key: K): V | undefined {
    return this.#map.get(key)
  }

  /** Sets an entry as the newest, dropping the oldest entry when the map is full. */
  remember(key: K, value: V): void {
    this.#map.delete(key)
    if (this.#map.size >= this.max) this.#map.delete(this.#map.keys().next().value as K)
    this.#map.set(key, value)
  }
}

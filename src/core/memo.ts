// Memos for the background's verdicts (src/core/fast.ts), and the one way they match an input.

import type { Translate } from './message-format'
import type { RegistryIndex } from './registry-index'

/**
 * A memo that forgets. A hostile page can send any number of distinct numbers, so a memo on the
 * verdict path holds at most two generations of `limit` entries: when the current one fills, it
 * becomes the previous one and the old previous one is dropped. Entries read from the previous
 * generation move to the current one, so what a page keeps asking about stays.
 */
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

/**
 * Whether two inputs are the same data: equal primitives, or arrays and plain objects with the
 * same fields holding the same data, all the way down. Anything else (a function, a Map, a class
 * instance) is the same only as the very same object. A memo that matches its input this way
 * compares every field there is, so a field someone adds to a request later can never be left
 * out of what decides a hit.
 */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (!sameData(a[i], b[i])) return false
    return true
  }
  if (Array.isArray(b) || !isPlainObject(a) || !isPlainObject(b)) return false
  const keys = Object.keys(a)
  if (keys.length !== Object.keys(b).length) return false
  for (const k of keys) if (!Object.hasOwn(b, k) || !sameData(a[k], b[k])) return false
  return true
}

function isPlainObject(v: object): v is Record<string, unknown> {
  const proto = Object.getPrototypeOf(v) as unknown
  return proto === Object.prototype || proto === null
}

/** Inputs kept per hint: a page can send one number in many contexts, each its own answer. */
const PER_HINT = 8

/**
 * Memos of answers by their whole input (sameData), one per registry index and translator (both
 * by identity: a new registry or language starts afresh, and an old registry's answers go with
 * it). Inputs are filed under a hint, a cheap part of them that equal inputs share (a number's
 * digits), so a new input costs one Map lookup and no key is ever built from the whole of it.
 * At most two generations of `limit` hints, PER_HINT inputs each.
 */
export class AnswerMemo<I, V> {
  readonly #memos = new WeakMap<RegistryIndex, WeakMap<Translate, BoundedMemo<Array<{ input: I; value: V }>>>>()

  constructor(readonly limit: number) {}

  /** The answer for `input`, made by `make` the first time it is asked for. The memo keeps `input`: nobody may change it. */
  answer(index: RegistryIndex, t: Translate, hint: string, input: I, make: () => V): V {
    let perIndex = this.#memos.get(index)
    if (!perIndex) this.#memos.set(index, (perIndex = new WeakMap()))
    let memo = perIndex.get(t)
    if (!memo) perIndex.set(t, (memo = new BoundedMemo(this.limit)))
    let kept = memo.get(hint)
    if (kept) {
      for (const k of kept) if (sameData(k.input, input)) return k.value
    } else memo.set(hint, (kept = []))
    const value = make()
    if (kept.length >= PER_HINT) kept.shift()
    kept.push({ input, value })
    return value
  }
}

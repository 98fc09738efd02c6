// Findings per tab, for the popup and the toolbar badge. Kept in storage.session (memory only,
// never written to disk, gone when the browser closes) because the service worker itself may
// be stopped between events; removed when the tab navigates or closes.
import { RED_VERDICTS } from '../core/verdict-words'
import type { TabFinding } from '../messages'

export interface SessionStore {
  get(key: string): Promise<unknown>
  set(items: Record<string, unknown>): Promise<void>
  remove(key: string): Promise<void>
}

const key = (tabId: number): string => `tab:${tabId}`
const MAX_PER_TAB = 500

export class TabState {
  /** The lists in memory; storage.session is written behind them, so a verdict request never waits on it. */
  #lists = new Map<number, TabFinding[]>()
  /** Reads of storage.session on their way, so two requests after a worker restart share one list. */
  #loading = new Map<number, Promise<TabFinding[]>>()
  #dirty = new Set<number>()
  #timer: ReturnType<typeof setTimeout> | null = null

  constructor(
    private readonly session: SessionStore,
    private readonly writeDelayMs = 250,
  ) {}

  findings(tabId: number): Promise<TabFinding[]> {
    const list = this.#lists.get(tabId)
    if (list) return Promise.resolve(list)
    // The worker was restarted: what it knew is in storage.session. One read per tab, however
    // many requests arrive meanwhile (each would otherwise replace the others' additions).
    let loading = this.#loading.get(tabId)
    if (!loading) {
      loading = this.session.get(key(tabId)).then(
        (v) => {
          this.#loading.delete(tabId)
          const loaded = this.#lists.get(tabId) ?? (Array.isArray(v) ? (v as TabFinding[]) : [])
          this.#lists.set(tabId, loaded)
          return loaded
        },
        (error: unknown) => {
          this.#loading.delete(tabId)
          throw error
        },
      )
      this.#loading.set(tabId, loading)
    }
    return loading
  }

  /** Adds findings (deduplicated by frame, number and text); returns the tab's full list. */
  async add(tabId: number, added: TabFinding[]): Promise<TabFinding[]> {
    const list = await this.findings(tabId)
    const seen = new Set(list.map((f) => `${f.frameId}|${f.e164}|${f.text}`))
    for (const f of added) {
      const k = `${f.frameId}|${f.e164}|${f.text}`
      if (seen.has(k) || list.length >= MAX_PER_TAB) continue
      seen.add(k)
      list.push(f)
    }
    this.#persist(tabId)
    return list
  }

  async clearFrame(tabId: number, frameId: number): Promise<TabFinding[]> {
    const list = (await this.findings(tabId)).filter((f) => f.frameId !== frameId)
    this.#lists.set(tabId, list)
    this.#persist(tabId)
    return list
  }

  async clear(tabId: number): Promise<void> {
    this.#lists.delete(tabId)
    this.#loading.delete(tabId)
    this.#dirty.delete(tabId)
    await this.session.remove(key(tabId))
  }

  #persist(tabId: number): void {
    this.#dirty.add(tabId)
    this.#timer ??= setTimeout(() => {
      this.#timer = null
      const items: Record<string, unknown> = {}
      for (const id of this.#dirty) {
        const list = this.#lists.get(id)
        if (list) items[key(id)] = list
      }
      this.#dirty.clear()
      void this.session.set(items).catch(() => {})
    }, this.writeDelayMs)
  }
}

/** The toolbar's count: warnings only (core/verdict-words.ts RED_VERDICTS). */
export function flaggedCount(list: TabFinding[]): number {
  return list.filter((f) => RED_VERDICTS.has(f.verdict)).length
}

// Findings per tab, for the popup and the toolbar badge. Kept in storage.session (memory only,
// never written to disk, gone when the browser closes) because the service worker itself may
// be stopped between events; removed when the tab navigates or closes.
import type { BadgeVerdict, TabFinding } from '../messages'

export interface SessionStore {
  get(key: string): Promise<unknown>
  set(items: Record<string, unknown>): Promise<void>
  remove(key: string): Promise<void>
}

const key = (tabId: number): string => `tab:${tabId}`
const MAX_PER_TAB = 500

export const FLAGGED: ReadonlySet<BadgeVerdict> = new Set(['spoofed', 'lookalike', 'mismatch'])

export class TabState {
  constructor(private readonly session: SessionStore) {}

  async findings(tabId: number): Promise<TabFinding[]> {
    const v = await this.session.get(key(tabId))
    return Array.isArray(v) ? (v as TabFinding[]) : []
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
    await this.session.set({ [key(tabId)]: list })
    return list
  }

  async clearFrame(tabId: number, frameId: number): Promise<TabFinding[]> {
    const list = (await this.findings(tabId)).filter((f) => f.frameId !== frameId)
    await this.session.set({ [key(tabId)]: list })
    return list
  }

  async clear(tabId: number): Promise<void> {
    await this.session.remove(key(tabId))
  }
}

export function flaggedCount(list: TabFinding[]): number {
  return list.filter((f) => FLAGGED.has(f.verdict)).length
}

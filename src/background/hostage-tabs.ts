// Tabs whose page is a fake Apple alert that held the browser hostage (content/hostage.ts): kept
// in storage.session (memory only) so a restarted worker still shows them on the toolbar and in
// the popup, and still lets their notice close them. Forgotten when the tab navigates or closes.
import type { SessionStore } from './tab-state'

const key = (tabId: number): string => `hostage:${tabId}`

export class HostageTabs {
  constructor(private readonly session: SessionStore) {}

  async mark(tabId: number): Promise<void> {
    await this.session.set({ [key(tabId)]: true })
  }

  async has(tabId: number): Promise<boolean> {
    return (await this.session.get(key(tabId))) === true
  }

  async clear(tabId: number): Promise<void> {
    await this.session.remove(key(tabId))
  }
}

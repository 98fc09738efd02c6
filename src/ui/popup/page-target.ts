// Which tab the popup describes. Normally the active tab; `?tab=<id>` names one explicitly (the
// browser tests open the popup in a tab of its own). That only shows the extension's own popup
// a tab's findings, which it could read anyway.
import browser from '../../platform/browser'

export interface PopupParams {
  tabId: number | null
  check: string | null
}

export function readParams(search: string): PopupParams {
  const q = new URLSearchParams(search)
  const tab = Number(q.get('tab'))
  return {
    tabId: q.has('tab') && Number.isInteger(tab) && tab >= 0 ? tab : null,
    check: q.get('check')?.slice(0, 200) ?? null,
  }
}

export async function targetTabId(params: PopupParams): Promise<number | null> {
  if (params.tabId !== null) return params.tabId
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true })
  return tab?.id ?? null
}

/** The hostname "Pause on this site" applies to: web pages only. */
export function pausableHost(pageUrl: string | null): string | null {
  if (!pageUrl) return null
  try {
    const url = new URL(pageUrl)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.hostname : null
  } catch {
    return null
  }
}

/** True when the "page" is one of the extension's own (the popup opened as a window by the context menu). */
export function isOwnPage(pageUrl: string | null): boolean {
  return !!pageUrl && pageUrl.startsWith(browser.runtime.getURL(''))
}

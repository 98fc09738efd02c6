// TEST BUILD ONLY. Compiled in by `vite build --mode firefox-test` (test/e2e-firefox), absent
// from every shipped build: background/index.ts calls installTestHooks() behind
// `import.meta.env.TRUEDIAL_TEST_HOOKS`, a literal false outside that mode, so the bundler drops
// the call and this module with it. test/e2e-firefox checks that TEST_HOOK_PATH appears in the
// test build and nowhere in dist-firefox/.
//
// Why it exists: a Firefox test driven over WebDriver BiDi can neither evaluate code in the
// background nor navigate to moz-extension:// pages, so it cannot ask for a tab's id or open the
// popup the way the Chromium tests do. Instead the test navigates a tab of its own to
//   http://127.0.0.1:<port>/__truedial_test__/<hook>?page=<address of a fixture page>
// and the background answers by navigating that same tab:
//   open-popup → the popup for the tab showing that page (moz-extension://…/popup?tab=<id>);
//   toolbar    → http://127.0.0.1:<port>/__truedial_test__/answer?tab=<id>&badge=<toolbar text>&muted=<true|false>.
import browser from '../platform/browser'

/** The path that triggers the hooks; also the marker the test greps the shipped build for. */
export const TEST_HOOK_PATH = '/__truedial_test__/'

/** Only addresses on the loopback test server can trigger anything. */
function hookRequest(url: string | undefined): URL | null {
  if (!url) return null
  try {
    const u = new URL(url)
    return u.protocol === 'http:' && u.hostname === '127.0.0.1' && u.pathname.startsWith(TEST_HOOK_PATH) ? u : null
  } catch {
    return null
  }
}

/** The id of another tab showing `page`. Its URL is visible without the "tabs" permission because
 *  the content script's <all_urls> match counts as a host permission in Firefox's MV3. */
async function tabShowing(page: string, except: number): Promise<number | null> {
  const tab = (await browser.tabs.query({})).find((t) => t.url === page && t.id !== except)
  return tab?.id ?? null
}

async function answer(triggerTabId: number, request: URL): Promise<void> {
  const tabId = await tabShowing(request.searchParams.get('page') ?? '', triggerTabId)
  const hook = request.pathname.slice(TEST_HOOK_PATH.length)
  if (hook === 'open-popup') {
    const query = tabId === null ? '' : `?tab=${tabId}`
    await browser.tabs.update(triggerTabId, { url: browser.runtime.getURL(`src/ui/popup/index.html${query}`) })
  } else if (hook === 'toolbar') {
    const badge = tabId === null ? '' : await browser.action.getBadgeText({ tabId })
    const muted = tabId === null ? false : ((await browser.tabs.get(tabId)).mutedInfo?.muted ?? false)
    const reply = new URL(`${TEST_HOOK_PATH}answer`, request.origin)
    reply.searchParams.set('tab', String(tabId))
    reply.searchParams.set('badge', badge)
    reply.searchParams.set('muted', String(muted))
    await browser.tabs.update(triggerTabId, { url: reply.href })
  }
}

export function installTestHooks(): void {
  browser.tabs.onUpdated.addListener((tabId, change) => {
    const request = hookRequest(change.url)
    if (request) void answer(tabId, request)
  })
}

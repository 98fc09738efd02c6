// Host access for "Check for updates". Chrome only shows the permission prompt while the click's
// user gesture is alive, so requestHostAccess() must be called synchronously inside the click
// handler, before the first await (https://developer.chrome.com/docs/extensions/reference/api/permissions#method-request).
import browser from '../../platform/browser'

/** "https://updates.example/registry.json" → "https://updates.example/*" (any port, any path). */
export function originPatterns(urls: readonly string[]): string[] {
  const patterns = new Set<string>()
  for (const url of urls) {
    try {
      const { protocol, hostname } = new URL(url)
      if (protocol === 'https:' || protocol === 'http:') patterns.add(`${protocol}//${hostname}/*`)
    } catch {
      // Not a URL: settings refuse it anyway.
    }
  }
  return [...patterns]
}

/**
 * Starts the permission request now (inside the gesture) and resolves to: true (granted), false
 * (declined) or null (could not be asked, e.g. an origin the manifest does not declare as
 * optional). The update is tried in every case: a server that allows CORS works without it.
 */
export function requestHostAccess(urls: readonly string[]): Promise<boolean | null> {
  const origins = originPatterns(urls)
  if (origins.length === 0) return Promise.resolve(null)
  try {
    return browser.permissions.request({ origins }).then(
      (granted) => granted,
      () => null,
    )
  } catch {
    return Promise.resolve(null)
  }
}

// Turns what a user types into "Pause on this site" into a bare hostname, or null.

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/
const IPV6 = /^\[[0-9a-f:.]+\]$/

/** "https://Shop.Example.com/path" → "shop.example.com"; IDNs come back in punycode (as URLs carry them). */
export function hostnameFrom(input: string): string | null {
  const text = input.trim()
  if (text === '' || /\s/.test(text)) return null
  let host: string
  try {
    host = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`).hostname
  } catch {
    return null
  }
  host = host.replace(/\.$/, '').toLowerCase()
  return HOSTNAME.test(host) || IPV6.test(host) ? host : null
}

// Resuming a site in the popup: pausing matches a site and its subdomains (core/settings.ts
// pausesHost), so every entry that pauses this host goes.
import { pausesHost } from '../../core/settings'

/** Resuming removes every entry that pauses this host (the site itself or a parent domain). */
export function withoutHost(pausedSites: string[], host: string): string[] {
  return pausedSites.filter((site) => !pausesHost(site, host))
}

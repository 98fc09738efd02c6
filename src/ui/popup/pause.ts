// Pausing matches a site and its subdomains, as isPaused in src/core/settings.ts does.

export function isPausedHost(pausedSites: string[], host: string): boolean {
  return pausedSites.some((site) => host === site || host.endsWith(`.${site}`))
}

/** Resuming removes every entry that pauses this host (the site itself or a parent domain). */
export function withoutHost(pausedSites: string[], host: string): string[] {
  return pausedSites.filter((site) => !(host === site || host.endsWith(`.${site}`)))
}

// "Report": what a user can do with a flagged number, only when they click. Nothing is sent by
// TrueDial itself; the user's mail program opens with the page and number filled in.
import type { RegistryIndex } from '../core/registry-index'
import type { ReportTarget } from '../messages'

export function reportTarget(index: RegistryIndex | null, pageUrl: string, region: string | null): ReportTarget | null {
  if (!index) return null
  const org = index.organisations.get('apple')
  const email = org?.reportEmail ?? 'reportphishing@apple.com'
  const subject = 'Fake Apple Support number'
  const body = `I found a phone number pretending to be Apple Support.\n\nPage: ${pageUrl}\nNumber: {number}\n\n(Reported with TrueDial.)`
  const mailto = `mailto:${email}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`
  const site = region ? index.payload.fraudReport[region] ?? null : null
  return { mailto, fraudSite: site ? { name: site.name, url: site.url } : null }
}

/** Fills the number into a report target's mail body. */
export function withNumber(target: ReportTarget, number: string): string {
  return target.mailto.replace(encodeURIComponent('{number}'), encodeURIComponent(number))
}

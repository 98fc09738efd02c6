// "Report": what a user can do with a flagged number, only when they click. Nothing is sent by
// TrueDial itself; the user's mail program opens with the page and number filled in. The badge
// gets a ReportTarget from the background (with the registry's address); the popup, which has no
// registry index, writes the same mail to the default address.
import type { RegistryIndex } from './registry-index'

export interface ReportTarget {
  /** mailto: URL to Apple's phishing address with the page and number filled in. */
  mailto: string
  fraudSite: { name: string; url: string } | null
}

/** Apple's phishing address, when the registry names none. */
export const REPORT_EMAIL = 'reportphishing@apple.com'

/** The stand-in for the number in a ReportTarget's mail: the badge fills it in (withNumber). */
const NUMBER = '{number}'

/** The mail to Apple's phishing team (in English, like the team) about `number` on `pageUrl`. */
export function reportMailto(pageUrl: string, number: string, email = REPORT_EMAIL): string {
  const subject = 'Fake Apple Support number'
  const body = `I found a phone number pretending to be Apple Support.\n\nPage: ${pageUrl}\nNumber: ${number}\n\n(Reported with TrueDial.)`
  return `mailto:${email}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`
}

export function reportTarget(index: RegistryIndex | null, pageUrl: string, region: string | null): ReportTarget | null {
  if (!index) return null
  const org = index.organisations.get('apple')
  const mailto = reportMailto(pageUrl, NUMBER, org?.reportEmail ?? REPORT_EMAIL)
  const site = region ? index.payload.fraudReport[region] ?? null : null
  return { mailto, fraudSite: site ? { name: site.name, url: site.url } : null }
}

/** Fills the number into a report target's mail body. */
export function withNumber(target: ReportTarget, number: string): string {
  return target.mailto.replace(encodeURIComponent(NUMBER), encodeURIComponent(number))
}

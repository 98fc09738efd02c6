// The popup's Report link: the same mail as src/core/report.ts builds for the badge (the popup
// has no registry index to ask for the address). Opens the user's mail program; sends nothing.

const REPORT_EMAIL = 'reportphishing@apple.com'

export function reportMailto(pageUrl: string, number: string): string {
  const subject = 'Fake Apple Support number'
  const body = `I found a phone number pretending to be Apple Support.\n\nPage: ${pageUrl}\nNumber: ${number}\n\n(Reported with TrueDial.)`
  return `mailto:${REPORT_EMAIL}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`
}

// `truedial check tel:+1-800-275-2273`: people paste a link's address as often as its text.
// RFC 3966 (https://www.rfc-editor.org/rfc/rfc3966#section-3): "tel:" then the number, then
// ";name=value" parameters (ext, isub, phone-context). The number may be percent-encoded
// ("tel:0800%20107%206285"). Browsers also meet "tel://…" and "?…" in the wild; both are read the
// way the page scanner reads a tel: link's href (src/core/page-scan.ts).
import { UsageError } from './io'

const TEL = /^\s*tel:(?:\/\/)?/i

export function isTelUri(input: string): boolean {
  return TEL.test(input)
}

/** The number in a tel: URI, parameters dropped: "tel:+1-800-275-2273;ext=12" → "+1-800-275-2273". */
export function numberFromTelUri(uri: string): string {
  const target = uri.replace(TEL, '').split(/[;?#]/)[0]!
  let number: string
  try {
    number = decodeURIComponent(target)
  } catch {
    throw new UsageError(`"${uri.slice(0, 60)}" is not a valid tel: URI (bad %-escape)`)
  }
  if (number.trim() === '') throw new UsageError(`"${uri.slice(0, 60)}" is a tel: URI with no number in it`)
  return number
}

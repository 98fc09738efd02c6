// Standard base64 (RFC 4648 §4, with padding) <-> bytes, written out by hand so it behaves the same
// in Node, pages and service workers (no Buffer; atob() silently skips whitespace and accepts
// non-canonical input, which we do not want for signatures and keys).

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

const LOOKUP: Int16Array = (() => {
  const table = new Int16Array(128).fill(-1)
  for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i
  return table
})()

export function encodeBase64(bytes: Uint8Array): string {
  let out = ''
  let i = 0
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!
  }
  const rest = bytes.length - i
  if (rest === 1) {
    const n = bytes[i]! << 16
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + '=='
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8)
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + '='
  }
  return out
}

function sextet(text: string, index: number): number {
  const code = text.charCodeAt(index)
  return code < 128 ? LOOKUP[code]! : -1
}

/**
 * Decodes canonical padded base64. Returns null for anything else: wrong length, characters
 * outside the alphabet (including whitespace and the URL-safe `-_`), misplaced padding, or
 * non-zero bits in the last character (so every byte string has exactly one accepted encoding).
 */
export function decodeBase64(text: string): Uint8Array | null {
  if (typeof text !== 'string' || text.length % 4 !== 0) return null
  let padding = 0
  if (text.endsWith('==')) padding = 2
  else if (text.endsWith('=')) padding = 1
  const out = new Uint8Array((text.length / 4) * 3 - padding)
  let o = 0
  for (let i = 0; i < text.length; i += 4) {
    const last = i + 4 === text.length
    const a = sextet(text, i)
    const b = sextet(text, i + 1)
    const c = last && padding === 2 ? 0 : sextet(text, i + 2)
    const d = last && padding >= 1 ? 0 : sextet(text, i + 3)
    if (a < 0 || b < 0 || c < 0 || d < 0) return null
    const n = (a << 18) | (b << 12) | (c << 6) | d
    out[o++] = n >> 16
    if (o < out.length) out[o++] = (n >> 8) & 255
    if (o < out.length) out[o++] = n & 255
    // Canonical form: the bits dropped by the padding must be zero.
    if (last && padding === 2 && (b & 15) !== 0) return null
    if (last && padding === 1 && (c & 3) !== 0) return null
  }
  return out
}

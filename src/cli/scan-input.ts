// The page `truedial scan` reads, checked before anything parses it, and the shapes the main
// thread and the scan worker share. No happy-dom here: this runs in the main thread.
import { readFileSync, statSync } from 'node:fs'
import type { ClaimFound } from '../core/claim-scope'
import type { FindingVerdict } from '../core/judge-finding'
import { UsageError } from './io'
import { describeFsError } from './registry-source'

export const MAX_HTML_BYTES = 10 * 1024 * 1024

export interface FileFinding {
  text: string
  /** The digits of the number as read (the digit groups the verdict used). */
  digits: string
  claim: ClaimFound
  verdict: FindingVerdict
}

export interface ScanFileOptions {
  cwd: string
  url: string | null
  region: string | null
  userLocale: string | null
}

export function readHtml(path: string): string {
  let size: number
  try {
    const stat = statSync(path)
    if (!stat.isFile()) throw new UsageError(`${path} is not a file`)
    size = stat.size
  } catch (error) {
    if (error instanceof UsageError) throw error
    throw new UsageError(`cannot read ${path}: ${describeFsError(error)}`)
  }
  if (size > MAX_HTML_BYTES) throw new UsageError(`${path} is ${(size / 1048576).toFixed(1)} MB; scan reads pages up to 10 MB`)
  const bytes = readFileSync(path)
  if (bytes.subarray(0, 8192).includes(0)) throw new UsageError(`${path} is a binary file, not an HTML page`)
  return bytes.toString('utf8')
}

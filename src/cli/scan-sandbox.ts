// `truedial scan` parses the page in a worker thread with its own limits on memory, stack and
// time, so no page can take the command down however it is built. happy-dom is not made for
// hostile input at scale: it walks the tree recursively (a page nested ~3,000 levels deep
// overflows a default stack), finds a node's sibling by searching its parent's children (a page
// of 200,000 sibling elements takes 15 s), and keeps several KB per element (a 10 MB page of
// bare tags needs over 4 GB and crashes Node with a fatal out-of-memory trace). In the worker,
// the stack is large enough for any page that fits in memory, and running out of memory or time
// ends the worker, not the command: one line and exit 2.
//
// The worker runs the same entry file as the command (build/cli/truedial.mjs, or
// src/cli/truedial.mjs in development), which sees `workerData` and runs src/cli/scan-worker.ts.
import { totalmem } from 'node:os'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { RegistryIndex } from '../core/registry-index'
import type { RegistryPayload } from '../core/registry-types'
import { UsageError } from './io'
import { readHtml, type FileFinding, type ScanFileOptions } from './scan-input'

export interface ScanLimits {
  /** V8 old-generation heap of the worker (MB). */
  heapMb: number
  /** Stack of the worker thread (MB): about 3,000 levels of nesting per MB. */
  stackMb: number
  /** Wall clock for parsing and scanning one page (ms). */
  timeoutMs: number
}

/**
 * A realistic 5 MB page (60,000 elements) needs about 0.8 GB and 3.4 s on a 2-core machine; a
 * 10 MB one twice that. The heap is capped at half the machine's memory so that a page which
 * needs more ends the worker before the system starts swapping or killing processes.
 */
export const SCAN_LIMITS: ScanLimits = {
  heapMb: Math.min(3072, Math.floor(totalmem() / 1048576 / 2)),
  stackMb: 64,
  timeoutMs: 120_000,
}

export const SCAN_JOB = 'truedial-scan'

export interface ScanJob {
  kind: typeof SCAN_JOB
  html: string
  /** The page as the user named it, for messages. */
  label: string
  options: { url: string | null; pageUrl: string; region: string | null; userLocale: string | null }
  /** The verified registry payload; the worker builds its own index from it. */
  payload: RegistryPayload
}

export type ScanReply = { ok: true; findings: FileFinding[] } | { ok: false; usage: boolean; message: string }

export function isScanJob(data: unknown): data is ScanJob {
  return typeof data === 'object' && data !== null && (data as { kind?: unknown }).kind === SCAN_JOB
}

/** The entry file beside this module: the bundle itself once built, the tsx entry in development. */
const ENTRY = new URL('./truedial.mjs', import.meta.url)

/** Parses and scans `html` in a worker within `limits`. */
export function scanInWorker(index: RegistryIndex, html: string, label: string, options: ScanJob['options'], limits: ScanLimits = SCAN_LIMITS): Promise<FileFinding[]> {
  const job: ScanJob = { kind: SCAN_JOB, html, label, options, payload: index.payload }
  const worker = new Worker(ENTRY, {
    workerData: job,
    resourceLimits: { maxOldGenerationSizeMb: limits.heapMb, stackSizeMb: limits.stackMb },
    // The page has no business writing to the terminal; nothing the worker prints reaches it.
    stdout: true,
    stderr: true,
  })
  worker.stdout.resume()
  worker.stderr.resume()
  return new Promise<FileFinding[]>((done, fail) => {
    let settled = false
    const settle = (outcome: () => void): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      void worker.terminate()
      outcome()
    }
    const timer = setTimeout(() => settle(() => fail(new UsageError(`${label} took longer than ${(limits.timeoutMs / 1000).toLocaleString('en-US')} s to scan; it was not scanned`))), limits.timeoutMs)
    worker.on('message', (reply: ScanReply) =>
      settle(() => (reply.ok ? done(reply.findings) : fail(reply.usage ? new UsageError(reply.message) : new Error(reply.message)))),
    )
    worker.on('error', (error: Error & { code?: string }) =>
      settle(() =>
        fail(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new UsageError(`${label} needs more than ${limits.heapMb.toLocaleString('en-US')} MB of memory to scan; it was not scanned`)
            : new Error(`the scan worker failed: ${error.message.split('\n')[0]}`),
        ),
      ),
    )
    worker.on('exit', (code) => settle(() => fail(new Error(`the scan worker stopped (exit ${code}) without a result`))))
  })
}

export async function scanFileInWorker(index: RegistryIndex, file: string, options: ScanFileOptions, limits: ScanLimits = SCAN_LIMITS): Promise<FileFinding[]> {
  const path = resolve(options.cwd, file)
  const html = readHtml(path)
  const pageUrl = options.url ?? pathToFileURL(path).href
  return scanInWorker(index, html, file, { url: options.url, pageUrl, region: options.region, userLocale: options.userLocale }, limits)
}

// The worker side of src/cli/scan-sandbox.ts: builds the index from the payload the main thread
// verified, parses and scans the page, and posts the findings (or the one-line error) back.
import { parentPort, workerData } from 'node:worker_threads'
import { buildIndex } from '../core/registry-index'
import { UsageError } from './io'
import type { ScanJob, ScanReply } from './scan-sandbox'
import { scanHtml } from './scan-file'

export async function runScanWorker(job: ScanJob = workerData as ScanJob): Promise<void> {
  let reply: ScanReply
  try {
    reply = { ok: true, findings: await scanHtml(buildIndex(job.payload), job.html, job.label, job.options) }
  } catch (error) {
    reply = { ok: false, usage: error instanceof UsageError, message: error instanceof Error ? error.message : String(error) }
  }
  parentPort!.postMessage(reply)
}

// The `truedial` command: the built file (build/cli/truedial.mjs, see scripts/build-cli.mjs) is
// this module bundled; in development src/cli/truedial.mjs runs it through tsx. The same file is
// the entry of the scan worker (src/cli/scan-sandbox.ts), which it recognises by its workerData.
import { isMainThread, workerData } from 'node:worker_threads'
import { isScanJob } from './scan-sandbox'

if (!isMainThread && isScanJob(workerData)) {
  const { runScanWorker } = await import('./scan-worker')
  await runScanWorker(workerData)
} else {
  const [{ main }, { processIo }] = await Promise.all([import('./main'), import('./process-io')])
  process.exitCode = await main(process.argv.slice(2), processIo())
}

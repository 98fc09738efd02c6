// `truedial check` as people run it: the built command (build/cli/truedial.mjs) started by node,
// wall clock from spawn to exit, against a bare `node -e 0` on the same machine. The two are
// interleaved so a burst of load from other processes hits both alike; medians are compared.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { median } from './background'

export const CLI_TARGET_FACTOR = 6

export interface CliResult {
  runs: number
  /** Wall clock of `node build/cli/truedial.mjs check "1-800-MY-APPLE"`, each run (ms). */
  checkMs: number[]
  /** Wall clock of `node -e 0`, each run (ms). */
  nodeMs: number[]
  checkMedianMs: number
  nodeMedianMs: number
  ratio: number
}

function wall(args: string[]): number {
  const started = performance.now()
  execFileSync(process.execPath, args, { stdio: 'ignore' })
  return performance.now() - started
}

export function benchCli(root: string, runs = 15): CliResult {
  const built = join(root, 'build/cli/truedial.mjs')
  if (!existsSync(built)) throw new Error('build/cli/truedial.mjs is missing: `npm run bench` builds it (node scripts/build-cli.mjs) first')
  const check = [built, 'check', '1-800-MY-APPLE']
  // Warm the file cache for both, then measure.
  wall(['-e', '0'])
  wall(check)
  const checkMs: number[] = []
  const nodeMs: number[] = []
  for (let i = 0; i < runs; i++) {
    nodeMs.push(wall(['-e', '0']))
    checkMs.push(wall(check))
  }
  const checkMedianMs = median(checkMs)
  const nodeMedianMs = median(nodeMs)
  return { runs, checkMs, nodeMs, checkMedianMs, nodeMedianMs, ratio: checkMedianMs / nodeMedianMs }
}

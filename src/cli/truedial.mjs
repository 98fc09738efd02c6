#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx truedial` works straight after `npm ci`.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('./main.ts')
process.exitCode = await main(process.argv.slice(2), {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  cwd: process.cwd(),
  env: process.env,
})

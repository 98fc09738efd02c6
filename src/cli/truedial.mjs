#!/usr/bin/env node
// The development entry: runs the TypeScript CLI through tsx, with no build step (the unit tests
// use it). The installed command is the bundle `npm run build` writes to build/cli/truedial.mjs.
import { register } from 'tsx/esm/api'

register()
await import('./bin.ts')

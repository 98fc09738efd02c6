// The real, committed registry for tests: verified with the pinned key like everywhere else.
import { loadIndex } from '../../src/cli/load-index'
import type { RegistryIndex } from '../../src/core/registry-index'

let cached: Promise<RegistryIndex> | null = null
export function realIndex(): Promise<RegistryIndex> {
  cached ??= loadIndex().then((l) => l.index)
  return cached
}

// The CLI's registry: the signed bundle in registry/, verified against the pinned keys exactly
// as the extension verifies it. An expired registry still answers (with a warning).
import { join } from 'node:path'
import { buildIndex, type RegistryIndex } from '../core/registry-index'
import { loadSignedRegistry, readPinnedKeys, REPO_ROOT } from './registry-source'

export const BUNDLED_REGISTRY = join(REPO_ROOT, 'registry', 'registry.signed.json')

export interface LoadedIndex {
  index: RegistryIndex
  keyid: string
  expired: boolean
}

export async function loadIndex(path: string = BUNDLED_REGISTRY, now = new Date()): Promise<LoadedIndex> {
  const result = await loadSignedRegistry(path, readPinnedKeys(), now)
  if (!result.ok) throw new Error(`registry unavailable: ${result.error}`)
  return { index: buildIndex(result.payload), keyid: result.keyid, expired: result.expired }
}

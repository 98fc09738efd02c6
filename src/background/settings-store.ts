// Settings in storage.local as {version, changes}; migrated once on install/update and
// whenever an older shape is read.
import { applyChanges, migrate, resolveSettings, type Settings, type StoredSettings } from '../core/settings'
import type { KeyValueStore } from './registry-store'

export const SETTINGS_KEY = 'settings'

export class SettingsStore {
  #cache: Promise<StoredSettings> | null = null
  constructor(private readonly storage: KeyValueStore) {}

  #stored(): Promise<StoredSettings> {
    this.#cache ??= this.storage.get(SETTINGS_KEY).then(migrate)
    return this.#cache
  }

  async get(): Promise<Settings> {
    return resolveSettings(await this.#stored())
  }

  async set(changes: Partial<Settings>): Promise<Settings> {
    const next = applyChanges(await this.#stored(), changes)
    await this.storage.set({ [SETTINGS_KEY]: next })
    this.#cache = Promise.resolve(next)
    return resolveSettings(next)
  }

  /** Runs migrations and writes the result (onInstalled). */
  async migrateStored(): Promise<void> {
    this.#cache = null
    await this.storage.set({ [SETTINGS_KEY]: await this.#stored() })
  }

  /** Another context changed storage: read again next time. */
  invalidate(): void {
    this.#cache = null
  }
}

// The optional daily registry check: when the user turns it on (options page) and has update
// addresses, an alarm asks those addresses once a day, through the same verified path as the
// "Check for updates" button (RegistryStore.fetchUpdate: signature, version, schema; an update is
// never installed otherwise). The browser wakes the worker for the alarm; nothing else runs.

import type { Settings } from '../core/settings'

export const UPDATE_ALARM = 'registry-daily-update'
/** Minutes between checks, and before the first one after the user turns it on. */
export const UPDATE_PERIOD_MINUTES = 24 * 60
export const FIRST_CHECK_MINUTES = 1

/** The part of browser.alarms this needs. */
export interface AlarmsLike {
  get(name: string): Promise<{ name: string } | undefined>
  create(name: string, info: { delayInMinutes: number; periodInMinutes: number }): void | Promise<void>
  clear(name: string): Promise<boolean>
}

/** The check is wanted: turned on, and there is an address to ask. */
const wanted = (s: Settings): boolean => s.autoUpdate && s.updateUrls.length > 0

export class DailyUpdate {
  constructor(
    private readonly alarms: AlarmsLike,
    private readonly settings: () => Promise<Settings>,
    private readonly fetchUpdate: (urls: readonly string[]) => Promise<unknown>,
  ) {}

  /** Makes the alarm match the settings: there when the check is on and has an address, gone otherwise. */
  async sync(): Promise<void> {
    if (wanted(await this.settings())) {
      // An alarm that is already there keeps its time: a worker restart must not postpone the check.
      if (!(await this.alarms.get(UPDATE_ALARM))) await this.alarms.create(UPDATE_ALARM, { delayInMinutes: FIRST_CHECK_MINUTES, periodInMinutes: UPDATE_PERIOD_MINUTES })
    } else {
      await this.alarms.clear(UPDATE_ALARM)
    }
  }

  /** The alarm fired: check, if the user still wants it (settings may have changed since). */
  async onAlarm(name: string): Promise<boolean> {
    if (name !== UPDATE_ALARM) return false
    const s = await this.settings()
    if (!wanted(s)) {
      await this.alarms.clear(UPDATE_ALARM)
      return false
    }
    await this.fetchUpdate(s.updateUrls)
    return true
  }
}

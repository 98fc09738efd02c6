// Every shortcut a verdict takes (the memos, the North American prefix table) sits behind one
// switch, so tests can compare each verdict with the one plain libphonenumber readings give:
// test/unit/verdict-fastpath.test.ts. Nothing in the extension or the CLI turns it off.

import { Switch } from './switch'

const shortcuts = new Switch()

/** Whether memos and the NANP table may answer; false only inside withoutFastPaths(). */
export function fastPaths(): boolean {
  return shortcuts.on
}

/** Runs `run` (synchronously) with every memo and shortcut bypassed: the reference readings. */
export function withoutFastPaths<T>(run: () => T): T {
  return shortcuts.without(run)
}

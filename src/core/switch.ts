// A shortcut's off switch, for tests that compare the shortcut with the plain path: on in the
// extension and the CLI, off only inside without(). A plain field, not a getter: the verdict
// path reads it a dozen times per number.

export class Switch {
  /** Read it; only without() changes it. */
  on = true

  /** Runs `run` (synchronously) with the switch off. */
  without<T>(run: () => T): T {
    const was = this.on
    this.on = false
    try {
      return run()
    } finally {
      this.on = was
    }
  }
}

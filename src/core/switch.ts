// A shortcut's off switch, for tests that compare the shortcut with the plain path: on in the
// extension and the CLI, off only inside without().

export class Switch {
  #on = true

  get on(): boolean {
    return this.#on
  }

  /** Runs `run` (synchronously) with the switch off. */
  without<T>(run: () => T): T {
    const was = this.#on
    this.#on = false
    try {
      return run()
    } finally {
      this.#on = was
    }
  }
}

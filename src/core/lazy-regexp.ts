// Regular expressions built on first use. A pattern with Unicode property classes (\p{L}, \p{Nd})
// costs a page parsing and building work (about a millisecond for a few of them, measured in a
// fresh Chromium isolated world) whether or not it is ever run: a regex literal is checked when
// the script is parsed, a `new RegExp` at module level when the script starts. The content script
// runs on every page and its first stage needs none of these, so they are made from strings here
// the first time a scan needs them.

/** A getter for one RegExp, built from `source` and `flags` when first asked for. */
export function lazyRegExp(source: string, flags: string): () => RegExp {
  let re: RegExp | null = null
  return () => (re ??= new RegExp(source, flags))
}

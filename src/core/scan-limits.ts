// How much one page scan may report: the content script's scanner, the background's request
// validation and its verdict caches (fast.ts) are all sized by it. On its own so the background
// reads these numbers without bundling the scanner.

/** Limits that keep a hostile page from costing unbounded work. */
export const SCAN_LIMITS = {
  /** Characters of one text segment that are searched for numbers. */
  maxSegmentChars: 200_000,
  /** Numbers reported per scan, and findings per verdicts request. */
  maxFindings: 1000,
  /** Characters either side of a number that count as its context. */
  contextChars: 200,
} as const

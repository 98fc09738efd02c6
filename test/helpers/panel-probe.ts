// Runs in a page (Chromium through playwright, Firefox through puppeteer): what a person can see
// of a badge's explanation. The panel lives in the badge's closed shadow root, so the page sees
// its badge element (<truedial-badge>) wherever the panel is the topmost thing on screen: the
// probe asks the browser, point by point over the whole viewport, what is on top there.

export interface PanelSight {
  /** Bounding box of the points where the badge (its button or its panel) is on top. */
  left: number
  top: number
  right: number
  bottom: number
  /** Points where it is on top, and points of the box where something else is. */
  hits: number
  misses: number
  viewport: { width: number; height: number }
}

/** Serialisable: passed to page.evaluate as is. `index`: which badge of the number (0 first). */
export function probePanel([e164, index, step]: [string, number, number]): PanelSight {
  const host = [...document.querySelectorAll('truedial-badge')].filter((b) => b.getAttribute('data-e164') === e164)[index]
  const width = document.documentElement.clientWidth
  const height = document.documentElement.clientHeight
  const points: Array<[number, number, boolean]> = []
  let left = Infinity
  let top = Infinity
  let right = -Infinity
  let bottom = -Infinity
  for (let y = step / 2; y < height; y += step) {
    for (let x = step / 2; x < width; x += step) {
      const on = host !== undefined && document.elementFromPoint(x, y) === host
      points.push([x, y, on])
      if (!on) continue
      left = Math.min(left, x)
      top = Math.min(top, y)
      right = Math.max(right, x)
      bottom = Math.max(bottom, y)
    }
  }
  let hits = 0
  let misses = 0
  const button = host?.getBoundingClientRect()
  // The panel's rounded corners leave its box's corners to the page: look inside a margin.
  const inset = 12
  for (const [x, y, on] of points) {
    if (x < left + inset || x > right - inset || y < top + inset || y > bottom - inset) continue
    // The badge's own button and the gap between it and the panel are not the panel.
    if (button && y >= button.top - step && y <= button.bottom + step) continue
    if (on) hits++
    else misses++
  }
  return { left, top, right, bottom, hits, misses, viewport: { width, height } }
}

/**
 * The same for TrueDial's notice over a hostage page (<truedial-notice>): where it is the topmost
 * thing on screen, and the points of that box where something of the page is instead.
 */
export function probeNotice(step: number): PanelSight {
  const host = document.querySelector('truedial-notice')
  const width = document.documentElement.clientWidth
  const height = document.documentElement.clientHeight
  const points: Array<[number, number, boolean]> = []
  let left = Infinity
  let top = Infinity
  let right = -Infinity
  let bottom = -Infinity
  for (let y = step / 2; y < height; y += step) {
    for (let x = step / 2; x < width; x += step) {
      const on = host !== null && document.elementFromPoint(x, y) === host
      points.push([x, y, on])
      if (!on) continue
      left = Math.min(left, x)
      top = Math.min(top, y)
      right = Math.max(right, x)
      bottom = Math.max(bottom, y)
    }
  }
  let hits = 0
  let misses = 0
  const inset = 14
  for (const [x, y, on] of points) {
    if (x < left + inset || x > right - inset || y < top + inset || y > bottom - inset) continue
    if (on) hits++
    else misses++
  }
  return { left, top, right, bottom, hits, misses, viewport: { width, height } }
}

/** What the page measured while scrolling the gallery from top to end. */
export interface ScrollRun {
  durationMs: number;
  /** Every animation frame's time since the previous one. */
  frameMs: number[];
  longTaskMs: number[];
  /** Each layout shift not caused by input, from navigation on: when (ms after the scroll began; negative: before) and what moved. */
  shifts: { at: number; value: number; moved: string[] }[];
  maxCells: number;
  heapBytes: number;
}

/**
 * Runs in the page (a string: the root tsconfig has no DOM types). Each animation frame scrolls
 * `step` px and records the frame's time and the cells in the document, until the window is at
 * the bottom and the grid says all `images` are shown; waiting for a page to load is scrolling
 * time too, as a user holding the scroll would feel it.
 */
export const SCROLL_THROUGH = `async ({ step, images }) => {
  const frameMs = [];
  const longTaskMs = [];
  const shifts = [];
  const origin = performance.now();
  const describe = (node) =>
    node ? node.nodeName.toLowerCase() + (node.className ? "." + String(node.className).split(" ")[0] : "") : "?";
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.hadRecentInput) continue;
      shifts.push({ at: entry.startTime - origin, value: entry.value, moved: entry.sources.map((s) => describe(s.node)) });
    }
  }).observe({ type: "layout-shift", buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTaskMs.push(entry.duration);
  }).observe({ type: "longtask" });
  const grid = document.querySelector('[aria-label="Images, newest first"]');
  const done = images + " images, all shown.";
  let maxCells = 0;
  const started = performance.now();
  await new Promise((resolve, reject) => {
    let last = performance.now();
    let frames = 0;
    const frame = (now) => {
      frameMs.push(now - last);
      last = now;
      frames += 1;
      maxCells = Math.max(maxCells, grid.querySelectorAll("li").length);
      const atBottom = scrollY + innerHeight >= document.documentElement.scrollHeight - 2;
      if (atBottom && frames % 10 === 0 && document.body.textContent.includes(done)) return resolve();
      if (now - started > 600000) return reject(new Error("not at the end after 10 minutes"));
      scrollBy(0, step);
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  const heap = performance.memory ? performance.memory.usedJSHeapSize : 0;
  return { durationMs: performance.now() - started, frameMs, longTaskMs, shifts, maxCells, heapBytes: heap };
}`;

/** The expression page.evaluate runs: SCROLL_THROUGH called with its arguments. */
export function scrollThrough(args: { step: number; images: number }): string {
  return `(${SCROLL_THROUGH})(${JSON.stringify(args)})`;
}

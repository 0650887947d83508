import { createRequire } from "node:module";
import type { Page } from "@playwright/test";
import type { AxeResults, Result } from "axe-core";

const AXE_SOURCE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/** The page's serious and critical accessibility violations, as axe-core finds them in the browser. */
export async function seriousViolations(page: Page): Promise<Result[]> {
  await page.addScriptTag({ path: AXE_SOURCE });
  // A string: the page's `axe` global, and the root tsconfig has no DOM types.
  const results = await page.evaluate<AxeResults>("axe.run(document, { resultTypes: ['violations'] })");
  return results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

/** One line per violation and element, readable in a failed assertion. */
export function describeViolations(violations: Result[]): string[] {
  return violations.flatMap((v) =>
    v.nodes.map((node) => `${v.id} (${v.impact}): ${node.target.join(" ")} — ${v.help}`),
  );
}

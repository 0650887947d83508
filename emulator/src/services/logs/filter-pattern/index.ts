import type { FilterPattern, SelectorStep } from "./ast.ts";
import { matchDelimited, parseDelimitedPattern } from "./delimited-pattern.ts";
import { FilterPatternError } from "./errors.ts";
import { matchJson, parseJsonPattern } from "./json-pattern.ts";
import { LogMessage } from "./log-message.ts";
import { parseSelector, selectNodes } from "./selector.ts";
import { matchTerms, parseTerms } from "./terms-pattern.ts";
import { compileRegex } from "./tokens.ts";

export type { FilterPattern } from "./ast.ts";
export { FilterPatternError } from "./errors.ts";
export { LogMessage } from "./log-message.ts";

/** What a matching event offers metric values and dimensions: its JSON, or its named words. */
export interface PatternMatch {
  json?: unknown;
  fields?: ReadonlyMap<string, string>;
  words?: readonly string[];
}

/** `$.a.b[0]` for JSON patterns; `$name` or `$3` (1-based position) for space-delimited ones. */
export type FieldReference = { type: "json"; selector: SelectorStep[] } | { type: "field"; name: string };

/** Parses a filter pattern; throws FilterPatternError for one AWS would refuse. */
export function parseFilterPattern(source: string | undefined): FilterPattern {
  const text = (source ?? "").trim();
  if (text === "") return { type: "all" };
  if (text.startsWith("{")) return { type: "json", condition: parseJsonPattern(text) };
  if (text.startsWith("[")) return { type: "delimited", fields: parseDelimitedPattern(text) };
  if (text.startsWith("%")) {
    if (text.length < 2 || !text.endsWith("%"))
      throw new FilterPatternError("unterminated regular expression");
    return { type: "regex", regex: compileRegex(text.slice(1, -1)) };
  }
  return { type: "terms", ...parseTerms(text) };
}

/** Whether the event matches, and if so what its fields are. */
export function matchPattern(pattern: FilterPattern, message: LogMessage | string): PatternMatch | null {
  const event = typeof message === "string" ? new LogMessage(message) : message;
  switch (pattern.type) {
    case "all":
      return {};
    case "terms":
      return matchTerms(pattern, event.text) ? {} : null;
    case "regex":
      return pattern.regex.test(event.text) ? {} : null;
    case "json": {
      const json = event.json();
      return json && matchJson(pattern.condition, json.value) ? { json: json.value } : null;
    }
    case "delimited": {
      const words = event.words();
      const fields = matchDelimited(pattern.fields, words);
      return fields ? { fields, words } : null;
    }
  }
}

/** Parses `$.path` or `$name`; null when the text is not a field reference at all. */
export function parseFieldReference(text: string): FieldReference | null {
  if (text.startsWith("$.") || text.startsWith("$[")) {
    try {
      return { type: "json", selector: parseSelector(text) };
    } catch {
      return null;
    }
  }
  const name = /^\$([A-Za-z0-9_-]+)$/.exec(text)?.[1];
  return name === undefined ? null : { type: "field", name };
}

/** The value a reference names in a match: a JSON scalar, a word, or undefined. */
export function resolveField(match: PatternMatch, ref: FieldReference): unknown {
  if (ref.type === "json")
    return match.json === undefined ? undefined : selectNodes(match.json, ref.selector)[0];
  const named = match.fields?.get(ref.name);
  if (named !== undefined) return named;
  return /^\d+$/.test(ref.name) ? match.words?.[Number(ref.name) - 1] : undefined;
}

/** Whether a pattern is JSON, space-delimited, or anything else (which has no fields). */
export function patternFields(pattern: FilterPattern): "json" | "delimited" | "none" {
  return pattern.type === "json" || pattern.type === "delimited" ? pattern.type : "none";
}

/**
 * The parsed form of a CloudWatch Logs filter pattern (metric filters, FilterLogEvents,
 * subscription filters). One of: everything, terms, a regular expression, a JSON
 * condition, or a space-delimited field list.
 */

export type Comparator = "=" | "!=" | "<" | "<=" | ">" | ">=";

/** The right-hand side of a comparison. */
export type Literal =
  | { type: "number"; value: number }
  /** Text; a leading and/or trailing `*` is a wildcard, any other `*` is literal. */
  | { type: "string"; value: string }
  /** `%regex%`, matched anywhere in the value. */
  | { type: "regex"; regex: RegExp };

/** One step of a JSON property selector: `.name`, `[3]`, or `.*` / `[*]`. */
export type SelectorStep = { key: string } | { index: number } | { wildcard: true };

export type JsonCondition =
  | { type: "and" | "or"; left: JsonCondition; right: JsonCondition }
  | { type: "compare"; selector: SelectorStep[]; op: Comparator; value: Literal }
  /** `IS NULL`, `IS TRUE`, `IS FALSE`. */
  | { type: "is"; selector: SelectorStep[]; value: null | boolean }
  /** `EXISTS`, or `NOT EXISTS` when `exists` is false. */
  | { type: "exists"; selector: SelectorStep[]; exists: boolean };

export type FieldCondition =
  | { type: "and" | "or"; left: FieldCondition; right: FieldCondition }
  | { type: "compare"; field: string; op: Comparator; value: Literal };

/**
 * A slot of a space-delimited pattern: a field matching one word (named, maybe with
 * conditions, or left empty as in `[a,,b]`), or `...` for any number of words.
 */
export type DelimitedField =
  | { type: "ellipsis" }
  | { type: "field"; name: string | null; condition: FieldCondition | null };

export type FilterPattern =
  | { type: "all" }
  /** Every `all` term, none of the `none` terms and, when there are any, one of the `any` terms. */
  | { type: "terms"; all: string[]; any: string[]; none: string[] }
  | { type: "regex"; regex: RegExp }
  | { type: "json"; condition: JsonCondition }
  | { type: "delimited"; fields: DelimitedField[] };

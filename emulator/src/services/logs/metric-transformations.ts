import { invalidParameter } from "./errors.ts";
import {
  type FieldReference,
  type FilterPattern,
  FilterPatternError,
  parseFieldReference,
  parseFilterPattern,
  patternFields,
} from "./filter-pattern/index.ts";
import type { MetricTransformationRecord } from "./model.ts";

/** Dimensions per metric transformation, as AWS limits them. */
export const MAX_DIMENSIONS = 3;

export interface CompiledTransformation {
  namespace: string;
  metricName: string;
  unit: string;
  value: { type: "constant"; value: number } | { type: "field"; ref: FieldReference };
  defaultValue?: number;
  dimensions: Array<[name: string, ref: FieldReference]>;
}

export interface CompiledMetricFilter {
  pattern: FilterPattern;
  transformations: CompiledTransformation[];
}

/** Parses a filter pattern, answering a malformed one as AWS does. */
export function parsePatternParameter(source: string | undefined): FilterPattern {
  try {
    return parseFilterPattern(source);
  } catch (err) {
    if (err instanceof FilterPatternError) throw invalidParameter(err.message);
    throw err;
  }
}

/**
 * Checks a metric filter as PutMetricFilter does and prepares it for ingestion: the
 * metric value is a number or a field of the pattern, dimensions are fields of a JSON
 * or space-delimited pattern, and a transformation has dimensions or a default value.
 */
export function compileMetricFilter(
  filterPattern: string,
  transformations: readonly MetricTransformationRecord[],
): CompiledMetricFilter {
  const pattern = parsePatternParameter(filterPattern);
  return { pattern, transformations: transformations.map((t) => compileTransformation(pattern, t)) };
}

function compileTransformation(
  pattern: FilterPattern,
  t: MetricTransformationRecord,
): CompiledTransformation {
  const dimensions = Object.entries(t.dimensions ?? {});
  if (dimensions.length > 0 && t.defaultValue !== undefined) {
    throw invalidParameter(
      "Invalid metric transformation: dimensions and default value are mutually exclusive properties",
    );
  }
  if (dimensions.length > MAX_DIMENSIONS) {
    throw invalidParameter(`A metric transformation can have at most ${MAX_DIMENSIONS} dimensions.`);
  }
  if (dimensions.length > 0 && patternFields(pattern) === "none") {
    throw invalidParameter("The specified filter pattern does not support dimensions");
  }
  const compiled: CompiledTransformation = {
    namespace: t.metricNamespace,
    metricName: t.metricName,
    unit: t.unit ?? "None",
    value: compileValue(pattern, t.metricValue),
    dimensions: dimensions.map(([name, value]) => {
      const ref = fieldOf(pattern, value);
      if (!ref) throw invalidParameter(`Invalid dimension value '${value}' for dimension '${name}'`);
      return [name, ref];
    }),
  };
  if (t.defaultValue !== undefined) compiled.defaultValue = t.defaultValue;
  return compiled;
}

function compileValue(pattern: FilterPattern, text: string): CompiledTransformation["value"] {
  const trimmed = text.trim();
  if (/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(trimmed)) {
    return { type: "constant", value: Number(trimmed) };
  }
  const ref = fieldOf(pattern, trimmed);
  if (!ref) {
    throw invalidParameter(
      `Invalid metric value '${text}': use a number, or a field of the filter pattern ($.name for JSON, $name for space-delimited)`,
    );
  }
  return { type: "field", ref };
}

/** A reference to a field the pattern actually has: `$.x` for JSON, a field name or position otherwise. */
function fieldOf(pattern: FilterPattern, text: string): FieldReference | null {
  const ref = parseFieldReference(text);
  if (!ref) return null;
  if (pattern.type === "json") return ref.type === "json" ? ref : null;
  if (pattern.type !== "delimited" || ref.type !== "field") return null;
  if (/^\d+$/.test(ref.name)) return Number(ref.name) >= 1 ? ref : null;
  return pattern.fields.some((f) => f.type === "field" && f.name === ref.name) ? ref : null;
}

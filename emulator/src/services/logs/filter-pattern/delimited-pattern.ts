import type { DelimitedField, FieldCondition } from "./ast.ts";
import { satisfies } from "./compare.ts";
import { FilterPatternError } from "./errors.ts";
import { readLiteral } from "./literals.ts";
import { TokenStream, tokenize } from "./tokens.ts";

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * `[ip, user, ..., status=5* || status=4*, bytes>1000]`: named fields matched position by
 * position against the event's space-delimited words, `...` standing for any number of words.
 * A field's conditions may also test other named fields; `&&` binds tighter than `||`.
 */
export function parseDelimitedPattern(source: string): DelimitedField[] {
  const stream = new TokenStream(tokenize(source, "delimited"));
  stream.expect("[");
  if (stream.accept("]")) throw new FilterPatternError("no fields");
  const fields: DelimitedField[] = [];
  for (;;) {
    const token = stream.peek();
    // An empty slot (`[a,,b]`, or a trailing comma as in AWS's own examples) is an unnamed word.
    if (token?.kind === "punct" && (token.text === "," || token.text === "]")) {
      fields.push({ type: "field", name: null, condition: null });
    } else if (token?.kind === "word" && token.text === "...") {
      stream.next();
      fields.push({ type: "ellipsis" });
    } else if (token?.kind === "word" && FIELD_NAME.test(token.text)) {
      stream.next();
      const hasCondition = stream.peek()?.kind === "op";
      fields.push({
        type: "field",
        name: token.text,
        condition: hasCondition ? parseOr(stream, token.text) : null,
      });
    } else {
      throw new FilterPatternError(`expected a field name or '...' at ${token ? token.at : "end"}`);
    }
    if (stream.accept(",")) continue;
    stream.expect("]");
    break;
  }
  if (!stream.atEnd()) throw new FilterPatternError("text after the closing ']'");
  checkReferences(fields);
  return fields;
}

function parseOr(stream: TokenStream, field: string): FieldCondition {
  let left = parseAnd(stream, field);
  while (stream.accept("||")) left = { type: "or", left, right: parseAnd(stream, field) };
  return left;
}

function parseAnd(stream: TokenStream, field: string): FieldCondition {
  let left = parseComparison(stream, field);
  while (stream.accept("&&")) left = { type: "and", left, right: parseComparison(stream, field) };
  return left;
}

/** `op value`, or `name op value` to test another (or the same) field by name. */
function parseComparison(stream: TokenStream, field: string): FieldCondition {
  let name = field;
  const first = stream.peek();
  if (first?.kind === "word" && FIELD_NAME.test(first.text)) {
    name = first.text;
    stream.next();
  }
  const op = stream.next();
  if (op.kind !== "op") throw new FilterPatternError(`expected a comparison at ${op.at}`);
  return { type: "compare", field: name, op: op.text, value: readLiteral(stream, op.text) };
}

/** Every name a condition tests must be a field of the pattern. */
function checkReferences(fields: DelimitedField[]): void {
  const names = new Set(fields.flatMap((f) => (f.type === "field" && f.name !== null ? [f.name] : [])));
  const visit = (c: FieldCondition): void => {
    if (c.type === "compare") {
      if (!names.has(c.field)) throw new FilterPatternError(`condition on unknown field '${c.field}'`);
    } else {
      visit(c.left);
      visit(c.right);
    }
  };
  for (const f of fields) if (f.type === "field" && f.condition) visit(f.condition);
}

/**
 * Splits an event into words at spaces; text between double quotes or square brackets is
 * one word, without its quotes or brackets.
 */
export function splitDelimited(message: string): string[] {
  const words: string[] = [];
  let i = 0;
  while (i < message.length) {
    const c = message[i]!;
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
      continue;
    }
    const close = c === '"' ? '"' : c === "[" ? "]" : null;
    if (close) {
      const end = message.indexOf(close, i + 1);
      words.push(message.slice(i + 1, end < 0 ? message.length : end));
      i = end < 0 ? message.length : end + 1;
    } else {
      let end = i;
      while (end < message.length && !" \t\n\r".includes(message[end]!)) end++;
      words.push(message.slice(i, end));
      i = end;
    }
  }
  return words;
}

/**
 * Matches the words against the fields; returns the named fields' values, or null. With
 * ellipses every way of spreading the words is tried until one satisfies all conditions.
 */
export function matchDelimited(
  fields: readonly DelimitedField[],
  words: readonly string[],
): Map<string, string> | null {
  const values = new Map<string, string>();
  const conditions = fields.flatMap((f) => (f.type === "field" && f.condition ? [f.condition] : []));
  const assign = (fi: number, wi: number): boolean => {
    if (fi === fields.length) return wi === words.length && conditions.every((c) => evaluate(c, values));
    const field = fields[fi]!;
    if (field.type === "ellipsis") {
      for (let next = wi; next <= words.length; next++) if (assign(fi + 1, next)) return true;
      return false;
    }
    if (wi >= words.length) return false;
    if (field.name !== null) values.set(field.name, words[wi]!);
    return assign(fi + 1, wi + 1);
  };
  return assign(0, 0) ? values : null;
}

function evaluate(condition: FieldCondition, values: ReadonlyMap<string, string>): boolean {
  switch (condition.type) {
    case "and":
      return evaluate(condition.left, values) && evaluate(condition.right, values);
    case "or":
      return evaluate(condition.left, values) || evaluate(condition.right, values);
    case "compare":
      return satisfies(values.get(condition.field), condition.op, condition.value);
  }
}

import type { JsonCondition } from "./ast.ts";
import { satisfies } from "./compare.ts";
import { FilterPatternError } from "./errors.ts";
import { readLiteral } from "./literals.ts";
import { parseSelector, selectNodes } from "./selector.ts";
import { type Token, TokenStream, tokenize } from "./tokens.ts";

/**
 * `{ SELECTOR op VALUE }` conditions joined by `&&` and `||` (`&&` binds tighter) and
 * grouped with parentheses; also `IS NULL`, `IS TRUE`, `IS FALSE`, `EXISTS`, `NOT EXISTS`.
 */
export function parseJsonPattern(source: string): JsonCondition {
  const stream = new TokenStream(tokenize(source, "json"));
  stream.expect("{");
  const condition = parseOr(stream);
  stream.expect("}");
  if (!stream.atEnd()) throw new FilterPatternError("text after the closing '}'");
  return condition;
}

function parseOr(stream: TokenStream): JsonCondition {
  let left = parseAnd(stream);
  while (stream.accept("||")) left = { type: "or", left, right: parseAnd(stream) };
  return left;
}

function parseAnd(stream: TokenStream): JsonCondition {
  let left = parsePrimary(stream);
  while (stream.accept("&&")) left = { type: "and", left, right: parsePrimary(stream) };
  return left;
}

function parsePrimary(stream: TokenStream): JsonCondition {
  if (stream.accept("(")) {
    const inner = parseOr(stream);
    stream.expect(")");
    return inner;
  }
  const token = stream.next();
  if (token.kind !== "word" || !token.text.startsWith("$")) {
    throw new FilterPatternError(`expected a selector at ${token.at}`);
  }
  const selector = parseSelector(token.text);
  const next = stream.next();
  if (next.kind === "op")
    return { type: "compare", selector, op: next.text, value: readLiteral(stream, next.text) };
  const keyword = next.kind === "word" ? next.text.toUpperCase() : "";
  if (keyword === "EXISTS") return { type: "exists", selector, exists: true };
  if (keyword === "NOT" && wordIs(stream.next(), "EXISTS"))
    return { type: "exists", selector, exists: false };
  if (keyword === "IS") {
    const what = stream.next();
    if (wordIs(what, "NULL")) return { type: "is", selector, value: null };
    if (wordIs(what, "TRUE")) return { type: "is", selector, value: true };
    if (wordIs(what, "FALSE")) return { type: "is", selector, value: false };
  }
  throw new FilterPatternError(`expected a comparison after ${token.text}`);
}

function wordIs(token: Token, keyword: string): boolean {
  return token.kind === "word" && token.text.toUpperCase() === keyword;
}

/** Evaluates a condition against a parsed JSON event; a wildcard selector matches if any node does. */
export function matchJson(condition: JsonCondition, root: unknown): boolean {
  switch (condition.type) {
    case "and":
      return matchJson(condition.left, root) && matchJson(condition.right, root);
    case "or":
      return matchJson(condition.left, root) || matchJson(condition.right, root);
    case "exists":
      return selectNodes(root, condition.selector).length > 0 === condition.exists;
    case "is":
      return selectNodes(root, condition.selector).some((node) => node === condition.value);
    case "compare":
      return selectNodes(root, condition.selector).some((node) =>
        satisfies(node, condition.op, condition.value),
      );
  }
}

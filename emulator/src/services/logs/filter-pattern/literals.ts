import type { Comparator, Literal } from "./ast.ts";
import { FilterPatternError } from "./errors.ts";
import type { Token, TokenStream } from "./tokens.ts";

/** An integer or decimal with an optional sign and exponent, as AWS's numeric conditions take them. */
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

export function isNumeric(text: string): boolean {
  return NUMBER.test(text);
}

/** Reads the value after a comparator: a number, a quoted or bare string, or `%regex%`. */
export function readLiteral(stream: TokenStream, op: Comparator): Literal {
  const token = stream.next();
  const literal = literalOf(token);
  if (literal.type === "regex") stream.countRegex();
  if (op !== "=" && op !== "!=" && literal.type !== "number") {
    throw new FilterPatternError(`'${op}' needs a number at ${token.at}`);
  }
  return literal;
}

function literalOf(token: Token): Literal {
  switch (token.kind) {
    case "string":
      return { type: "string", value: token.text };
    case "regex":
      return { type: "regex", regex: token.regex };
    case "word":
      return isNumeric(token.text)
        ? { type: "number", value: Number(token.text) }
        : { type: "string", value: token.text };
    default:
      throw new FilterPatternError(`expected a value at ${token.at}`);
  }
}

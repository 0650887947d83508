import { FUNCTIONS } from "./functions.ts";
import { binary, unary } from "./operators.ts";
import { calledFunctions, MathError, type MathNode } from "./parse.ts";
import { arrayValue, describe, type MathContext, type MathValue, scalar } from "./values.ts";

/** The functions CloudWatch has that the emulator does not evaluate. */
const UNSUPPORTED = new Set([
  "SEARCH",
  "ANOMALY_DETECTION_BAND",
  "INSIGHT_RULE_METRIC",
  "SERVICE_QUOTA",
  "LAMBDA",
  "CONCAT",
]);

/** Throws MathError naming the first function the expression calls that cannot be evaluated. */
export function checkFunctions(node: MathNode): void {
  for (const name of calledFunctions(node)) {
    if (UNSUPPORTED.has(name)) throw new MathError(`${name} is not supported by the Darkroom emulator`);
    if (!Object.hasOwn(FUNCTIONS, name)) throw new MathError(`Unknown function ${name}`);
  }
}

export function evaluate(node: MathNode, ctx: MathContext): MathValue {
  switch (node.type) {
    case "number":
      return scalar(node.value);
    case "string":
      return { kind: "string", value: node.value };
    case "keyword":
      return { kind: "keyword", name: node.name };
    case "id":
      return ctx.resolve(node.name);
    case "unary":
      return unary(node.op, evaluate(node.arg, ctx), ctx);
    case "binary":
      return binary(node.op, evaluate(node.left, ctx), evaluate(node.right, ctx), ctx);
    case "array": {
      const items = [];
      for (const item of node.items) {
        const v = evaluate(item, ctx);
        if (v.kind === "series") items.push(v.series);
        else if (v.kind === "array") items.push(...v.items);
        else throw new MathError(`An array holds time series, not ${describe(v)}`);
      }
      return arrayValue(items);
    }
    case "call": {
      const fn = FUNCTIONS[node.name];
      if (!fn) throw new MathError(`Unknown function ${node.name}`);
      return fn(
        node.args.map((a) => evaluate(a, ctx)),
        ctx,
      );
    }
  }
}

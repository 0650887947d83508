import { javaDouble } from "./format.ts";

/**
 * CloudWatch's JSON (reason data, history data, notifications) writes doubles the Java
 * way ("threshold":3.0); JSON.stringify would write 3. A value wrapped in JavaDouble is
 * written like that; everything else as JSON.stringify writes it, keys in insertion order.
 */
export class JavaDouble {
  readonly value: number;

  constructor(value: number) {
    this.value = value;
  }
}

export function double(value: number): JavaDouble {
  return new JavaDouble(value);
}

/** JSON text written as it is: reason data that is itself JSON nests as an object. */
export class RawJson {
  readonly text: string;

  constructor(text: string) {
    this.text = text;
  }
}

export type JavaJson =
  | string
  | number
  | boolean
  | null
  | JavaDouble
  | RawJson
  | JavaJson[]
  | { [key: string]: JavaJson | undefined };

export function javaJson(value: JavaJson): string {
  if (value instanceof JavaDouble) {
    // JSON has no NaN or Infinity: Java's serializer writes them as strings.
    return Number.isFinite(value.value) ? javaDouble(value.value) : JSON.stringify(javaDouble(value.value));
  }
  if (value instanceof RawJson) return value.text;
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(javaJson).join(",")}]`;
  const parts: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    if (item !== undefined) parts.push(`${JSON.stringify(key)}:${javaJson(item)}`);
  }
  return `{${parts.join(",")}}`;
}

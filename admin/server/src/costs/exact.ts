/**
 * Exact non-floating arithmetic for cost figures: a fraction of two bigints, always reduced, with a
 * positive denominator. Prices such as $0.0000133334 per GB-second and quantities such as
 * bytes ÷ 2^30 are both exact fractions, so every product and sum is exact; rounding happens only
 * when a figure is shown (see money.ts).
 */
export interface Exact {
  readonly num: bigint;
  readonly den: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export function fraction(num: bigint, den: bigint): Exact {
  if (den === 0n) throw new RangeError("division by zero");
  const sign = den < 0n ? -1n : 1n;
  const divisor = gcd(num, den) || 1n;
  return { num: (sign * num) / divisor, den: (sign * den) / divisor };
}

export const ZERO: Exact = fraction(0n, 1n);

/** A whole number (a JavaScript integer); fractions must come from decimal strings or division. */
export function whole(value: number | bigint): Exact {
  if (typeof value === "number" && !Number.isSafeInteger(value)) {
    throw new RangeError(`${value} is not a safe integer`);
  }
  return fraction(BigInt(value), 1n);
}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** Parses "0.0000133334" exactly (no binary floating point on the way). */
export function decimal(text: string): Exact {
  const match = DECIMAL.exec(text);
  if (!match) throw new SyntaxError(`"${text}" is not a plain non-negative decimal`);
  const fractionDigits = match[2] ?? "";
  return fraction(BigInt(match[1] + fractionDigits), 10n ** BigInt(fractionDigits.length));
}

/** Any finite number, read through its shortest round-trip decimal form (what the JSON or the SDK gave). */
export function fromNumber(value: number): Exact {
  if (!Number.isFinite(value)) throw new RangeError(`${value} is not finite`);
  const [mantissa = "0", exponentText] = String(Math.abs(value)).split("e");
  const exponent = Number(exponentText ?? 0);
  const parsed = decimal(mantissa);
  const scaled =
    exponent >= 0
      ? fraction(parsed.num * 10n ** BigInt(exponent), parsed.den)
      : fraction(parsed.num, parsed.den * 10n ** BigInt(-exponent));
  return value < 0 ? fraction(-scaled.num, scaled.den) : scaled;
}

export function add(a: Exact, b: Exact): Exact {
  return fraction(a.num * b.den + b.num * a.den, a.den * b.den);
}

export function sub(a: Exact, b: Exact): Exact {
  return fraction(a.num * b.den - b.num * a.den, a.den * b.den);
}

export function mul(a: Exact, b: Exact): Exact {
  return fraction(a.num * b.num, a.den * b.den);
}

export function div(a: Exact, b: Exact): Exact {
  return fraction(a.num * b.den, a.den * b.num);
}

export function sum(values: readonly Exact[]): Exact {
  return values.reduce(add, ZERO);
}

export function compare(a: Exact, b: Exact): -1 | 0 | 1 {
  const left = a.num * b.den;
  const right = b.num * a.den;
  return left < right ? -1 : left > right ? 1 : 0;
}

export function max(a: Exact, b: Exact): Exact {
  return compare(a, b) >= 0 ? a : b;
}

export function min(a: Exact, b: Exact): Exact {
  return compare(a, b) <= 0 ? a : b;
}

/** Rounds to a multiple of 10^-places, half away from zero (half-up for the non-negative costs here). */
export function roundToScaled(value: Exact, places: number): bigint {
  const scaled = value.num * 10n ** BigInt(places);
  const negative = scaled < 0n;
  const magnitude = negative ? -scaled : scaled;
  const quotient = magnitude / value.den;
  const remainder = magnitude % value.den;
  const rounded = remainder * 2n >= value.den ? quotient + 1n : quotient;
  return negative ? -rounded : rounded;
}

/** A decimal string rounded half away from zero, with exactly `places` fraction digits. */
export function toFixed(value: Exact, places: number): string {
  const scaled = roundToScaled(value, places);
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(places + 1, "0");
  const integer = digits.slice(0, digits.length - places);
  const fractional = places > 0 ? `.${digits.slice(digits.length - places)}` : "";
  return `${negative ? "-" : ""}${integer}${fractional}`;
}

/** True when the value has a finite decimal expansion of at most `places` digits. */
export function isExactAt(value: Exact, places: number): boolean {
  return (value.num * 10n ** BigInt(places)) % value.den === 0n;
}

/** A readable decimal: exact when it terminates within `places` digits, else rounded; grouped thousands. */
export function toReadable(value: Exact, places = 6): string {
  const fixed = toFixed(value, places);
  const [integer = "0", fractional = ""] = fixed.split(".");
  const trimmed = fractional.replace(/0+$/, "");
  const grouped = integer.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const approx = isExactAt(value, places) ? "" : "≈";
  return `${approx}${grouped}${trimmed ? `.${trimmed}` : ""}`;
}

export function toNumber(value: Exact): number {
  return Number(value.num) / Number(value.den);
}

import { invalidParameter, parameterValueInvalid } from "./errors.ts";
import type { MessageAttribute } from "./model.ts";

/** Message attribute rules, checked in the order AWS checks them, with its wording. */

const NAME_CHAR = /[A-Za-z0-9_.-]/;
const CUSTOM_TYPE = /^(String|Number|Binary)\..+$/;
/** The largest message, attributes included (name, type and value all count). */
export const MAX_MESSAGE_BYTES = 262_144;

export function validateMessageAttributes(attributes: Record<string, MessageAttribute>): void {
  for (const [name, attr] of Object.entries(attributes)) {
    checkName(name);
    const type = attr.DataType;
    if (!["String", "Number", "Binary"].includes(type) && !CUSTOM_TYPE.test(type)) {
      throw parameterValueInvalid(
        `The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`,
      );
    }
    const empty = () =>
      parameterValueInvalid(
        `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${type}'.`,
      );
    if (attr.StringValue === undefined && attr.BinaryValue === undefined) throw empty();
    const field = type.startsWith("Binary") ? "Binary" : "String";
    const value = field === "Binary" ? attr.BinaryValue : attr.StringValue;
    if (value === undefined) {
      throw parameterValueInvalid(
        `The message attribute '${name}' with type '${type}' must use field '${field}'.`,
      );
    }
    if (value === "") throw empty();
    if (type.startsWith("Number") && !Number.isFinite(Number(value))) {
      throw parameterValueInvalid(`Could not cast message attribute '${name}' value to number.`);
    }
    if (type === "String.Array" && !isScalarArray(value)) {
      throw parameterValueInvalid(
        `The message attribute '${name}' with type 'String.Array' must be a JSON array of strings, numbers, true, false or null.`,
      );
    }
  }
}

function checkName(name: string): void {
  if (Buffer.byteLength(name) > 256) {
    throw parameterValueInvalid("Length of message attribute name must be less than 256 bytes.");
  }
  for (const c of name) {
    if (!NAME_CHAR.test(c)) {
      const hex = c.codePointAt(0)!.toString(16).toUpperCase();
      throw parameterValueInvalid(
        `Invalid non-alphanumeric character '#x${hex}' was found in the message attribute name. Can only include alphanumeric characters, hyphens, underscores, or dots.`,
      );
    }
  }
  if (name.startsWith(".")) {
    throw parameterValueInvalid("Invalid message attribute name starting with character '.' was found.");
  }
  if (name.endsWith(".")) {
    throw parameterValueInvalid("Invalid message attribute name ending with character '.' was found.");
  }
  if (name.includes(".."))
    throw parameterValueInvalid("Message attribute name can not have successive '.' character.");
}

function isScalarArray(text: string): boolean {
  try {
    const v = JSON.parse(text) as unknown;
    return (
      Array.isArray(v) && v.every((e) => e === null || ["string", "number", "boolean"].includes(typeof e))
    );
  } catch {
    return false;
  }
}

/** Bytes a message counts against the limit: its text plus every attribute's name, type and value. */
export function messageBytes(message: string, attributes: Record<string, MessageAttribute>): number {
  let n = Buffer.byteLength(message);
  for (const [name, a] of Object.entries(attributes)) {
    n += Buffer.byteLength(name) + Buffer.byteLength(a.DataType);
    if (a.StringValue !== undefined) n += Buffer.byteLength(a.StringValue);
    if (a.BinaryValue !== undefined) n += Buffer.from(a.BinaryValue, "base64").length;
  }
  return n;
}

export function checkMessageSize(message: string, attributes: Record<string, MessageAttribute>): void {
  if (messageBytes(message, attributes) > MAX_MESSAGE_BYTES)
    throw invalidParameter("Invalid parameter: Message too long");
}

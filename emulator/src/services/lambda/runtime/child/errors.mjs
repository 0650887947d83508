// Errors as AWS's Node.js runtime interface client reports them: the payload the
// caller receives, and the form they take in the log.

import util from "node:util";

export class ImportModuleError extends Error {}
export class HandlerNotFound extends Error {}
export class MalformedHandlerName extends Error {}
export class UserCodeSyntaxError extends Error {}
export class NodeJsExit extends Error {
  constructor() {
    super(
      "The Lambda runtime client detected an unexpected Node.js exit code. This is most commonly caused by a Promise that was never settled. For more information, see https://nodejs.org/docs/latest/api/process.html#exit-codes",
    );
  }
}
export class UnhandledPromiseRejection extends Error {
  constructor(reason, promise) {
    super(reason);
    this.reason = reason;
    this.promise = promise;
  }
}
for (const type of [
  ImportModuleError,
  HandlerNotFound,
  MalformedHandlerName,
  UserCodeSyntaxError,
  NodeJsExit,
  UnhandledPromiseRejection,
]) {
  type.prototype.name = `Runtime.${type.name}`;
}

function looksLikeError(value) {
  return (
    value &&
    typeof value.name === "string" &&
    typeof value.message === "string" &&
    typeof value.stack === "string" &&
    value.name &&
    value.message &&
    value.stack
  );
}

/** The payload the caller receives for an error: errorType, errorMessage, trace. */
export function toErrorResponse(error) {
  try {
    if (util.types.isNativeError(error) || looksLikeError(error)) {
      return {
        errorType: error.name?.replaceAll("\x7F", "%7F"),
        errorMessage: error.message?.replaceAll("\x7F", "%7F"),
        trace: error.stack.replaceAll("\x7F", "%7F").split("\n"),
      };
    }
    return { errorType: typeof error, errorMessage: error.toString(), trace: [] };
  } catch {
    return {
      errorType: "handled",
      errorMessage:
        "callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack",
    };
  }
}

function withEnumerableProperties(value) {
  if (!(value instanceof Error)) return value;
  const out = Object.assign({ errorType: value.name, errorMessage: value.message, code: value.code }, value);
  if (typeof value.stack === "string") out.stack = value.stack.split("\n");
  return out;
}

/** How an error appears in the log: a tab, then JSON with the error's own properties. */
export function toFormatted(error) {
  try {
    return `\t${JSON.stringify(error, (_key, value) => withEnumerableProperties(value))}`;
  } catch {
    return `\t${JSON.stringify(toErrorResponse(error))}`;
  }
}

export function intoError(value) {
  return value instanceof Error ? value : new Error(value);
}

/** e.g. "Invoke Error \t{...}" at ERROR level. */
export function logError(message, error) {
  console.error(message, toFormatted(intoError(error)));
}

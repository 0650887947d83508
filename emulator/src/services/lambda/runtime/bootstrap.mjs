// The Lambda runtime inside one execution environment: a child process of the
// emulator, talking to it over IPC (messages.ts). Plain JavaScript, because it runs on
// whichever Node the function's runtime names, without the emulator's TypeScript loader.
// It follows AWS's Node.js runtime interface client (aws-lambda-nodejs-runtime-interface-client):
// how handlers load, the context object, callbacks and the event loop, error payloads
// and the text log format.

import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import util from "node:util";

const require = createRequire(import.meta.url);
const REQUEST_ID = Symbol.for("aws.lambda.runtime.requestId");

function send(message, done) {
  if (process.connected) process.send(message, done);
  else done?.();
}

function maxRssBytes() {
  return process.resourceUsage().maxRSS * 1024;
}

// ---- errors, as the runtime client reports them ----

class RuntimeError extends Error {}
class ImportModuleError extends RuntimeError {}
class HandlerNotFound extends RuntimeError {}
class MalformedHandlerName extends RuntimeError {}
class UserCodeSyntaxError extends RuntimeError {}
class NodeJsExit extends RuntimeError {
  constructor() {
    super(
      "The Lambda runtime client detected an unexpected Node.js exit code. This is most commonly caused by a Promise that was never settled. For more information, see https://nodejs.org/docs/latest/api/process.html#exit-codes",
    );
  }
}
class UnhandledPromiseRejection extends RuntimeError {
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

/** The payload the caller receives for an error. */
function toErrorResponse(error) {
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
function toFormatted(error) {
  try {
    return `\t${JSON.stringify(error, (_key, value) => withEnumerableProperties(value))}`;
  } catch {
    return `\t${JSON.stringify(toErrorResponse(error))}`;
  }
}

function intoError(value) {
  return value instanceof Error ? value : new Error(value);
}

function logError(message, error) {
  console.error(message, toFormatted(intoError(error)));
}

// ---- logging: console.* in Lambda's text format, raw stdout/stderr as written ----

const LEVELS = { TRACE: 1, DEBUG: 2, INFO: 3, WARN: 4, ERROR: 5, FATAL: 6 };

function patchConsole() {
  const threshold = LEVELS[process.env.AWS_LAMBDA_LOG_LEVEL?.toUpperCase()] ?? LEVELS.TRACE;
  const logger = (level) => {
    if (LEVELS[level] < threshold && level !== "FATAL") return () => {};
    return (message, ...params) => {
      const now = new Date();
      const text = `${now.toISOString()}\t${globalThis[REQUEST_ID]}\t${level}\t${util.format(message, ...params)}`;
      send({ type: "log", at: now.getTime(), text });
    };
  };
  console.trace = logger("TRACE");
  console.debug = logger("DEBUG");
  console.info = logger("INFO");
  console.log = console.info;
  console.warn = logger("WARN");
  console.error = logger("ERROR");
  console.fatal = logger("FATAL");
}

// Writes go over IPC, in order with the console lines, instead of down the pipes;
// what bypasses process.stdout (native code, child processes) still reaches the pipes.
function captureOutput(name, stream) {
  const write = stream.write.bind(stream);
  stream.write = (chunk, encoding, callback) => {
    if (!process.connected) return write(chunk, encoding, callback);
    const done = typeof encoding === "function" ? encoding : callback;
    const text =
      typeof chunk === "string"
        ? typeof encoding === "string" && Buffer.isEncoding(encoding)
          ? Buffer.from(chunk, encoding).toString("utf8")
          : chunk
        : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString("utf8");
    send({ type: "output", stream: name, at: Date.now(), text });
    if (typeof done === "function") process.nextTick(done);
    return true;
  };
}

// ---- loading the handler ----

const FUNCTION_EXPR = /^([^.]*)\.(.*)$/;

function tryRequire(file) {
  return fs.existsSync(file) ? require(file) : undefined;
}

async function tryImport(file) {
  return fs.existsSync(file) ? await import(pathToFileURL(file).href) : undefined;
}

/** Whether the package.json nearest to `folder` says "type": "module". */
function folderIsModule(folder) {
  if (folder.endsWith(`${path.sep}node_modules`)) return false;
  const pj = path.join(folder, "package.json");
  if (fs.existsSync(pj)) {
    try {
      return JSON.parse(fs.readFileSync(pj, "utf8"))?.type === "module";
    } catch (e) {
      console.warn(`${pj} cannot be read, it will be ignored for ES module detection purposes.`, e);
      return false;
    }
  }
  const parent = path.resolve(folder, "..");
  return parent === folder ? false : folderIsModule(parent);
}

async function loadModule(appRoot, moduleRoot, module) {
  const lambdaStylePath = path.resolve(appRoot, moduleRoot, module);
  // Extensionless files, then .js as CommonJS unless its package says "module",
  // then .js as an ES module, .mjs and .cjs; then Node's own resolution.
  const extensionless = tryRequire(lambdaStylePath);
  if (extensionless) return extensionless;
  const isModule = fs.existsSync(`${lambdaStylePath}.js`) && folderIsModule(path.dirname(lambdaStylePath));
  if (!isModule) {
    const loaded = tryRequire(`${lambdaStylePath}.js`);
    if (loaded) return loaded;
  }
  const loaded =
    (isModule && (await tryImport(`${lambdaStylePath}.js`))) ||
    (await tryImport(`${lambdaStylePath}.mjs`)) ||
    tryRequire(`${lambdaStylePath}.cjs`);
  if (loaded) return loaded;
  return require(require.resolve(module, { paths: [appRoot, moduleRoot] }));
}

async function loadHandler(appRoot, fullHandlerString) {
  if (fullHandlerString.includes("..")) {
    throw new MalformedHandlerName(
      `'${fullHandlerString}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`,
    );
  }
  const handlerString = path.basename(fullHandlerString);
  const moduleRoot = fullHandlerString.substring(0, fullHandlerString.indexOf(handlerString));
  const match = handlerString.match(FUNCTION_EXPR);
  if (match?.length !== 3) throw new MalformedHandlerName("Bad handler");
  const [, module, handlerPath] = match;
  let app;
  try {
    app = await loadModule(appRoot, moduleRoot, module);
  } catch (e) {
    if (e instanceof SyntaxError) throw new UserCodeSyntaxError(e);
    if (e?.code === "MODULE_NOT_FOUND") throw new ImportModuleError(e);
    throw e;
  }
  const handler = handlerPath.split(".").reduce((nested, key) => nested?.[key], app);
  if (!handler) throw new HandlerNotFound(`${fullHandlerString} is undefined or not exported`);
  if (typeof handler !== "function") throw new HandlerNotFound(`${fullHandlerString} is not a function`);
  return handler;
}

// ---- invocations ----

let handler;
let handlerIsAsync = false;
let initialised = false;
/** The invocation in progress, until its result is sent. */
let current = null;
let beforeExit = () => {};

function isPromise(value) {
  return value && typeof value.then === "function";
}

function channelRef(on) {
  // While a handler runs the channel must not keep the process alive, so that an empty
  // event loop shows (beforeExit) as it does on Lambda; between invocations it must.
  if (on) process.channel?.ref();
  else process.channel?.unref();
}

function postResult(invocation, payload, errorType) {
  if (invocation.posted) return;
  invocation.posted = true;
  if (current === invocation) current = null;
  beforeExit = () => {};
  send({ type: "result", requestId: invocation.requestId, payload, errorType, maxRssBytes: maxRssBytes() });
  channelRef(true);
}

function postError(invocation, error) {
  const response = toErrorResponse(error);
  postResult(invocation, JSON.stringify(response), response.errorType);
}

function serialize(result) {
  return JSON.stringify(result === undefined ? null : result) ?? "null";
}

function runInvocation(message) {
  channelRef(false);
  globalThis[REQUEST_ID] = message.requestId;
  const invocation = { requestId: message.requestId, posted: false };
  current = invocation;

  let completed = false;
  const complete = (result) => {
    if (completed) {
      console.error(
        "Invocation has already been reported as done. Cannot call complete more than once per invocation.",
      );
      return;
    }
    completed = true;
    let body;
    try {
      body = serialize(result);
    } catch {
      postError(invocation, new Error("Unable to stringify response body"));
      return;
    }
    postResult(invocation, body);
  };
  const fail = (error) => {
    logError("Invoke Error", error);
    postError(invocation, error);
  };

  let waitForEmptyEventLoop = true;
  const callback = (error, result) => {
    beforeExit = () => {};
    if (error !== undefined && error !== null) fail(error);
    else if (!waitForEmptyEventLoop) complete(result);
    else beforeExit = () => setImmediate(() => complete(result));
  };
  const done = (error, result) => {
    beforeExit = () => {};
    if (error !== undefined && error !== null) fail(error);
    else complete(result);
  };
  const context = {
    get callbackWaitsForEmptyEventLoop() {
      return waitForEmptyEventLoop;
    },
    set callbackWaitsForEmptyEventLoop(value) {
      waitForEmptyEventLoop = value;
    },
    succeed: (result) => done(null, result),
    fail: (error) => (error === undefined || error === null ? done("handled") : done(error, null)),
    done,
  };

  // Only the first of callback, succeed, fail and done counts.
  let finished = false;
  const once =
    (fn) =>
    (...args) => {
      if (finished) return;
      fn(...args);
      finished = true;
    };
  const onceCallback = once(callback);
  context.succeed = once(context.succeed);
  context.fail = once(context.fail);
  context.done = once(context.done);

  // The handler neither returned a promise nor called back before the loop emptied.
  beforeExit = () => {
    completed = true;
    if (handlerIsAsync) {
      const error = new NodeJsExit();
      logError("Invoke Error", error);
      postError(invocation, error);
    } else {
      postResult(invocation, "null");
    }
  };

  try {
    const event = JSON.parse(message.event);
    delete process.env._X_AMZN_TRACE_ID;
    Object.assign(context, {
      functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
      functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
      memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
      logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
      logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
      clientContext: parseJson(message.clientContext, "ClientContext"),
      identity: undefined,
      invokedFunctionArn: message.invokedFunctionArn,
      awsRequestId: message.requestId,
      tenantId: undefined,
      getRemainingTimeInMillis: () => message.deadlineMs - Date.now(),
    });
    const result = handler(event, context, onceCallback);
    if (isPromise(result)) result.then(context.succeed, context.fail).catch(context.fail);
  } catch (error) {
    onceCallback(error);
  }
}

function parseJson(text, name) {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`Cannot parse ${name} as json: ${err.toString()}`);
  }
}

/** An error outside the handler's reach: report it where it belongs, then exit as the runtime client does. */
function crash(error, exitCode) {
  const exit = () => process.exit(exitCode);
  const response = toErrorResponse(error);
  if (current) {
    const invocation = current;
    invocation.posted = true;
    current = null;
    const payload = JSON.stringify(response);
    send(
      {
        type: "result",
        requestId: invocation.requestId,
        payload,
        errorType: response.errorType,
        fatal: true,
        maxRssBytes: maxRssBytes(),
      },
      exit,
    );
  } else if (!initialised) {
    send({ type: "init-error", errorType: response.errorType, payload: JSON.stringify(response) }, exit);
  } else {
    exit();
  }
}

// ---- start ----

patchConsole();
captureOutput("stdout", process.stdout);
captureOutput("stderr", process.stderr);
send({ type: "hello", nodeVersion: process.version });

process.on("uncaughtException", (error) => {
  logError("Uncaught Exception", error);
  crash(error, 129);
});
process.on("unhandledRejection", (reason, promise) => {
  const error = new UnhandledPromiseRejection(reason, promise);
  logError("Unhandled Promise Rejection", error);
  crash(error, 128);
});
process.on("beforeExit", () => beforeExit());
// The emulator went away: nobody is left to invoke this environment.
process.on("disconnect", () => process.exit(0));
process.on("message", (message) => {
  if (message?.type === "invoke" && initialised && !current) runInvocation(message);
});

try {
  handler = await loadHandler(process.env.LAMBDA_TASK_ROOT, process.env._HANDLER ?? "");
  handlerIsAsync = handler.constructor?.name === "AsyncFunction";
  if (
    handler.length === 3 &&
    !handlerIsAsync &&
    process.env.AWS_LAMBDA_NODEJS_DISABLE_CALLBACK_WARNING === undefined &&
    process.env.AWS_EXECUTION_ENV !== "AWS_Lambda_nodejs24.x"
  ) {
    console.warn(
      "AWS Lambda plans to remove support for callback-based function handlers starting with Node.js 24. You will need to update this function to use an async handler to use Node.js 24 or later. For more information and to provide feedback on this change, see https://github.com/aws/aws-lambda-nodejs-runtime-interface-client/issues/137. To disable this warning, set the AWS_LAMBDA_NODEJS_DISABLE_CALLBACK_WARNING environment variable.",
    );
  }
  initialised = true;
  send({ type: "ready" });
} catch (error) {
  logError("Uncaught Exception", error);
  crash(error, 129);
}

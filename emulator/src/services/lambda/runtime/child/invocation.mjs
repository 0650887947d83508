// One invocation, with AWS's semantics: a returned promise settles it at once; a
// callback settles it once the event loop is empty (unless
// context.callbackWaitsForEmptyEventLoop is false); a handler that does neither is
// settled when the loop empties (null for plain functions, Runtime.NodeJsExit for
// async ones).

import { logError, NodeJsExit, toErrorResponse } from "./errors.mjs";
import { holdChannel, maxRssBytes, REQUEST_ID, send } from "./ipc.mjs";

/** The invocation in progress, until its result is sent. */
let current = null;
let beforeExit = () => {};

/** Installed as the process's beforeExit listener. */
export function onBeforeExit() {
  beforeExit();
}

/** The unanswered invocation, which the caller now answers (a crash); null when idle. */
export function takeCurrent() {
  const invocation = current;
  if (invocation) invocation.posted = true;
  current = null;
  return invocation;
}

export function busy() {
  return current !== null;
}

function postResult(invocation, payload, errorType) {
  if (invocation.posted) return;
  invocation.posted = true;
  if (current === invocation) current = null;
  beforeExit = () => {};
  send({ type: "result", requestId: invocation.requestId, payload, errorType, maxRssBytes: maxRssBytes() });
  holdChannel(true);
}

function postError(invocation, error) {
  const response = toErrorResponse(error);
  postResult(invocation, JSON.stringify(response), response.errorType);
}

function parseJson(text, name) {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`Cannot parse ${name} as json: ${err.toString()}`);
  }
}

export function runInvocation(handler, handlerIsAsync, message) {
  holdChannel(false);
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
      body = JSON.stringify(result === undefined ? null : result) ?? "null";
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
    if (result && typeof result.then === "function") {
      result.then(context.succeed, context.fail).catch(context.fail);
    }
  } catch (error) {
    onceCallback(error);
  }
}

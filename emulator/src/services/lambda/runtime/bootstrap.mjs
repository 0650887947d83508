// The Lambda runtime inside one execution environment: a child process of the
// emulator, talking to it over IPC (messages.ts). Plain JavaScript, because it runs on
// whichever Node the function's runtime names, without the emulator's TypeScript
// loader. It follows AWS's Node.js runtime interface client
// (aws-lambda-nodejs-runtime-interface-client) in how handlers load, the context
// object, callbacks and the event loop, error payloads and the text log format.

import { logError, toErrorResponse, UnhandledPromiseRejection } from "./child/errors.mjs";
import { busy, onBeforeExit, runInvocation, takeCurrent } from "./child/invocation.mjs";
import { captureOutput, maxRssBytes, patchConsole, send } from "./child/ipc.mjs";
import { loadHandler } from "./child/load-handler.mjs";

let handler;
let handlerIsAsync = false;
let initialised = false;

/** An error outside the handler's reach: answer with it where it belongs, then exit as the runtime client does. */
function crash(error, exitCode) {
  const exit = () => process.exit(exitCode);
  const response = toErrorResponse(error);
  const payload = JSON.stringify(response);
  const invocation = takeCurrent();
  if (invocation) {
    const { requestId } = invocation;
    const result = { type: "result", requestId, payload, errorType: response.errorType, fatal: true };
    send({ ...result, maxRssBytes: maxRssBytes() }, exit);
  } else if (!initialised) {
    send({ type: "init-error", errorType: response.errorType, payload }, exit);
  } else {
    exit();
  }
}

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
process.on("beforeExit", onBeforeExit);
// The emulator went away: nobody is left to invoke this environment.
process.on("disconnect", () => process.exit(0));
process.on("message", (message) => {
  if (message?.type === "invoke" && initialised && !busy()) runInvocation(handler, handlerIsAsync, message);
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

/**
 * The error payloads Lambda itself produces (as opposed to those the runtime client
 * builds from the handler's errors), with AWS's texts.
 */

/** The largest synchronous response Lambda returns. */
export const RESPONSE_LIMIT_BYTES = 6_291_556;

export interface PlatformError {
  errorType: string;
  payload: Buffer;
}

function platformError(errorType: string, requestId: string, error: string): PlatformError {
  return {
    errorType,
    payload: Buffer.from(
      JSON.stringify({ errorType, errorMessage: `RequestId: ${requestId} Error: ${error}` }),
    ),
  };
}

export function timedOut(requestId: string, timeoutSeconds: number): PlatformError {
  return platformError(
    "Sandbox.Timedout",
    requestId,
    `Task timed out after ${timeoutSeconds.toFixed(2)} seconds`,
  );
}

/** The runtime process ended without answering: it exited, crashed or was killed for memory. */
export function runtimeExited(
  requestId: string,
  exit: { code: number | null; signal: NodeJS.Signals | null; outOfMemory: boolean },
): PlatformError {
  if (exit.outOfMemory) {
    // AWS's memory limit is a cgroup's: the kernel kills the runtime with SIGKILL.
    return platformError("Runtime.OutOfMemory", requestId, "Runtime exited with error: signal: killed");
  }
  const reason =
    exit.signal !== null
      ? `Runtime exited with error: signal: ${signalText(exit.signal)}`
      : exit.code === 0
        ? "Runtime exited without providing a reason"
        : `Runtime exited with error: exit status ${exit.code}`;
  return platformError("Runtime.ExitError", requestId, reason);
}

export function responseTooLarge(): PlatformError {
  const errorType = "Function.ResponseSizeTooLarge";
  return {
    errorType,
    payload: Buffer.from(
      JSON.stringify({
        errorMessage: `Response payload size exceeded maximum allowed payload size (${RESPONSE_LIMIT_BYTES} bytes).`,
        errorType,
      }),
    ),
  };
}

/** Signal names as Go (Lambda's init process) prints them. */
const SIGNAL_TEXT: Partial<Record<NodeJS.Signals, string>> = {
  SIGKILL: "killed",
  SIGABRT: "aborted",
  SIGSEGV: "segmentation fault",
  SIGTERM: "terminated",
  SIGINT: "interrupt",
  SIGBUS: "bus error",
  SIGILL: "illegal instruction",
  SIGTRAP: "trace/breakpoint trap",
  SIGFPE: "floating point exception",
  SIGHUP: "hangup",
  SIGPIPE: "broken pipe",
  SIGQUIT: "quit",
};

function signalText(signal: NodeJS.Signals): string {
  return SIGNAL_TEXT[signal] ?? signal.toLowerCase();
}

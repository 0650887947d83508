import { createHash } from "node:crypto";

/**
 * The platform's own log lines, in Lambda's text format. Every event Lambda writes
 * ends with a newline, and the REPORT fields are each followed by a tab.
 */

/** e.g. 2026/11/23/[$LATEST]0f3c...: the day the environment started, its version, its id. */
export function logStreamName(version: string, environmentId: string, started = new Date()): string {
  const day = started.toISOString().slice(0, 10).replaceAll("-", "/");
  return `${day}/[${version}]${environmentId}`;
}

/** `nodeVersion` is the child's process.version, e.g. v22.12.0. */
export function initStartLine(nodeVersion: string, region: string): string {
  const [major = "0", minor = "0"] = nodeVersion.replace(/^v/, "").split(".");
  const hash = createHash("sha256").update(nodeVersion).digest("hex");
  return `INIT_START Runtime Version: nodejs:${major}.v${minor}\tRuntime Version ARN: arn:aws:lambda:${region}::runtime:${hash}\n`;
}

export type PlatformStatus = "timeout" | "error";

export function initReportLine(initDurationMs: number, status: PlatformStatus, errorType?: string): string {
  return `INIT_REPORT Init Duration: ${initDurationMs.toFixed(2)} ms\tPhase: init\tStatus: ${status}\t${errorType ? `Error Type: ${errorType}\t` : ""}\n`;
}

export function startLine(requestId: string, version: string): string {
  return `START RequestId: ${requestId} Version: ${version}\n`;
}

export function endLine(requestId: string): string {
  return `END RequestId: ${requestId}\n`;
}

export interface ReportFields {
  requestId: string;
  durationMs: number;
  billedDurationMs: number;
  memorySizeMb: number;
  maxMemoryUsedMb: number;
  initDurationMs?: number | undefined;
  /** Set when the platform ended the invocation: a timeout or a runtime failure. */
  status?: PlatformStatus | undefined;
  errorType?: string | undefined;
}

export function reportLine(r: ReportFields): string {
  const fields = [
    `REPORT RequestId: ${r.requestId}`,
    `Duration: ${r.durationMs.toFixed(2)} ms`,
    `Billed Duration: ${r.billedDurationMs} ms`,
    `Memory Size: ${r.memorySizeMb} MB`,
    `Max Memory Used: ${r.maxMemoryUsedMb} MB`,
  ];
  if (r.initDurationMs !== undefined) fields.push(`Init Duration: ${r.initDurationMs.toFixed(2)} ms`);
  if (r.status) fields.push(`Status: ${r.status}`);
  if (r.errorType) fields.push(`Error Type: ${r.errorType}`);
  return `${fields.join("\t")}\t\n`;
}

/** LogType=Tail: base64 of the last 4 KB of the invocation's log. */
export function tailLog(messages: readonly string[], limitBytes = 4096): string {
  const all = Buffer.from(messages.join(""), "utf8");
  return all.subarray(Math.max(0, all.length - limitBytes)).toString("base64");
}

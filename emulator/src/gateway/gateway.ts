import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Authenticator } from "../auth/authenticate.ts";
import { AwsError } from "../protocol/aws-error.ts";
import type { EmulatorRuntime, RequestContext } from "./context.ts";
import { ServiceDetector } from "./detect-service.ts";
import type { HttpRequest, HttpResponse } from "./http.ts";
import {
  answerInternally,
  type InternalAnswer,
  type InternalRoute,
  jsonResponse,
} from "./internal-routes.ts";
import { OperationError, type Service } from "./service.ts";

/**
 * The one entry point for every AWS API: reads the request, detects the service,
 * authenticates, lets the service's codec and provider answer, makes state
 * durable, then replies and logs one line. Internal endpoints (health, function
 * URLs...) are tried first, in order.
 */
export class Gateway {
  private readonly detector: ServiceDetector;
  private readonly auth: Authenticator;

  private readonly runtime: EmulatorRuntime;
  private readonly internalRoutes: readonly InternalRoute[];

  constructor(
    runtime: EmulatorRuntime,
    services: Service[],
    fallback: Service,
    internalRoutes: readonly InternalRoute[] = [],
  ) {
    this.runtime = runtime;
    this.internalRoutes = internalRoutes;
    this.detector = new ServiceDetector(services, fallback);
    this.auth = new Authenticator(runtime.config, runtime.store);
  }

  readonly listener = (nodeReq: IncomingMessage, nodeRes: ServerResponse): void => {
    this.serve(nodeReq, nodeRes).catch((err: unknown) => {
      process.stderr.write(`darkroom: failed to answer ${nodeReq.method} ${nodeReq.url}: ${String(err)}\n`);
      if (!nodeRes.headersSent) nodeRes.writeHead(500);
      nodeRes.end();
    });
  };

  private async serve(nodeReq: IncomingMessage, nodeRes: ServerResponse): Promise<void> {
    const started = process.hrtime.bigint();
    const req = await readRequest(nodeReq);
    const internal = await this.answerInternally(req);
    if (internal) {
      await this.replyInternally(nodeRes, req, internal, started);
      return;
    }
    const service = this.detector.detect(req);
    let operation = "-";
    let response: HttpResponse;
    try {
      const who = await this.auth.authenticate(req, service);
      const ctx: RequestContext = {
        requestId: req.requestId,
        principal: who.principal,
        accountId: who.principal.accountId,
        region: who.region,
        runtime: this.runtime,
      };
      const result = await service.handle(req, ctx);
      operation = result.operation;
      response = result.response;
    } catch (err) {
      let error = err;
      if (err instanceof OperationError) {
        operation = err.operation;
        error = err.error;
      } else {
        operation = service.peekOperation?.(req) ?? "-";
      }
      response = service.codec.encodeError(toAwsError(error, service.name, operation), req);
    }
    // Headers are added before the flush: after fdatasync, caches are cold and every step costs more.
    addStandardHeaders(response, req, service);
    response = await this.makeDurable(response, (err) => {
      const failed = service.codec.encodeError(toAwsError(err, service.name, operation), req);
      addStandardHeaders(failed, req, service);
      return failed;
    });
    await send(nodeRes, req, response);
    if (this.runtime.config.logRequests) this.log(`${service.name} ${operation}`, response.status, started);
  }

  /** An internal endpoint's answer; one that fails answers 500 rather than dropping the connection. */
  private async answerInternally(req: HttpRequest): Promise<InternalAnswer | null> {
    try {
      return await answerInternally(this.internalRoutes, req);
    } catch (err) {
      process.stderr.write(
        `darkroom: internal endpoint ${req.method} ${req.rawPath} failed: ${(err as Error)?.stack ?? String(err)}\n`,
      );
      return { response: jsonResponse(500, { Message: "Internal Server Error" }), logAs: "internal -" };
    }
  }

  private async replyInternally(
    nodeRes: ServerResponse,
    req: HttpRequest,
    internal: InternalAnswer,
    started: bigint,
  ): Promise<void> {
    const response = await this.makeDurable(internal.response, (err) =>
      jsonResponse(500, { Message: `State could not be made durable: ${String(err)}` }),
    );
    response.headers.date ??= httpDateNow();
    await send(nodeRes, req, response);
    if (internal.logAs && this.runtime.config.logRequests) this.log(internal.logAs, response.status, started);
  }

  /**
   * Nothing is acknowledged before it is durable. Events raised so far belong to the
   * changes this flush makes durable, so they go out only after it.
   */
  private async makeDurable(
    response: HttpResponse,
    onFailure: (err: unknown) => HttpResponse,
  ): Promise<HttpResponse> {
    const events = this.runtime.events.takePending();
    try {
      await this.runtime.store.flush();
      this.runtime.events.deliver(events);
      return response;
    } catch (err) {
      // The answer is replaced by the error; a body stream it held must still release its file.
      if (response.body instanceof Readable) response.body.destroy();
      return onFailure(err);
    }
  }

  private log(what: string, status: number, started: bigint): void {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    process.stdout.write(`${what} ${status} ${ms.toFixed(1)}ms\n`);
  }
}

function toAwsError(err: unknown, service: string, operation: string): AwsError {
  if (err instanceof AwsError) return err;
  process.stderr.write(`darkroom: ${service} ${operation} failed: ${(err as Error)?.stack ?? String(err)}\n`);
  return new AwsError("InternalError", "We encountered an internal error. Please try again.", 500);
}

function addStandardHeaders(response: HttpResponse, req: HttpRequest, service: Service): void {
  const h = response.headers;
  h["x-amz-request-id"] ??= req.requestId;
  for (const [name, value] of Object.entries(service.codec.standardHeaders?.(req) ?? {})) h[name] ??= value;
  h.date ??= httpDateNow();
}

let cachedDate = { second: 0, text: "" };

/** The Date header changes once a second; formatting it per response shows in profiles. */
function httpDateNow(): string {
  const second = Math.floor(Date.now() / 1000);
  if (cachedDate.second !== second) cachedDate = { second, text: new Date(second * 1000).toUTCString() };
  return cachedDate.text;
}

/** Collects the body with plain events: cheaper per request than async iteration. */
function readBody(nodeReq: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    nodeReq.on("data", (chunk: Buffer) => chunks.push(chunk));
    nodeReq.once("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    nodeReq.once("error", reject);
  });
}

async function readRequest(nodeReq: IncomingMessage): Promise<HttpRequest> {
  const body = await readBody(nodeReq);
  let target = nodeReq.url ?? "/";
  // Absolute-form request targets come from clients that treat us as a proxy.
  if (!target.startsWith("/")) target = target.replace(/^[a-z]+:\/\/[^/]*/i, "") || "/";
  const q = target.indexOf("?");
  const rawPath = q < 0 ? target : target.slice(0, q);
  const rawQuery = q < 0 ? "" : target.slice(q + 1);
  const headers: Record<string, string> = {};
  const raw = nodeReq.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const value = raw[i + 1]!;
    // Cookie lines join with "; ", their own separator: a comma would run two cookies into one.
    const separator = name === "cookie" ? "; " : ", ";
    headers[name] = headers[name] === undefined ? value : `${headers[name]}${separator}${value}`;
  }
  const host = headers.host ?? "localhost";
  const remoteAddress = nodeReq.socket.remoteAddress;
  return {
    requestId: randomUUID(),
    method: (nodeReq.method ?? "GET").toUpperCase(),
    rawPath,
    rawQuery,
    query: new URLSearchParams(rawQuery),
    headers,
    body,
    hostname: host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : (host.split(":")[0] ?? host),
    receivedAt: new Date(),
    ...(remoteAddress !== undefined ? { remoteAddress } : {}),
  };
}

async function send(nodeRes: ServerResponse, req: HttpRequest, response: HttpResponse): Promise<void> {
  const { body } = response;
  // Object.assign, not a spread: adding to a spread copy costs V8 a new hidden class each time.
  const headers: Record<string, string | string[]> = Object.assign({}, response.headers);
  if (response.setCookies && response.setCookies.length > 0) headers["set-cookie"] = response.setCookies;
  const noBody = req.method === "HEAD" || response.status === 204 || response.status === 304;
  if (body === undefined || typeof body === "string" || Buffer.isBuffer(body)) {
    const bytes = body === undefined ? undefined : typeof body === "string" ? Buffer.from(body) : body;
    if (headers["content-length"] === undefined && response.status !== 204 && response.status !== 304) {
      headers["content-length"] = String(bytes?.length ?? 0);
    }
    nodeRes.writeHead(response.status, headers);
    nodeRes.end(noBody ? undefined : bytes);
    return;
  }
  nodeRes.writeHead(response.status, headers);
  if (noBody) {
    body.destroy();
    nodeRes.end();
    return;
  }
  await pipeline(body, nodeRes);
}

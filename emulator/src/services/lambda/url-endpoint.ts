import { randomBytes } from "node:crypto";
import { Authenticator } from "../../auth/authenticate.ts";
import { parseSigV4 } from "../../auth/sigv4.ts";
import type { EmulatorRuntime, Principal } from "../../gateway/context.ts";
import type { HttpRequest, HttpResponse } from "../../gateway/http.ts";
import { type InternalRoute, jsonResponse } from "../../gateway/internal-routes.ts";
import type { Service } from "../../gateway/service.ts";
import { AwsError } from "../../protocol/aws-error.ts";
import { checkInvocable, type Executor, snapshotOf } from "./invocation.ts";
import { ConcurrencyLimitReached } from "./runtime/contract.ts";
import { LambdaState } from "./state.ts";
import { addCorsHeaders, isPreflight, preflightResponse } from "./url-cors.ts";
import { urlEvent, urlFunctionError, urlResponse } from "./url-event.ts";
import { FunctionUrlIndex, type UrlTarget } from "./url-index.ts";

/** <url-id>.lambda-url.<region>.localhost (what functionUrl() hands out), or AWS's own domain sent as Host. */
const HOST_FORM = /^([a-z0-9]+)\.lambda-url\.([a-z0-9-]+)\.(?:localhost|on\.aws)$/;
/** /_lambda-url/<url-id>/..., for clients that cannot resolve *.localhost. */
const PATH_FORM = /^\/_lambda-url\/([^/]+)(\/.*)?$/;

export interface UrlAddress {
  urlId: string;
  /** The region the host names; the path form names none. */
  region?: string;
  /** The path after the URL's root, starting with "/", still percent-encoded. */
  path: string;
}

/** The function URL a request addresses, or null when it is not a function URL request. */
export function matchFunctionUrl(req: HttpRequest): UrlAddress | null {
  const host = HOST_FORM.exec(req.hostname.toLowerCase());
  if (host) return { urlId: host[1]!, region: host[2]!, path: req.rawPath || "/" };
  const path = PATH_FORM.exec(req.rawPath);
  if (path) return { urlId: path[1]!, path: path[2] ?? "/" };
  return null;
}

/** What Lambda answers for a URL id it does not know. */
const NOT_FOUND = { Message: null };
const FORBIDDEN = { Message: "Forbidden" };
const THROTTLED = { Message: "Rate Exceeded." };

/**
 * Serves function URLs on the emulator's port: finds the URL config by its id, checks
 * AWS_IAM signatures, answers CORS preflights, invokes the function (RequestResponse)
 * with the payload format 2.0 event and maps its result to the HTTP response.
 */
export class FunctionUrlEndpoint {
  private readonly runtime: EmulatorRuntime;
  private readonly executor: Executor | undefined;
  private readonly lambda: Service;
  private readonly index: FunctionUrlIndex;
  private readonly auth: Authenticator;

  /** `lambda` is the Lambda service: AWS_IAM URLs are signed for it. */
  constructor(runtime: EmulatorRuntime, executor: Executor | undefined, lambda: Service) {
    this.runtime = runtime;
    this.executor = executor;
    this.lambda = lambda;
    this.index = new FunctionUrlIndex(runtime.store);
    this.auth = new Authenticator(runtime.config, runtime.store);
  }

  readonly route: InternalRoute = async (req) => {
    const address = matchFunctionUrl(req);
    if (!address) return null;
    const traceId = `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString("hex")}`;
    const response = await this.serve(req, address, traceId);
    response.headers["x-amzn-requestid"] = req.requestId;
    response.headers["x-amzn-trace-id"] = traceId;
    return { response, logAs: "lambda InvokeFunctionUrl" };
  };

  private async serve(req: HttpRequest, address: UrlAddress, traceId: string): Promise<HttpResponse> {
    const target = this.index.find(address.urlId);
    // A URL is served only under the region it was created in, as its DNS name implies on AWS.
    if (!target || (address.region !== undefined && address.region !== target.region)) {
      return jsonResponse(404, NOT_FOUND);
    }
    const cors = target.config.cors;
    // Browsers cannot sign preflights, so Lambda answers them before checking auth.
    if (isPreflight(req, cors)) return preflightResponse(req, cors);
    let caller: Principal | undefined;
    if (target.config.authType === "AWS_IAM") {
      caller = await this.signedCaller(req, target);
      if (!caller) return jsonResponse(403, FORBIDDEN);
    }
    const response = await this.invoke(req, address, target, traceId, caller);
    addCorsHeaders(response, req, cors);
    return response;
  }

  /** The caller of a request validly signed with SigV4 for Lambda in the URL's region, else undefined. */
  private async signedCaller(req: HttpRequest, target: UrlTarget): Promise<Principal | undefined> {
    try {
      const claim = parseSigV4(req);
      if (claim?.service !== "lambda" || claim.region !== target.region) return undefined;
      return (await this.auth.authenticate(req, this.lambda)).principal;
    } catch (err) {
      if (err instanceof AwsError) return undefined;
      throw err;
    }
  }

  private async invoke(
    req: HttpRequest,
    address: UrlAddress,
    target: UrlTarget,
    traceId: string,
    caller: Principal | undefined,
  ): Promise<HttpResponse> {
    if (!this.executor) {
      return jsonResponse(501, {
        Message: "InvokeFunctionUrl is not implemented: this emulator runs without the Lambda runtime",
      });
    }
    const state = new LambdaState(this.runtime.store, target.accountId, target.region);
    let resolved: ReturnType<LambdaState["resolve"]>;
    try {
      resolved = state.resolve(target.functionName, target.qualifier);
      checkInvocable(resolved.config);
    } catch (err) {
      // The URL's alias is gone, or the function is still being created.
      if (err instanceof AwsError) return jsonResponse(err.status, { Message: err.message });
      throw err;
    }
    const event = urlEvent(req, {
      urlId: target.config.urlId,
      region: target.region,
      requestId: req.requestId,
      path: address.path,
      sourceIp: sourceIp(req),
      traceId,
      ...(caller ? { caller } : {}),
    });
    let outcome: Awaited<ReturnType<Executor["invoke"]>>;
    try {
      outcome = await this.executor.invoke({
        fn: await snapshotOf(state, resolved.fn, resolved.config),
        payload: Buffer.from(JSON.stringify(event)),
        requestId: req.requestId,
        ...(target.qualifier !== undefined ? { qualifier: target.qualifier } : {}),
        tailLog: false,
      });
    } catch (err) {
      if (err instanceof ConcurrencyLimitReached) return jsonResponse(429, THROTTLED);
      throw err;
    }
    if (outcome.functionError !== undefined) return urlFunctionError();
    return urlResponse(outcome.payload.toString("utf8"));
  }
}

/** The client's IP as Lambda reports it: without the IPv4-mapped IPv6 prefix Node gives. */
function sourceIp(req: HttpRequest): string {
  const address = req.remoteAddress ?? "127.0.0.1";
  return address.startsWith("::ffff:") ? address.slice(7) : address;
}

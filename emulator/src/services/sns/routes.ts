import { z } from "zod";
import type { EmulatorRuntime } from "../../gateway/context.ts";
import type { HttpRequest, HttpResponse } from "../../gateway/http.ts";
import { type InternalRoute, jsonResponse, methodNotAllowed } from "../../gateway/internal-routes.ts";
import { AwsError } from "../../protocol/aws-error.ts";
import type { QueryCodec } from "../../protocol/query.ts";
import { escapeXml } from "../../protocol/xml.ts";
import type { Deliveries } from "./deliveries.ts";
import { authorizationError } from "./errors.ts";
import type { InboxFilter } from "./inbox.ts";
import { INBOX_PATH } from "./inbox-client.ts";
import { CONFIRM_PAGE_PATH, UNSUBSCRIBE_PAGE_PATH } from "./links.ts";
import { parseArn } from "./lookup.ts";
import { CERTIFICATE_PATH_PREFIX } from "./signing.ts";
import { SnsState } from "./state.ts";
import { confirmSubscription, unsubscribe } from "./subscriptions.ts";

const FAILED_PATH = "/_darkroom/sns/failed-deliveries";

/** The inbox's filters: all optional; `since` is an ISO 8601 time or epoch milliseconds. */
const inboxQuery = z.object({
  topicArn: z.string().optional(),
  subscriptionArn: z.string().optional(),
  protocol: z.enum(["email", "email-json", "sms"]).optional(),
  since: z
    .string()
    .transform((s, ctx) => {
      const ms = /^\d+$/.test(s) ? Number(s) : Date.parse(s);
      if (Number.isNaN(ms)) {
        ctx.addIssue({ code: "custom", message: "since must be an ISO 8601 time or epoch milliseconds" });
        return z.NEVER;
      }
      return ms;
    })
    .optional(),
});

function filterOf(req: HttpRequest): InboxFilter | string {
  const parsed = inboxQuery.safeParse(Object.fromEntries(req.query));
  if (!parsed.success) return parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
  return parsed.data;
}

function page(status: number, title: string, text: string): HttpResponse {
  const body = `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${escapeXml(title)}</title></head><body><h1>${escapeXml(title)}</h1><p>${escapeXml(text)}</p></body></html>\n`;
  return { status, headers: { "content-type": "text/html; charset=utf-8" }, body };
}

/** A request without a signature: what a subscriber's GET of a SubscribeURL or UnsubscribeURL is. */
function unsigned(req: HttpRequest): boolean {
  return (
    req.headers.authorization === undefined &&
    !req.query.has("X-Amz-Signature") &&
    !req.query.has("X-Amz-Credential")
  );
}

/**
 * SNS's endpoints outside the API: the local inbox, the given-up deliveries, the signing
 * certificate, the confirm and unsubscribe pages emails link to, and the unsigned
 * /?Action=ConfirmSubscription and /?Action=Unsubscribe links of HTTP/S and email-json messages.
 */
export function snsRoutes(
  runtime: EmulatorRuntime,
  deliveries: Deliveries,
  codec: QueryCodec,
): InternalRoute[] {
  const store = runtime.store;

  const inbox: InternalRoute = async (req) => {
    if (req.rawPath !== INBOX_PATH) return null;
    if (req.method !== "GET" && req.method !== "HEAD" && req.method !== "DELETE") {
      return { response: methodNotAllowed("GET, HEAD, DELETE") };
    }
    const filter = filterOf(req);
    if (typeof filter === "string") return { response: jsonResponse(400, { message: filter }) };
    if (req.method === "DELETE") {
      return {
        response: jsonResponse(200, { deleted: deliveries.inbox.clear(filter) }),
        logAs: "sns inbox-clear",
      };
    }
    return { response: jsonResponse(200, { messages: deliveries.inbox.list(filter) }) };
  };

  const failed: InternalRoute = async (req) => {
    if (req.rawPath !== FAILED_PATH) return null;
    if (req.method !== "GET" && req.method !== "HEAD") return { response: methodNotAllowed("GET, HEAD") };
    const list = deliveries.failures.list({
      topicArn: req.query.get("topicArn") ?? undefined,
      subscriptionArn: req.query.get("subscriptionArn") ?? undefined,
    });
    return { response: jsonResponse(200, { deliveries: list }) };
  };

  const certificate: InternalRoute = async (req) => {
    if (!req.rawPath.startsWith(`${CERTIFICATE_PATH_PREFIX}SimpleNotificationService-`)) return null;
    if (req.method !== "GET" && req.method !== "HEAD") return { response: methodNotAllowed("GET, HEAD") };
    const pem = deliveries.signer.certificate(req.rawPath.slice(CERTIFICATE_PATH_PREFIX.length));
    if (pem === undefined) return { response: jsonResponse(404, { message: "No such certificate" }) };
    return { response: { status: 200, headers: { "content-type": "application/x-pem-file" }, body: pem } };
  };

  const confirmPage: InternalRoute = async (req) => {
    if (req.rawPath !== CONFIRM_PAGE_PATH) return null;
    if (req.method !== "GET") return { response: methodNotAllowed("GET") };
    try {
      const out = confirmSubscription(
        store,
        req.query.get("TopicArn") ?? undefined,
        req.query.get("Token") ?? "",
        {
          authenticated: false,
          authenticateOnUnsubscribe: false,
        },
      );
      return {
        response: page(
          200,
          "Subscription confirmed!",
          `You have successfully subscribed. Your subscription's id is: ${out.SubscriptionArn}`,
        ),
        logAs: "sns ConfirmSubscription",
      };
    } catch (err) {
      if (!(err instanceof AwsError)) throw err;
      return {
        response: page(err.status, "Subscription not confirmed", err.message),
        logAs: "sns ConfirmSubscription",
      };
    }
  };

  const unsubscribePage: InternalRoute = async (req) => {
    if (req.rawPath !== UNSUBSCRIBE_PAGE_PATH) return null;
    if (req.method !== "GET") return { response: methodNotAllowed("GET") };
    try {
      unsubscribeUnsigned(req.query.get("SubscriptionArn") ?? undefined);
      return {
        response: page(
          200,
          "Subscription removed!",
          "You have been unsubscribed and will no longer get notifications from this topic.",
        ),
        logAs: "sns Unsubscribe",
      };
    } catch (err) {
      if (!(err instanceof AwsError)) throw err;
      return { response: page(err.status, "Not unsubscribed", err.message), logAs: "sns Unsubscribe" };
    }
  };

  /** Unsubscribing by link needs no signature, unless the subscription was confirmed with AuthenticateOnUnsubscribe. */
  function unsubscribeUnsigned(subscriptionArn: string | undefined): void {
    const arn = parseArn(subscriptionArn, "SubscriptionArn");
    const sub = new SnsState(store, arn.accountId, arn.region).subscriptions.get(subscriptionArn!);
    if (sub?.authenticateOnUnsubscribe) throw authorizationError("anonymous", "Unsubscribe", sub.arn);
    unsubscribe(store, subscriptionArn);
  }

  const queryLinks: InternalRoute = async (req) => {
    if (req.rawPath !== "/" || req.method !== "GET" || !unsigned(req)) return null;
    const action = req.query.get("Action");
    if (action !== "ConfirmSubscription" && action !== "Unsubscribe") return null;
    const call = { operation: action, input: Object.fromEntries(req.query) };
    try {
      let output: { SubscriptionArn: string } | undefined;
      if (action === "ConfirmSubscription") {
        const auth = { authenticated: false, authenticateOnUnsubscribe: false };
        output = confirmSubscription(
          store,
          req.query.get("TopicArn") ?? undefined,
          req.query.get("Token") ?? "",
          auth,
        );
      } else {
        unsubscribeUnsigned(req.query.get("SubscriptionArn") ?? undefined);
      }
      return { response: codec.encode(call, output, req), logAs: `sns ${action}` };
    } catch (err) {
      if (!(err instanceof AwsError)) throw err;
      return { response: codec.encodeError(err, req), logAs: `sns ${action}` };
    }
  };

  return [inbox, failed, certificate, confirmPage, unsubscribePage, queryLinks];
}

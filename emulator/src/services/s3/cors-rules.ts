import type { z } from "zod";
import type { HttpRequest } from "../../gateway/http.ts";
import { AwsError } from "../../protocol/aws-error.ts";
import type { BucketRecord } from "./model.ts";
import { readConfigXml, xmlInt, xmlList, xmlStruct, xmlText } from "./operations/bucket-config/config-xml.ts";

/** One <CORSRule>, members in the model's order. */
export const corsRuleSchema = xmlStruct({
  ID: xmlText.optional(),
  AllowedHeader: xmlList(xmlText).optional(),
  AllowedMethod: xmlList(xmlText),
  AllowedOrigin: xmlList(xmlText),
  ExposeHeader: xmlList(xmlText).optional(),
  MaxAgeSeconds: xmlInt.optional(),
});

export const corsConfigurationSchema = xmlStruct({ CORSRule: xmlList(corsRuleSchema) });

export type CorsRule = z.output<typeof corsRuleSchema>;

/** The bucket's rules in order, or undefined when CORS is not configured. */
export function corsRulesOf(bucket: BucketRecord): CorsRule[] | undefined {
  const body = bucket.config.cors?.body;
  if (!body) return undefined;
  return readConfigXml(body, "CORSConfiguration", corsConfigurationSchema).CORSRule;
}

/** S3's patterns allow one "*", matching any run of characters. */
function wildcardMatch(pattern: string, value: string, ignoreCase: boolean): boolean {
  const star = pattern.indexOf("*");
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const v = ignoreCase ? value.toLowerCase() : value;
  if (star < 0) return p === v;
  const head = p.slice(0, star);
  const tail = p.slice(star + 1);
  return v.length >= head.length + tail.length && v.startsWith(head) && v.endsWith(tail);
}

/** What a CORS evaluation looks at: the origin, the method and any requested headers. */
export interface CorsRequest {
  origin: string;
  method: string;
  /** Access-Control-Request-Headers entries, trimmed and lower-cased. */
  headers: string[];
}

/**
 * Reads the CORS-relevant parts of a request. As on S3, Access-Control-Request-Method
 * and -Headers are evaluated whenever present, not only on OPTIONS.
 */
export function corsRequestOf(req: HttpRequest): CorsRequest | undefined {
  const origin = req.headers.origin;
  if (origin === undefined) return undefined;
  const requested = req.headers["access-control-request-headers"];
  return {
    origin,
    method: req.headers["access-control-request-method"] ?? req.method,
    headers:
      requested === undefined
        ? []
        : requested
            .split(",")
            .map((h) => h.trim().toLowerCase())
            .filter((h) => h !== ""),
  };
}

/** The first rule that allows the origin, the method and every requested header. */
export function matchCorsRule(rules: CorsRule[], request: CorsRequest): CorsRule | undefined {
  return rules.find(
    (rule) =>
      rule.AllowedMethod.includes(request.method) &&
      rule.AllowedOrigin.some((o) => wildcardMatch(o, request.origin, false)) &&
      request.headers.every((h) => (rule.AllowedHeader ?? []).some((a) => wildcardMatch(a, h, true))),
  );
}

/** The headers S3 answers a matching request with (lower-cased names). */
export function corsHeaders(rule: CorsRule, request: CorsRequest): Record<string, string> {
  // S3 answers "*" only when the rule allows any origin; otherwise it echoes the origin and allows credentials.
  const anyOrigin = rule.AllowedOrigin.includes("*");
  const h: Record<string, string> = {
    "access-control-allow-origin": anyOrigin ? "*" : request.origin,
    "access-control-allow-methods": rule.AllowedMethod.join(", "),
  };
  if (!anyOrigin) h["access-control-allow-credentials"] = "true";
  if (request.headers.length > 0) h["access-control-allow-headers"] = request.headers.join(", ");
  if (rule.ExposeHeader && rule.ExposeHeader.length > 0) {
    h["access-control-expose-headers"] = rule.ExposeHeader.join(", ");
  }
  if (rule.MaxAgeSeconds !== undefined && rule.MaxAgeSeconds !== "0") {
    h["access-control-max-age"] = rule.MaxAgeSeconds;
  }
  h.vary = "Origin, Access-Control-Request-Headers, Access-Control-Request-Method";
  return h;
}

/**
 * The CORS headers for an ordinary (non-preflight) request: none unless it carries an
 * Origin, the bucket has CORS rules and one of them matches.
 */
export function corsResponseHeaders(
  bucket: BucketRecord | undefined,
  req: HttpRequest,
): Record<string, string> {
  const request = corsRequestOf(req);
  if (!request || !bucket) return {};
  let rules: CorsRule[] | undefined;
  try {
    rules = corsRulesOf(bucket);
  } catch {
    return {};
  }
  const rule = rules && matchCorsRule(rules, request);
  return rule ? corsHeaders(rule, request) : {};
}

/** An error carrying CORS headers too, so that browsers can read S3's error responses. */
export function withCorsHeaders(err: AwsError, headers: Record<string, string>): AwsError {
  if (Object.keys(headers).length === 0) return err;
  return new AwsError(err.code, err.message, err.status, {
    fields: err.fields,
    headers: { ...err.headers, ...headers },
    fault: err.fault,
  });
}

import { credentialScope } from "../auth/sigv4.ts";
import { queryParams } from "../protocol/query.ts";
import type { HttpRequest } from "./http.ts";
import type { Service } from "./service.ts";

const CBOR_PATH = /^\/service\/([^/]+)\/operation\//;

/**
 * Finds the service a request is for, in the order LocalStack's gateway uses:
 * the SigV4 credential scope, X-Amz-Target, the query protocol's Action/Version,
 * the rpc-v2-cbor path, REST path prefixes, and finally S3.
 */
export class ServiceDetector {
  private readonly bySigningName = new Map<string, Service>();
  private readonly byTarget = new Map<string, Service>();
  private readonly byVersion = new Map<string, Service>();
  private readonly byCborService = new Map<string, Service>();
  private readonly byPathPrefix: Array<[string, Service]> = [];

  private readonly fallback: Service;

  constructor(services: Service[], fallback: Service) {
    this.fallback = fallback;
    for (const s of services) {
      for (const n of s.detection.signingNames) this.bySigningName.set(n, s);
      for (const t of s.detection.targetPrefixes ?? []) this.byTarget.set(t, s);
      for (const v of s.detection.queryVersions ?? []) this.byVersion.set(v, s);
      for (const c of s.detection.cborServices ?? []) this.byCborService.set(c, s);
      for (const p of s.detection.pathPrefixes ?? []) this.byPathPrefix.push([p, s]);
    }
    this.byPathPrefix.sort((a, b) => b[0].length - a[0].length);
  }

  detect(req: HttpRequest): Service {
    const scope = credentialScope(req);
    if (scope) {
      const s = this.bySigningName.get(scope.service);
      if (s) return s;
    }
    const target = req.headers["x-amz-target"];
    if (target) {
      const s = this.byTarget.get(target.slice(0, target.lastIndexOf(".")));
      if (s) return s;
    }
    const cbor = CBOR_PATH.exec(req.rawPath);
    if (cbor) {
      const s = this.byCborService.get(cbor[1]!);
      if (s) return s;
    }
    if (
      req.query.has("Action") ||
      (req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")
    ) {
      const version = queryParams(req).get("Version");
      const s = version ? this.byVersion.get(version) : undefined;
      if (s) return s;
    }
    for (const [prefix, s] of this.byPathPrefix) {
      if (req.rawPath.startsWith(prefix)) return s;
    }
    return this.fallback;
  }
}

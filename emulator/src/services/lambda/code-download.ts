import { decodePathComponent } from "../../gateway/http.ts";
import { type InternalRoute, jsonResponse, methodNotAllowed } from "../../gateway/internal-routes.ts";
import type { StateStore } from "../../state/store.ts";
import type { FunctionRecord, VersionConfig } from "./model.ts";

/** GetFunction's Code.Location points here (functions.ts): /_darkroom/lambda-code/<CodeSha256, URI-encoded>. */
const PREFIX = "/_darkroom/lambda-code/";
/** Lambda's per-account, per-region tables that hold code references. */
const CODE_TABLE = /^lambda\/[^/]+\/[^/]+\/(functions|versions)$/;

/** The blob holding the zip whose base64 SHA-256 is `sha256`, in any account and region. */
export function findCodeBlob(store: StateStore, sha256: string): string | undefined {
  for (const name of store.tableNames()) {
    const kind = CODE_TABLE.exec(name)?.[1];
    if (kind === "functions") {
      for (const fn of store.table<FunctionRecord>(name).values()) {
        if (fn.latest.codeSha256 === sha256) return fn.latest.codeBlobId;
      }
    } else if (kind === "versions") {
      for (const v of store.table<VersionConfig>(name).values()) {
        if (v.codeSha256 === sha256) return v.codeBlobId;
      }
    }
  }
  return undefined;
}

/** Serves deployment packages by code hash, as AWS's presigned S3 link in Code.Location does. */
export function codeDownloadRoute(store: StateStore): InternalRoute {
  return async (req) => {
    if (!req.rawPath.startsWith(PREFIX)) return null;
    if (req.method !== "GET" && req.method !== "HEAD") return { response: methodNotAllowed("GET, HEAD") };
    const sha256 = decodePathComponent(req.rawPath.slice(PREFIX.length));
    const blobId = findCodeBlob(store, sha256);
    if (blobId === undefined) {
      return { response: jsonResponse(404, { Message: `No function code has CodeSha256 ${sha256}` }) };
    }
    return {
      response: {
        status: 200,
        headers: { "content-type": "application/zip", "content-length": String(store.blobSize(blobId)) },
        body: store.streamBlobs([blobId]),
      },
    };
  };
}

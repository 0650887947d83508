import { type IncomingHttpHeaders, request } from "node:http";
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  CreateFunctionUrlConfigCommand,
  type CreateFunctionUrlConfigCommandInput,
  GetFunctionCommand,
  PutFunctionConcurrencyCommand,
  waitUntilFunctionActiveV2,
} from "@aws-sdk/client-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Credentials, emulatorUrl, TEST_CREDENTIALS, uniqueName } from "./support/clients.ts";
import { lambdaClient, TEST_ROLE, zipOf } from "./support/lambda.ts";
import { signedFetch } from "./support/signed-request.ts";

/*
 * Function URLs served on the shared emulator's port, in both forms: the host form
 * <id>.lambda-url.<region>.localhost:<port> and the path form /_lambda-url/<id>/...
 */

const lambda = lambdaClient();
afterAll(() => lambda.destroy());

/** Echoes the v2.0 event it got, with a status, headers and cookies of its own; /boom throws. */
const ECHO_SOURCE = `
export const handler = async (event) => {
  if (event.rawPath === "/boom") throw new Error("boom");
  if (event.rawPath === "/plain") return { hello: "world" };
  return {
    statusCode: 201,
    headers: { "X-Custom": "yes", "Access-Control-Allow-Origin": "https://other.example" },
    cookies: ["a=1; Path=/", "b=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT"],
    body: JSON.stringify(event),
  };
};
`;

const CORS = {
  AllowOrigins: ["https://app.example"],
  AllowMethods: ["GET", "POST"],
  AllowHeaders: ["x-trace"],
  ExposeHeaders: ["x-custom"],
  MaxAge: 300,
  AllowCredentials: true,
};

const ZIP = zipOf({ "index.mjs": ECHO_SOURCE });

interface UrlEventSeen {
  version: string;
  rawPath: string;
  rawQueryString: string;
  cookies?: string[];
  headers: Record<string, string>;
  queryStringParameters?: Record<string, string>;
  body?: string;
  isBase64Encoded: boolean;
  requestContext: {
    accountId: string;
    apiId: string;
    domainName: string;
    requestId: string;
    authorizer?: { iam: { accountId: string; accessKey: string } };
    http: { method: string; path: string; sourceIp: string };
  };
}

async function deploy(name: string): Promise<void> {
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: "nodejs22.x",
      Role: TEST_ROLE,
      Handler: "index.handler",
      Code: { ZipFile: ZIP },
    }),
  );
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30 }, { FunctionName: name });
}

/** Creates the URL config and returns its id, taken from the FunctionUrl Lambda reports. */
async function createUrl(input: CreateFunctionUrlConfigCommandInput): Promise<string> {
  const out = await lambda.send(new CreateFunctionUrlConfigCommand(input));
  const host = new URL(out.FunctionUrl ?? "").hostname;
  const m = /^([a-z0-9]+)\.lambda-url\.us-east-1\.localhost$/.exec(host);
  expect(m, out.FunctionUrl).not.toBeNull();
  return m![1]!;
}

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A request to 127.0.0.1 carrying the function URL's Host header: *.localhost does not
 * resolve everywhere (browsers map it to loopback; Node's resolver may not).
 */
function hostFormRequest(
  urlId: string,
  path: string,
  options: { method?: string; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const { port } = new URL(emulatorUrl());
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port: Number(port),
        path,
        method: options.method ?? "GET",
        headers: { host: `${urlId}.lambda-url.us-east-1.localhost:${port}`, ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end();
  });
}

function pathForm(urlId: string, rest: string): string {
  return `${emulatorUrl()}/_lambda-url/${urlId}${rest}`;
}

let echoName = "";
let echoUrl = "";

beforeAll(async () => {
  echoName = uniqueName("furl");
  await deploy(echoName);
  echoUrl = await createUrl({ FunctionName: echoName, AuthType: "NONE", Cors: CORS });
});

describe("a function URL with AuthType NONE", () => {
  it("passes a GET on the host form to the handler as a v2.0 event and returns its response", async () => {
    const res = await hostFormRequest(echoUrl, "/items/7?x=1&x=2&y=z", {
      headers: { cookie: "s=1; t=2", origin: "https://app.example", "user-agent": "furl-test" },
    });
    expect(res.status).toBe(201);
    expect(res.headers["content-type"]).toBe("application/json");
    expect(res.headers["x-custom"]).toBe("yes");
    // One Set-Cookie line per cookie, the Expires date's comma intact.
    expect(res.headers["set-cookie"]).toEqual(["a=1; Path=/", "b=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT"]);
    const requestId = res.headers["x-amzn-requestid"];
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    // The URL's CORS config wins over the function's own header.
    expect(res.headers["access-control-allow-origin"]).toBe("https://app.example");
    expect(res.headers["access-control-allow-credentials"]).toBe("true");
    expect(res.headers["access-control-expose-headers"]).toBe("x-custom");

    const event = JSON.parse(res.body) as UrlEventSeen;
    expect(event).toMatchObject({
      version: "2.0",
      rawPath: "/items/7",
      rawQueryString: "x=1&x=2&y=z",
      queryStringParameters: { x: "1,2", y: "z" },
      cookies: ["s=1", "t=2"],
      isBase64Encoded: false,
      requestContext: {
        accountId: "anonymous",
        apiId: echoUrl,
        domainName: `${echoUrl}.lambda-url.us-east-1.on.aws`,
        requestId,
        http: { method: "GET", path: "/items/7", sourceIp: "127.0.0.1" },
      },
    });
    expect(event.headers["user-agent"]).toBe("furl-test");
    expect(event.headers.cookie).toBeUndefined();
    expect(event.body).toBeUndefined();
  });

  it("serves the path form /_lambda-url/<id>/... the same way, with a request body", async () => {
    const res = await fetch(pathForm(echoUrl, "/orders?limit=5"), {
      method: "POST",
      headers: { "content-type": "application/json", cookie: "session=abc" },
      body: '{"n":1}',
    });
    expect(res.status).toBe(201);
    expect(res.headers.getSetCookie()).toEqual(["a=1; Path=/", "b=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT"]);
    const event = (await res.json()) as UrlEventSeen;
    expect(event).toMatchObject({
      rawPath: "/orders",
      rawQueryString: "limit=5",
      queryStringParameters: { limit: "5" },
      cookies: ["session=abc"],
      body: '{"n":1}',
      isBase64Encoded: false,
      requestContext: { http: { method: "POST", path: "/orders" } },
    });
    // No Origin header: the URL adds no CORS headers (the function's own one passes through).
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
    expect(res.headers.get("access-control-allow-origin")).toBe("https://other.example");
  });

  it("answers 200 with the JSON of a result that has no statusCode", async () => {
    const res = await fetch(pathForm(echoUrl, "/plain"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.json()).toEqual({ hello: "world" });
  });

  it("answers 502 when the handler throws", async () => {
    const res = await hostFormRequest(echoUrl, "/boom");
    expect(res.status).toBe(502);
    expect(JSON.parse(res.body)).toEqual({ Message: "Internal Server Error" });
    expect(res.headers["x-amzn-requestid"]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("answers a CORS preflight from the URL's config without invoking the function", async () => {
    const res = await hostFormRequest(echoUrl, "/items/7", {
      method: "OPTIONS",
      headers: {
        origin: "https://app.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "x-trace",
      },
    });
    // The function would have answered 201 with the event as its body.
    expect(res.status).toBe(200);
    expect(res.body).toBe("");
    expect(res.headers).toMatchObject({
      "access-control-allow-origin": "https://app.example",
      "access-control-allow-methods": "GET,POST",
      "access-control-allow-headers": "x-trace",
      "access-control-max-age": "300",
      "access-control-allow-credentials": "true",
    });
  });

  it("gives a preflight from an origin the config does not list no CORS headers", async () => {
    const res = await fetch(pathForm(echoUrl, "/"), {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "GET" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    expect(res.headers.get("access-control-allow-methods")).toBeNull();
  });

  it("answers 404 for a URL id it does not know, in both forms", async () => {
    const unknown = "0".repeat(32);
    const byHost = await hostFormRequest(unknown, "/");
    expect(byHost.status).toBe(404);
    expect(JSON.parse(byHost.body)).toEqual({ Message: null });
    const byPath = await fetch(pathForm(unknown, "/x"));
    expect(byPath.status).toBe(404);
    expect(await byPath.json()).toEqual({ Message: null });
  });
});

describe("a function URL of a throttled function", () => {
  it("answers 429 when the function has no concurrency to run in", async () => {
    const name = uniqueName("furl-throttled");
    await deploy(name);
    // Reserved concurrency 0 is how AWS tells you to switch a function URL off.
    await lambda.send(
      new PutFunctionConcurrencyCommand({ FunctionName: name, ReservedConcurrentExecutions: 0 }),
    );
    const urlId = await createUrl({ FunctionName: name, AuthType: "NONE" });
    const res = await fetch(pathForm(urlId, "/"));
    expect(res.status).toBe(429);
    expect(await res.json()).toEqual({ Message: "Rate Exceeded." });
  });
});

describe("a function URL with AuthType AWS_IAM on an alias", () => {
  let name = "";
  let urlId = "";

  beforeAll(async () => {
    name = uniqueName("furl-iam");
    await deploy(name);
    await lambda.send(
      new CreateAliasCommand({ FunctionName: name, Name: "live", FunctionVersion: "$LATEST" }),
    );
    urlId = await createUrl({ FunctionName: name, Qualifier: "live", AuthType: "AWS_IAM" });
  });

  it("refuses an unsigned request with 403 Forbidden", async () => {
    const res = await fetch(pathForm(urlId, "/secret"));
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ Message: "Forbidden" });
  });

  it("refuses a request signed with the wrong secret", async () => {
    const res = await signedGet(pathForm(urlId, "/secret"), {
      ...TEST_CREDENTIALS,
      secretAccessKey: "wrong",
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ Message: "Forbidden" });
  });

  it("invokes the alias for a request signed for lambda, naming the caller in the event", async () => {
    const res = await signedGet(pathForm(urlId, "/secret?q=1"), TEST_CREDENTIALS);
    expect(res.status).toBe(201);
    const event = (await res.json()) as UrlEventSeen;
    expect(event.rawPath).toBe("/secret");
    expect(event.requestContext.accountId).toBe("000000000000");
    expect(event.requestContext.authorizer?.iam).toMatchObject({
      accountId: "000000000000",
      accessKey: TEST_CREDENTIALS.accessKeyId,
    });
  });
});

/** A GET signed with SigV4 for Lambda in us-east-1, as awscurl would send it. */
function signedGet(url: string, credentials: Credentials): Promise<Response> {
  return signedFetch({ service: "lambda", method: "GET", url, credentials });
}

describe("the emulator's own Lambda endpoints", () => {
  it("serves the deployment package at GetFunction's Code.Location", async () => {
    const out = await lambda.send(new GetFunctionCommand({ FunctionName: echoName }));
    const location = out.Code?.Location ?? "";
    expect(location).toContain("/_darkroom/lambda-code/");
    const res = await fetch(location);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    expect(Buffer.from(await res.arrayBuffer())).toEqual(Buffer.from(ZIP));
  });

  it("answers 404 for code no function has", async () => {
    const res = await fetch(
      `${emulatorUrl()}/_darkroom/lambda-code/${encodeURIComponent("bm8/c3VjaCtjb2Rl")}`,
    );
    expect(res.status).toBe(404);
  });

  it("lists failed asynchronous invocations as JSON, filtered by function", async () => {
    const res = await fetch(`${emulatorUrl()}/_darkroom/lambda/failed-events?function=${echoName}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    // This function was never invoked asynchronously.
    expect(await res.json()).toEqual([]);
    const all = await fetch(`${emulatorUrl()}/_darkroom/lambda/failed-events`);
    expect(Array.isArray(await all.json())).toBe(true);
  });
});

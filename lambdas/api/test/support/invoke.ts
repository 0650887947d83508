import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from "aws-lambda";
import { vi } from "vitest";
import { type EventOptions, lambdaContext, urlEvent } from "./events.ts";

export type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>;

export interface ApiAnswer<T> {
  status: number;
  headers: Record<string, string>;
  body: T;
}

/** Calls `handler` with a function URL event and reads its JSON answer. */
export type Invoke = <T = Record<string, unknown>>(
  method: string,
  path: string,
  options?: EventOptions,
) => Promise<ApiAnswer<T>>;

export function invoker(handler: Handler): Invoke {
  return async <T>(method: string, path: string, options: EventOptions = {}) => {
    const result = await handler(urlEvent(method, path, options), lambdaContext());
    if (typeof result === "string") throw new Error(`expected a structured result, got ${result}`);
    const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k, String(v)]));
    return {
      status: result.statusCode ?? 200,
      headers,
      body: (result.body ? JSON.parse(result.body) : undefined) as T,
    };
  };
}

/**
 * The real handler module, loaded afresh with `env` added to process.env: it reads its
 * configuration once, at import (cold start), as on Lambda.
 */
export async function loadHandler(env: Record<string, string>): Promise<Handler> {
  Object.assign(process.env, env);
  vi.resetModules();
  const module = await import("../../src/handler.ts");
  return module.handler;
}

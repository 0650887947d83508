import type { ImagesController } from "./controllers/images.controller.ts";
import type { UploadsController } from "./controllers/uploads.controller.ts";
import { ValidationError } from "./http/errors.ts";
import type { ApiRequest } from "./http/request.ts";
import type { ApiResponse } from "./http/responses.ts";

/** Method + path → controller. Paths are templates: "/images/{id}" binds the segment to `id`. */
export interface RouteContext {
  request: ApiRequest;
  params: Record<string, string>;
}

export interface Route {
  method: string;
  path: string;
  handle: (context: RouteContext) => Promise<ApiResponse>;
}

export type RouteMatch =
  | { kind: "found"; route: Route; params: Record<string, string> }
  /** The path exists, the method does not: 405 with these methods in Allow (or a preflight). */
  | { kind: "wrong-method"; path: string; allowed: string[] }
  | { kind: "not-found" };

/** The API's routes. */
export function apiRoutes(uploads: UploadsController, images: ImagesController): Route[] {
  return [
    { method: "POST", path: "/uploads", handle: uploads.create },
    { method: "GET", path: "/images", handle: images.list },
    { method: "GET", path: "/images/{id}", handle: images.get },
  ];
}

/** The path's segments bound to the template's `{name}` segments, or null when it does not fit. */
function bind(template: string, path: string): Record<string, string> | null {
  const want = template.split("/");
  const got = path.split("/");
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (const [i, part] of want.entries()) {
    const segment = got[i]!;
    const name = /^\{(\w+)\}$/.exec(part)?.[1];
    if (name === undefined) {
      if (part !== segment) return null;
    } else {
      if (segment === "") return null;
      params[name] = decodeSegment(name, segment);
    }
  }
  return params;
}

function decodeSegment(name: string, segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ValidationError(name, `${name}: "${segment}" is not valid percent-encoding`);
  }
}

export class Router {
  readonly #routes: readonly Route[];

  constructor(routes: readonly Route[]) {
    this.#routes = routes;
  }

  match(method: string, path: string): RouteMatch {
    let allowed: string[] = [];
    let template = "";
    for (const route of this.#routes) {
      const params = bind(route.path, path);
      if (params === null) continue;
      if (route.method === method) return { kind: "found", route, params };
      allowed = [...allowed, route.method];
      template = route.path;
    }
    return allowed.length > 0 ? { kind: "wrong-method", path: template, allowed } : { kind: "not-found" };
  }
}

// Finds and loads the handler as AWS's runtime interface client does: "dir/module.a.b"
// names <task>/dir/module with an extension tried in AWS's order, and export a.b.

import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { HandlerNotFound, ImportModuleError, MalformedHandlerName, UserCodeSyntaxError } from "./errors.mjs";

const require = createRequire(import.meta.url);
const FUNCTION_EXPR = /^([^.]*)\.(.*)$/;

function tryRequire(file) {
  return fs.existsSync(file) ? require(file) : undefined;
}

async function tryImport(file) {
  return fs.existsSync(file) ? await import(pathToFileURL(file).href) : undefined;
}

/** Whether the package.json nearest to `folder` says "type": "module". */
function folderIsModule(folder) {
  if (folder.endsWith(`${path.sep}node_modules`)) return false;
  const pj = path.join(folder, "package.json");
  if (fs.existsSync(pj)) {
    try {
      return JSON.parse(fs.readFileSync(pj, "utf8"))?.type === "module";
    } catch (e) {
      console.warn(`${pj} cannot be read, it will be ignored for ES module detection purposes.`, e);
      return false;
    }
  }
  const parent = path.resolve(folder, "..");
  return parent === folder ? false : folderIsModule(parent);
}

async function loadModule(appRoot, moduleRoot, module) {
  const lambdaStylePath = path.resolve(appRoot, moduleRoot, module);
  // Extensionless files, then .js as CommonJS unless its package says "module",
  // then .js as an ES module, .mjs and .cjs; then Node's own resolution.
  const extensionless = tryRequire(lambdaStylePath);
  if (extensionless) return extensionless;
  const isModule = fs.existsSync(`${lambdaStylePath}.js`) && folderIsModule(path.dirname(lambdaStylePath));
  if (!isModule) {
    const loaded = tryRequire(`${lambdaStylePath}.js`);
    if (loaded) return loaded;
  }
  const loaded =
    (isModule && (await tryImport(`${lambdaStylePath}.js`))) ||
    (await tryImport(`${lambdaStylePath}.mjs`)) ||
    tryRequire(`${lambdaStylePath}.cjs`);
  if (loaded) return loaded;
  return require(require.resolve(module, { paths: [appRoot, moduleRoot] }));
}

export async function loadHandler(appRoot, fullHandlerString) {
  if (fullHandlerString.includes("..")) {
    throw new MalformedHandlerName(
      `'${fullHandlerString}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`,
    );
  }
  const handlerString = path.basename(fullHandlerString);
  const moduleRoot = fullHandlerString.substring(0, fullHandlerString.indexOf(handlerString));
  const match = handlerString.match(FUNCTION_EXPR);
  if (match?.length !== 3) throw new MalformedHandlerName("Bad handler");
  const [, module, handlerPath] = match;
  let app;
  try {
    app = await loadModule(appRoot, moduleRoot, module);
  } catch (e) {
    if (e instanceof SyntaxError) throw new UserCodeSyntaxError(e);
    if (e?.code === "MODULE_NOT_FOUND") throw new ImportModuleError(e);
    throw e;
  }
  const handler = handlerPath.split(".").reduce((nested, key) => nested?.[key], app);
  if (!handler) throw new HandlerNotFound(`${fullHandlerString} is undefined or not exported`);
  if (typeof handler !== "function") throw new HandlerNotFound(`${fullHandlerString} is not a function`);
  return handler;
}

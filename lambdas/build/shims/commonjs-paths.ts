// Injected into every bundle (esbuild's `inject`): bundled CommonJS packages that read
// __dirname or __filename (libheif-js's wasm loader does) get the bundle's own, which an
// ES module does not define. esbuild replaces only free references, so no binding clashes.
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

const bundleFile = fileURLToPath(import.meta.url);

export { bundleFile as __filename };
export const __dirname = dirname(bundleFile);

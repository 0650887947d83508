// The worker thread's entry: Node 20 does not carry --import loaders into worker threads, so
// this plain module loads the TypeScript worker through tsx's API.
import { tsImport } from "tsx/esm/api";

await tsImport("./worker.ts", import.meta.url);

// The inference process's entry: Node 20 does not pass --import loaders to child processes
// reliably (and the child runs with no execArgv of its own), so this plain module loads the
// TypeScript through tsx's API, the same way on Node 20, 22 and 24.
import { tsImport } from "tsx/esm/api";

await tsImport("./inference-process.ts", import.meta.url);

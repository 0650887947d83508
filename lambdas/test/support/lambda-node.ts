import { NodeBinaries } from "../../../emulator/src/services/lambda/runtime/node-binary.ts";

/**
 * The Node binary the emulator runs nodejs22.x functions on: Node 22 when `npm run lambda:node`
 * fetched it (or it is on PATH), else the host's Node.
 */
export function lambdaNode22(): string {
  return new NodeBinaries({ settings: process.env, warn: () => {} }).resolve("nodejs22.x").path;
}

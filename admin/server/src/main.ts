import { startAdminServer } from "./server.ts";

/** `npm run admin`: the backend for the active target, until Ctrl-C. */
startAdminServer()
  .then((server) => {
    console.log(
      `Darkroom admin API on ${server.url}/api (docs ${server.url}/api/docs, target ${server.settings.target})`,
    );
  })
  .catch((error: unknown) => {
    console.error(`darkroom-admin: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });

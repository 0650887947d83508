export * from "./client-factory.ts";
export * from "./endpoint-settings.ts";
export * from "./set-variables.ts";

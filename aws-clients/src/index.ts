export * from "./client-factory.ts";
export * from "./endpoint-settings.ts";
export * from "./read-settings.ts";
export * from "./set-variables.ts";

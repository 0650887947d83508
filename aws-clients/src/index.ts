export * from "./client-factory.ts";
export * from "./endpoint-settings.ts";

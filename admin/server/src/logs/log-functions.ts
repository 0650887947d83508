/** The stack's functions whose log groups (StackResources.logGroups) the logs endpoints read. */
export const LOG_FUNCTIONS = ["processor", "api"] as const;
export type LogFunction = (typeof LOG_FUNCTIONS)[number];

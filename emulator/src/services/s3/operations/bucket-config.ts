/** Bucket sub-resources (cors, lifecycle, policy, ...): one file per group under bucket-config/. */
export { bucketConfigOperations } from "./bucket-config/index.ts";

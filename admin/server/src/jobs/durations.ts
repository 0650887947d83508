/** A duration for the stuck-image job's messages: "6.5 minutes". */
export const minutes = (ms: number): string => `${Math.round(ms / 6_000) / 10} minutes`;

import {
  IMAGE_STATUSES,
  type ImageStatus,
  INPUT_FORMATS,
  type InputFormat,
  MAX_LABEL_NAME_LENGTH,
} from "@darkroom/image-record";

/**
 * The gallery's filters, kept in the URL so a reload or a shared link shows the same images.
 * Status, label and format are exclusive (each is one index of the table); the date range
 * combines with any of them.
 */
export interface ImageFilters {
  status?: ImageStatus;
  label?: string;
  format?: InputFormat;
  /** YYYY-MM-DD, local days as the date inputs give them. */
  from?: string;
  to?: string;
}

export type IndexFilter = "status" | "label" | "format";

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  const upper = value?.toUpperCase();
  return values.find((v) => v === value || v === upper || v === value?.toLowerCase());
}

export function filtersFromUrl(params: URLSearchParams): ImageFilters {
  const filters: ImageFilters = {};
  const status = oneOf(IMAGE_STATUSES, params.get("status"));
  const format = oneOf(INPUT_FORMATS, params.get("format"));
  const label = params.get("label")?.trim().slice(0, MAX_LABEL_NAME_LENGTH);
  // The first index filter wins, as the backend would refuse two.
  if (status) filters.status = status;
  else if (label) filters.label = label;
  else if (format) filters.format = format;
  const from = params.get("from");
  const to = params.get("to");
  if (from && DAY.test(from)) filters.from = from;
  if (to && DAY.test(to)) filters.to = to;
  return filters;
}

export function filtersToSearch(filters: ImageFilters): string {
  const params = new URLSearchParams();
  for (const name of ["status", "label", "format", "from", "to"] as const) {
    const value = filters[name];
    if (value) params.set(name, value);
  }
  const search = params.toString();
  return search ? `?${search}` : "";
}

/** The list endpoint's query: days become the instants that start and end them, in local time. */
export function listQuery(filters: ImageFilters): {
  status?: ImageStatus;
  label?: string;
  format?: InputFormat;
  from?: string;
  to?: string;
} {
  return {
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.label ? { label: filters.label } : {}),
    ...(filters.format ? { format: filters.format } : {}),
    ...(filters.from ? { from: new Date(`${filters.from}T00:00:00`).toISOString() } : {}),
    ...(filters.to ? { to: new Date(`${filters.to}T23:59:59.999`).toISOString() } : {}),
  };
}

export function hasFilters(filters: ImageFilters): boolean {
  return Object.values(filters).some((value) => value !== undefined);
}

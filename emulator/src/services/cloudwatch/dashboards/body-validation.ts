/**
 * PutDashboard's checks of DashboardBody, worded as CloudWatch's JSON-schema validator
 * words them ("Should have required property 'widgets'"), each with the JSON pointer of
 * the offending part.
 */

export interface ValidationMessage {
  dataPath: string;
  message: string;
}

const WIDGET_TYPES = ["metric", "text", "log", "alarm", "explorer", "custom"];
const METRICS_SHAPE =
  'Field "metrics" has to be an array of array of strings, with an optional metricRenderer object as last element';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(v: Json | undefined): v is { [key: string]: Json } {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function checkPosition(widget: { [key: string]: Json }, path: string, out: ValidationMessage[]): void {
  for (const [field, min, max] of [
    ["x", 0, 23],
    ["y", 0, undefined],
    ["width", 1, 24],
    ["height", 1, 1000],
  ] as const) {
    const v = widget[field];
    if (v === undefined) continue;
    if (typeof v !== "number" || !Number.isInteger(v)) {
      out.push({ dataPath: `${path}/${field}`, message: "Should be integer" });
    } else if (v < min) {
      out.push({ dataPath: `${path}/${field}`, message: `Should be >= ${min}` });
    } else if (max !== undefined && v > max) {
      out.push({ dataPath: `${path}/${field}`, message: `Should be <= ${max}` });
    }
  }
}

function checkMetricWidget(
  properties: { [key: string]: Json },
  path: string,
  out: ValidationMessage[],
): void {
  const metrics = properties.metrics;
  const annotations = properties.annotations;
  const hasAlarmAnnotation = isObject(annotations) && Array.isArray(annotations.alarms);
  if (metrics === undefined && !hasAlarmAnnotation) {
    out.push({ dataPath: path, message: "Should have required property 'metrics'" });
    out.push({
      dataPath: path,
      message: "The metric widget should have specified a region and a data source or an alarm annotation",
    });
    out.push({ dataPath: path, message: "Should have required property 'annotations'" });
    return;
  }
  if (metrics !== undefined) {
    if (!Array.isArray(metrics)) {
      out.push({ dataPath: `${path}/metrics`, message: "Should be array" });
      return;
    }
    metrics.forEach((row, i) => {
      if (!Array.isArray(row)) {
        out.push({ dataPath: `${path}/metrics/${i}`, message: "Should be array" });
        out.push({ dataPath: `${path}/metrics/${i}`, message: METRICS_SHAPE });
      }
    });
  }
  if (typeof properties.region !== "string") {
    out.push({
      dataPath: path,
      message: "The metric widget should have specified a region and a data source or an alarm annotation",
    });
  }
}

const REQUIRED_BY_TYPE: Record<string, string> = { text: "markdown", log: "query", alarm: "alarms" };

function checkWidget(widget: Json, path: string, out: ValidationMessage[]): void {
  if (!isObject(widget)) {
    out.push({ dataPath: path, message: "Should be object" });
    return;
  }
  if (widget.type === undefined) {
    out.push({ dataPath: path, message: "Should have required property 'type'" });
    return;
  }
  if (typeof widget.type !== "string" || !WIDGET_TYPES.includes(widget.type)) {
    out.push({ dataPath: `${path}/type`, message: "Should be equal to one of the allowed values" });
    return;
  }
  checkPosition(widget, path, out);
  const properties = widget.properties;
  if (properties === undefined) {
    out.push({ dataPath: path, message: "Should have required property 'properties'" });
    return;
  }
  if (!isObject(properties)) {
    out.push({ dataPath: `${path}/properties`, message: "Should be object" });
    return;
  }
  if (widget.type === "metric") checkMetricWidget(properties, `${path}/properties`, out);
  const required = REQUIRED_BY_TYPE[widget.type];
  if (required !== undefined && properties[required] === undefined) {
    out.push({ dataPath: `${path}/properties`, message: `Should have required property '${required}'` });
  }
}

/** The problems with a dashboard body; none means it is accepted. */
export function validateDashboardBody(body: string): ValidationMessage[] {
  let parsed: Json;
  try {
    parsed = JSON.parse(body) as Json;
  } catch {
    return [{ dataPath: "", message: "The field DashboardBody must be a valid JSON object" }];
  }
  if (!isObject(parsed)) return [{ dataPath: "", message: "Should be object" }];
  if (parsed.widgets === undefined)
    return [{ dataPath: "", message: "Should have required property 'widgets'" }];
  if (!Array.isArray(parsed.widgets)) return [{ dataPath: "/widgets", message: "Should be array" }];
  const out: ValidationMessage[] = [];
  parsed.widgets.forEach((w, i) => {
    checkWidget(w, `/widgets/${i}`, out);
  });
  return out;
}

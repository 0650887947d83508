import { loadavg } from "node:os";
import { createAdminClient } from "@darkroom/admin-client";
import { listMode, listQuery, parseListParams } from "@darkroom/image-record";
import { listPage } from "@darkroom/image-record/dynamodb";
import { writeSection } from "../../../emulator/bench/benchmarks-file.ts";
import { describeMachine } from "../../../emulator/bench/machine.ts";
import { percentile } from "../../../emulator/bench/stats.ts";
import type { StackOutputs } from "../../../infra/deploy/stack-outputs.ts";
import { LINK_LIFETIME_SECONDS } from "../src/images/image-views.ts";
import type { awsClients } from "../src/repositories/aws-clients.ts";
import { awsRepositories } from "../src/repositories/aws-repositories.ts";
import type { loadAdminSettings } from "../src/settings/admin-settings.ts";
import { stackResources } from "../src/settings/stack-resources.ts";
import { startListingStack } from "./listing-stack.ts";
import { SEED_LABELS, seedImages } from "./seed-images.ts";

/**
 * `npm run bench:admin`: latency of `GET /api/images?limit=50` with 10,000 images in the table
 * (issue 8, acceptance 6: p95 < 50 ms on the emulator). The emulator runs in this process
 * without persistence, as in the integration tests; only the table and the buckets are created
 * (the listing needs nothing else). Requests go one at a time through the typed client, so a
 * latency is one request's whole path: HTTP, Nest, the Query (and BatchGet for a label),
 * presigning the thumbnails, and the response's validation and JSON.
 */
const IMAGES = Number(process.env.DARKROOM_BENCH_IMAGES ?? 10_000);
const REQUESTS = Number(process.env.DARKROOM_BENCH_REQUESTS ?? 300);
const WARMUP = 30;
const LIMIT = 50;
const TOKEN = "bench-admin-token-0123456789abcdef";
const TARGET_P95_MS = 50;
/** One image every 15 minutes: 10,000 span about 104 days. */
const SPACING_MS = 15 * 60_000;

type Query = Record<string, string | number>;

interface Scenario {
  name: string;
  /** The pages requested, in turn: each a query with or without a cursor. */
  pages: Query[];
}

interface Result {
  name: string;
  pages: number;
  requests: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

const ms = (value: number) => value.toFixed(1);

function summarize(name: string, pages: number, samples: number[]): Result {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    name,
    pages,
    requests: samples.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

async function main(): Promise<void> {
  const loadBefore = loadavg();
  const started = performance.now();
  const stack = await startListingStack(TOKEN);
  const { settings, outputs, clients, server } = stack;
  try {
    let t = performance.now();
    const seeded = await seedImages(clients.dynamodb, outputs.images_table, {
      count: IMAGES,
      until: new Date(),
      spacingMs: SPACING_MS,
    });
    const seedMs = performance.now() - t;
    console.log(`seeded ${IMAGES} images (${seeded.items} items) in ${(seedMs / 1000).toFixed(1)} s`);

    const admin = createAdminClient({ baseUrl: server.url, token: TOKEN });
    const get = async (query: Query) => {
      const { data, error, response } = await admin.GET("/api/images", { params: { query } });
      if (!data)
        throw new Error(
          `GET /api/images ${JSON.stringify(query)}: ${response.status} ${JSON.stringify(error)}`,
        );
      return data;
    };
    /** Every page of a listing, walked by its cursors; checks it holds `expected` images. */
    const walk = async (query: Query, expected: number): Promise<Query[]> => {
      const pages: Query[] = [];
      let cursor: string | null = null;
      let seen = 0;
      do {
        const page: Query = cursor === null ? { ...query } : { ...query, cursor };
        pages.push(page);
        const answer = await get(page);
        seen += answer.items.length;
        cursor = answer.nextCursor;
      } while (cursor !== null);
      if (seen !== expected)
        throw new Error(`${JSON.stringify(query)} listed ${seen} images, not ${expected}`);
      return pages;
    };
    const base = { limit: LIMIT };
    const label = SEED_LABELS[0]!;
    const spanMs = seeded.last.getTime() - seeded.first.getTime();
    const from = new Date(seeded.first.getTime() + spanMs * 0.4).toISOString();
    const to = new Date(seeded.first.getTime() + spanMs * 0.7).toISOString();
    const count = (keep: (r: (typeof seeded.records)[number]) => boolean) =>
      seeded.records.filter(keep).length;
    t = performance.now();
    const all = await walk(base, IMAGES);
    const scenarios: Scenario[] = [
      { name: "first page", pages: [base] },
      { name: "deep pages (cursor, second half)", pages: all.slice(Math.floor(all.length / 2)) },
      {
        name: "status=PROCESSED, every page",
        pages: await walk(
          { ...base, status: "PROCESSED" },
          count((r) => r.status === "PROCESSED"),
        ),
      },
      {
        name: `label=${label}, every page`,
        pages: await walk(
          { ...base, label },
          count((r) => r.status === "PROCESSED" && r.labels.some((l) => l.name === label)),
        ),
      },
      {
        name: "format=png, every page",
        pages: await walk(
          { ...base, format: "png" },
          count((r) => "format" in r && r.format === "png"),
        ),
      },
      {
        name: "from/to (30% of the span), every page",
        pages: await walk(
          { ...base, from, to },
          count((r) => r.createdAt >= from && r.createdAt <= to),
        ),
      },
    ];
    console.log(`walked every listing in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    const results: Result[] = [];
    for (const scenario of scenarios) {
      for (let i = 0; i < WARMUP; i++) await get(scenario.pages[i % scenario.pages.length]!);
      const samples: number[] = [];
      for (let i = 0; i < REQUESTS; i++) {
        const page = scenario.pages[i % scenario.pages.length]!;
        const t0 = performance.now();
        await get(page);
        samples.push(performance.now() - t0);
      }
      const result = summarize(scenario.name, scenario.pages.length, samples);
      results.push(result);
      console.log(
        `${scenario.name}: p50 ${ms(result.p50)} ms, p95 ${ms(result.p95)} ms, p99 ${ms(result.p99)} ms`,
      );
    }

    const parts = await profileParts(settings, outputs, clients, label);
    const loadAfter = loadavg();
    report({
      results,
      parts,
      seedMs,
      items: seeded.items,
      loadBefore,
      loadAfter,
      totalMs: performance.now() - started,
    });
  } finally {
    await stack.stop();
  }
}

/**
 * Where a page's time goes, each part measured alone in this process with the backend's own
 * repositories: the listing (listPage: the Query for 51 items, and for a label the BatchGetItem
 * of its 50 records), and presigning the page's thumbnail links (one per PROCESSED image, as
 * ImageViews does). The endpoint's remainder is HTTP, Nest, zod and JSON.
 */
async function profileParts(
  settings: ReturnType<typeof loadAdminSettings>,
  outputs: StackOutputs,
  clients: ReturnType<typeof awsClients>,
  label: string,
): Promise<Result[]> {
  const repositories = awsRepositories(settings, stackResources(outputs, settings.infra), clients);
  const time = async (name: string, run: () => Promise<unknown>) => {
    for (let i = 0; i < WARMUP; i++) await run();
    const samples: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const t0 = performance.now();
      await run();
      samples.push(performance.now() - t0);
    }
    return summarize(name, 1, samples);
  };
  const parts: Result[] = [];
  for (const [what, input] of [
    ["first page", { limit: LIMIT }],
    [`label=${label}`, { limit: LIMIT, label }],
  ] as const) {
    const mode = listMode(parseListParams(input));
    const query = listQuery(input);
    const list = () => listPage(repositories.imageTable, mode, query, LIMIT);
    const thumbnails = (await list()).records.flatMap((record) =>
      record.status === "PROCESSED" ? record.variants.filter((v) => v.name === "thumbnail") : [],
    );
    const sign = () =>
      Promise.all(
        thumbnails.map((v) => repositories.objectStore.presignGet("media", v.key, LINK_LIFETIME_SECONDS)),
      );
    parts.push(await time(`${what}: DynamoDB (listPage)`, list));
    parts.push(await time(`${what}: presigning its ${thumbnails.length} thumbnail links`, sign));
  }
  return parts;
}

function report(run: {
  results: Result[];
  parts: Result[];
  seedMs: number;
  items: number;
  loadBefore: number[];
  loadAfter: number[];
  totalMs: number;
}): void {
  const m = describeMachine();
  const load = (l: number[]) => l.map((v) => v.toFixed(2)).join(" ");
  const worstP95 = Math.max(...run.results.map((r) => r.p95));
  const row = (r: Result) =>
    `| ${r.name} | ${r.pages} | ${r.requests} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${ms(r.max)} |`;
  const body = [
    "## Admin API: image list",
    "",
    `Generated by \`npm run bench:admin\` on ${new Date().toISOString()}; ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}, source ${m.source}. Load average (1, 5, 15 min) ${load(run.loadBefore)} before, ${load(run.loadAfter)} after (2 cores: other work on the machine shows as load above ~1). The whole run took ${(run.totalMs / 1000).toFixed(0)} s.`,
    "",
    `${IMAGES.toLocaleString("en-US")} valid image records (${run.items.toLocaleString("en-US")} items with their label items; half PROCESSED with 0-3 of ${SEED_LABELS.length} labels, the rest FAILED, UPLOADED and PROCESSING; jpeg, png and webp; one every 15 minutes), written by BatchWriteItem in ${(run.seedMs / 1000).toFixed(1)} s into the table as image-record creates it, on the emulator in the bench's own process without persistence (the listing needs only the table and the buckets, so nothing else is deployed). The admin backend listens on 127.0.0.1; the typed client (\`@darkroom/admin-client\`) sends \`GET /api/images?limit=${LIMIT}\` one request at a time, ${WARMUP} warm-up requests then ${REQUESTS} measured per row, cycling through the row's pages (cursors collected by walking each listing once, which also checks that it lists every matching image). A latency is the whole request: HTTP, Nest, the DynamoDB Query (plus BatchGetItem for a label), presigning a thumbnail link per PROCESSED image, validating the response and its JSON.`,
    "",
    "| listing | pages | requests | p50 ms | p95 ms | p99 ms | max ms |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...run.results.map(row),
    "",
    `Target: p95 < ${TARGET_P95_MS} ms: ${worstP95 < TARGET_P95_MS ? "met" : "missed"} (worst p95 ${ms(worstP95)} ms).`,
    "",
    "Where a page's time goes (each part alone, same process, same repositories as the backend; the rest of a request is HTTP, Nest, zod validation and JSON):",
    "",
    "| part | requests | p50 ms | p95 ms | p99 ms | max ms |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    ...run.parts.map(
      (r) => `| ${r.name} | ${r.requests} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${ms(r.max)} |`,
    ),
    "",
    "No peer: there is no other NestJS admin backend for this table to run the same listing against. DynamoDB Local or LocalStack could stand in for the emulator's DynamoDB, but neither is on this machine (no Java, no Docker); `npm run bench:lambda` compares the emulator's DynamoDB with dynalite.",
  ].join("\n");
  console.log(body);
  if (process.env.DARKROOM_BENCH_WRITE !== "0") writeSection("bench:admin", body);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});

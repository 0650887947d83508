import { describe, expect, it } from "vitest";
import {
  FilterPatternError,
  matchPattern,
  parseFieldReference,
  parseFilterPattern,
  resolveField,
} from "../src/services/logs/filter-pattern/index.ts";

/** Whether `pattern` matches `message`. */
function matches(pattern: string, message: string): boolean {
  return matchPattern(parseFilterPattern(pattern), message) !== null;
}

/** The messages of `messages` that `pattern` matches, in order. */
function select(pattern: string, messages: readonly string[]): string[] {
  const parsed = parseFilterPattern(pattern);
  return messages.filter((m) => matchPattern(parsed, m) !== null);
}

function expectInvalid(pattern: string): void {
  let caught: unknown;
  try {
    parseFilterPattern(pattern);
  } catch (err) {
    caught = err;
  }
  expect(caught, `pattern ${JSON.stringify(pattern)} should be refused`).toBeInstanceOf(FilterPatternError);
  expect((caught as Error).message).toBe("Invalid filter pattern");
}

describe("filter patterns: terms", () => {
  const events = ["ERROR WARN message", "ERROR message", "WARN message", "info only"];

  it("an empty or blank pattern matches every event", () => {
    expect(select("", events)).toEqual(events);
    expect(select("   ", events)).toEqual(events);
    expect(parseFilterPattern(undefined)).toEqual({ type: "all" });
  });

  it("a term matches anywhere in the message, case-sensitively", () => {
    expect(select("ERROR", events)).toEqual(["ERROR WARN message", "ERROR message"]);
    expect(matches("ERROR", "Exiting with ERRORCODE: -1")).toBe(true);
    expect(matches("error", "ERROR message")).toBe(false);
  });

  it("several terms must all appear, in any order", () => {
    expect(select("ERROR WARN", events)).toEqual(["ERROR WARN message"]);
    expect(select("message WARN", events)).toEqual(["ERROR WARN message", "WARN message"]);
  });

  it("?terms match when any of them appears", () => {
    expect(select("?ERROR ?WARN", events)).toEqual(events.slice(0, 3));
    expect(select("?info ?nothing", events)).toEqual(["info only"]);
  });

  it("-terms exclude events, also written with a space after the minus", () => {
    expect(select("ERROR -WARN", events)).toEqual(["ERROR message"]);
    expect(select('"ERROR" - "WARN"', events)).toEqual(["ERROR message"]);
    expect(select("-ERROR", events)).toEqual(["WARN message", "info only"]);
  });

  it("quoted phrases match exactly, with escaped quotes", () => {
    expect(matches('"Failed to process"', "[WARN] Failed to process the request")).toBe(true);
    expect(matches('"Failed to process"', "Failed  to process")).toBe(false);
    expect(matches('"say \\"hi\\""', 'they say "hi" twice')).toBe(true);
    expect(matches('?"ERROR 1" ?"ERROR 2"', "got ERROR 2 here")).toBe(true);
  });

  it("combines required, optional and excluded terms", () => {
    expect(matches("GET ?404 ?500 -health", "GET /index 500")).toBe(true);
    expect(matches("GET ?404 ?500 -health", "GET /index 200")).toBe(false);
    expect(matches("GET ?404 ?500 -health", "GET /health 500")).toBe(false);
  });

  it("refuses dangling operators and unterminated quotes", () => {
    expectInvalid('"unterminated');
    expectInvalid("ERROR ?");
    expectInvalid("ERROR -");
  });
});

describe("filter patterns: regular expressions", () => {
  it("%regex% matches anywhere in the message", () => {
    expect(matches("%AUTHORIZED%", "[ERROR 401] UNAUTHORIZED REQUEST")).toBe(true);
    expect(matches("%^\\[ERROR%", "[ERROR 401] x")).toBe(true);
    expect(matches("%^\\[ERROR%", "x [ERROR 401]")).toBe(false);
    expect(matches("%colou?r%", "the color red")).toBe(true);
  });

  it("refuses groups, unsupported characters and unterminated expressions", () => {
    expectInvalid("%(a|b)%");
    expectInvalid("%something!%");
    expectInvalid("%abc");
    expectInvalid("%%");
  });
});

describe("filter patterns: JSON", () => {
  const event = JSON.stringify({
    eventType: "UpdateTrail",
    sourceIPAddress: "111.111.111.111",
    arrayKey: ["value", "another value"],
    objectList: [
      { name: "a", id: 1 },
      { name: "b", id: 2 },
    ],
    SomeObject: null,
    ThisFlag: true,
    OtherFlag: false,
    latency: 1250.5,
    code: "404",
    user: { id: 1, email: "John.Stiles@example.com" },
    users: [
      { id: 2, email: "John.Doe@example.com" },
      { id: 3, email: "Jane.Doe@example.com" },
    ],
    actions: ["GET", "PUT", "DELETE"],
    coordinates: [
      [0, 1, 2],
      [4, 5, 6],
    ],
  });

  it("compares strings with = and !=, quoted or bare", () => {
    expect(matches('{ $.eventType = "UpdateTrail" }', event)).toBe(true);
    expect(matches("{ $.eventType = UpdateTrail }", event)).toBe(true);
    expect(matches('{ $.eventType = "updatetrail" }', event)).toBe(false);
    expect(matches('{ $.eventType != "Other" }', event)).toBe(true);
    expect(matches('{ $.eventType != "UpdateTrail" }', event)).toBe(false);
  });

  it("supports leading and trailing wildcards in string values", () => {
    expect(matches("{ $.sourceIPAddress != 123.123.* }", event)).toBe(true);
    expect(matches("{ $.sourceIPAddress = 111.* }", event)).toBe(true);
    expect(matches('{ $.eventType = "*Trail" }', event)).toBe(true);
    expect(matches('{ $.eventType = "*dateTr*" }', event)).toBe(true);
    expect(matches('{ $.eventType = "Update*" }', event)).toBe(true);
    // A * in the middle is literal.
    expect(matches('{ $.eventType = "Up*Trail" }', event)).toBe(false);
    expect(matches("{ $.eventType = * }", event)).toBe(true);
  });

  it("indexes arrays and nested objects", () => {
    expect(matches('{ $.arrayKey[0] = "value" }', event)).toBe(true);
    expect(matches('{ $.arrayKey[1] = "value" }', event)).toBe(false);
    expect(matches("{ $.objectList[1].id = 2 }", event)).toBe(true);
    expect(matches("{ $.objectList[5].id = 2 }", event)).toBe(false);
    expect(matches("{ $.coordinates[1][2] = 6 }", event)).toBe(true);
    expect(matches('{ $.users[0].email = "John.Doe@example.com" }', event)).toBe(true);
  });

  it("compares numbers with every operator, in decimal and scientific notation", () => {
    expect(matches("{ $.latency > 1000 }", event)).toBe(true);
    expect(matches("{ $.latency >= 1250.5 }", event)).toBe(true);
    expect(matches("{ $.latency < 1250.5 }", event)).toBe(false);
    expect(matches("{ $.latency <= 1.3e3 }", event)).toBe(true);
    expect(matches("{ $.latency = 1250.5 }", event)).toBe(true);
    expect(matches("{ $.latency != 1250.5 }", event)).toBe(false);
    expect(matches("{ $.latency > +1000 }", event)).toBe(true);
    expect(matches("{ $.user.id = 1 }", event)).toBe(true);
    // A numeric string compares as a number.
    expect(matches("{ $.code = 404 }", event)).toBe(true);
    expect(matches("{ $.eventType > 3 }", event)).toBe(false);
  });

  it("tests null, booleans and existence", () => {
    expect(matches("{ $.SomeObject IS NULL }", event)).toBe(true);
    expect(matches("{ $.eventType IS NULL }", event)).toBe(false);
    expect(matches("{ $.Missing IS NULL }", event)).toBe(false);
    expect(matches("{ $.ThisFlag IS TRUE }", event)).toBe(true);
    expect(matches("{ $.ThisFlag IS FALSE }", event)).toBe(false);
    expect(matches("{ $.OtherFlag IS FALSE }", event)).toBe(true);
    expect(matches("{ $.SomeOtherObject NOT EXISTS }", event)).toBe(true);
    expect(matches("{ $.eventType NOT EXISTS }", event)).toBe(false);
    expect(matches("{ $.SomeObject EXISTS }", event)).toBe(true);
    expect(matches("{ $.Nope EXISTS }", event)).toBe(false);
  });

  it("combines conditions with && before ||, and parentheses", () => {
    expect(matches('{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }', event)).toBe(true);
    expect(
      matches('{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }', event),
    ).toBe(false);
    expect(
      matches(
        '{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch && $.actions[2] = nomatch }',
        event,
      ),
    ).toBe(true);
    expect(
      matches(
        '{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch) && $.actions[2] = nomatch }',
        event,
      ),
    ).toBe(false);
  });

  it("a selector on an object, an array or a missing property satisfies neither = nor !=", () => {
    expect(matches("{ $.users = 1 }", event)).toBe(false);
    expect(matches("{ $.users != 1 }", event)).toBe(false);
    expect(matches('{ $.missing != "x" }', event)).toBe(false);
  });

  it("a wildcard step matches when any element does", () => {
    expect(matches('{ $.users[*].email = "Jane.Doe@example.com" }', event)).toBe(true);
    expect(matches('{ $.user.* = "John.Stiles@example.com" }', event)).toBe(true);
    expect(matches('{ $.users[*].email = "nobody" }', event)).toBe(false);
  });

  it("matches regular expressions in values", () => {
    expect(matches("{ $.eventType = %Update[A-Z]% }", event)).toBe(true);
    expect(matches("{ $.eventType != %^Get% }", event)).toBe(true);
  });

  it("never matches events that are not JSON", () => {
    expect(matches('{ $.level = "ERROR" }', "level=ERROR")).toBe(false);
    expect(matches('{ $.level = "ERROR" }', '{"level": "ERROR"')).toBe(false);
    expect(matches('{ $.level = "ERROR" }', '  {"level": "ERROR"}')).toBe(true);
  });

  it("refuses malformed JSON patterns", () => {
    for (const bad of [
      "{ $.a = 1",
      "{ }",
      "{ a = 1 }",
      "{ $.a }",
      "{ $.a = }",
      "{ $.a == 1 }",
      '{ $.a > "x" }',
      "{ $.a = 1 && }",
      "{ ($.a = 1 }",
      "{ $.a = 1 } extra",
      "{ $.a = 1 & $.b = 2 }",
      "{ $.a IS MAYBE }",
      "{ $.a NOT THERE }",
      "{ $.a[x] = 1 }",
      "{ $..a = 1 }",
      "{ $.*.b.* = 1 }",
      "{ $.a = %x% || $.b = %y% || $.c = %z% }",
    ]) {
      expectInvalid(bad);
    }
  });
});

describe("filter patterns: space-delimited", () => {
  const access = [
    '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 200 1534',
    '127.0.0.1 - frank [10/Oct/2000:13:35:22 -0700] "GET /index.html HTTP/1.0" 500 5324',
    '127.0.0.1 - frank [10/Oct/2000:13:50:35 -0700] "GET /about.html HTTP/1.0" 404 4355',
    '127.0.0.1 - frank [10/Oct/2000:13:50:36 -0700] "GET /about.html HTTP/1.0" 403 200',
  ];
  const seven = "[ip, user, username, timestamp, request, status_code, bytes";

  it("names every field; the word count must match", () => {
    expect(select(`${seven}]`, access)).toEqual(access);
    expect(select("[ip, user, username, timestamp, request, status_code]", access)).toEqual([]);
    expect(select(`${seven}, extra]`, access)).toEqual([]);
  });

  it("treats quoted and bracketed text as one word", () => {
    const match = matchPattern(parseFilterPattern(`${seven}]`), access[0]!);
    expect(match?.fields?.get("timestamp")).toBe("10/Oct/2000:13:25:15 -0700");
    expect(match?.fields?.get("request")).toBe("GET /apache_pb.gif HTTP/1.0");
    expect(match?.fields?.get("bytes")).toBe("1534");
  });

  it("applies numeric and wildcard conditions", () => {
    expect(select(`${seven} > 5000]`, access)).toEqual([access[1]]);
    expect(select("[ip, user, username, timestamp, request, status_code = 200, bytes]", access)).toEqual([
      access[0],
    ]);
    expect(select("[ip, user, username, timestamp, request, status_code = 4*, bytes]", access)).toEqual(
      access.slice(2),
    );
    expect(
      select("[ip, user, username, timestamp, request = *html*, status_code != 500, bytes]", access),
    ).toEqual(access.slice(2));
  });

  it("combines conditions with && and || inside a field", () => {
    expect(
      select(
        "[ip, user, username, timestamp, request, status_code = 4* && status_code != 403, bytes]",
        access,
      ),
    ).toEqual([access[2]]);
    expect(
      select(
        "[ip, user, username, timestamp, request, status_code = 5* || status_code = 200, bytes]",
        access,
      ),
    ).toEqual(access.slice(0, 2));
    // A condition may test another named field.
    expect(select(`${seven.replace("status_code", "status_code = 4* && bytes > 1000")}]`, access)).toEqual([
      access[2],
    ]);
  });

  it("lets ... stand for any number of words, anywhere", () => {
    expect(select("[..., status_code = 404, bytes]", access)).toEqual([access[2]]);
    expect(select("[ip, user, ...]", access)).toEqual(access);
    expect(select("[ip = 127.*, ..., bytes < 1000]", access)).toEqual([access[3]]);
    expect(select("[..., request = *index*, ...]", access)).toEqual([access[1]]);
    // An empty slot, here the trailing one of AWS's own example, stands for one unnamed word.
    expect(select("[..., request=*.html*, status_code=4*,]", access)).toEqual(access.slice(2));
    expect(select("[ip,,, timestamp, request, status_code, bytes = 1534]", access)).toEqual([access[0]]);
  });

  it("matches words of other events", () => {
    const events = ["ERROR WARN message", "ERROR message", "WARN message"];
    expect(select("[w1=ERROR, w2]", events)).toEqual(["ERROR message"]);
    expect(select("[w1=ERROR || w1=WARN, w2]", events)).toEqual(["ERROR message", "WARN message"]);
    expect(select('[level="REPORT", ...]', ["REPORT RequestId: 1", "START RequestId: 1"])).toEqual([
      "REPORT RequestId: 1",
    ]);
  });

  it("refuses malformed space-delimited patterns", () => {
    for (const bad of [
      "[",
      "[]",
      "[a, b",
      "[a, ,, b c]",
      "[a b]",
      "[a = ]",
      "[a > x]",
      "[a = 1 &&]",
      "[a = 1 && nope = 2]",
      "[a] trailing",
      "[1abc]",
    ]) {
      expectInvalid(bad);
    }
  });
});

describe("filter patterns: field references", () => {
  it("resolves $.path in JSON matches and $name or $position in space-delimited ones", () => {
    const json = matchPattern(parseFilterPattern("{ $.latency > 0 }"), '{"latency": 42, "d": {"k": ["x"]}}')!;
    expect(resolveField(json, parseFieldReference("$.latency")!)).toBe(42);
    expect(resolveField(json, parseFieldReference("$.d.k[0]")!)).toBe("x");
    expect(resolveField(json, parseFieldReference("$.nope")!)).toBeUndefined();

    const words = matchPattern(parseFilterPattern("[ip, ..., bytes]"), "1.2.3.4 a b 512")!;
    expect(resolveField(words, parseFieldReference("$bytes")!)).toBe("512");
    expect(resolveField(words, parseFieldReference("$ip")!)).toBe("1.2.3.4");
    expect(resolveField(words, parseFieldReference("$3")!)).toBe("b");
    expect(resolveField(words, parseFieldReference("$other")!)).toBeUndefined();
  });

  it("knows what is not a reference", () => {
    expect(parseFieldReference("1")).toBeNull();
    expect(parseFieldReference("$")).toBeNull();
    expect(parseFieldReference("$.a..b")).toBeNull();
    expect(parseFieldReference("latency")).toBeNull();
  });
});

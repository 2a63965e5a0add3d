import { describe, expect, it } from "vitest";
import { inboundConnectionBudget, openFilesSoftLimit } from "../../../src/comm/fd-limit.js";

const LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max processes             63704                63704                processes
Max open files            1024                 1048576              files
Max locked memory         8388608              8388608              bytes
`;

describe("file-descriptor budget", () => {
  it("reads the soft open-files limit from /proc/self/limits", () => {
    expect(openFilesSoftLimit(LIMITS)).toBe(1024);
    expect(openFilesSoftLimit(LIMITS.replace("1024 ", "unlimited "))).toBeUndefined();
    expect(openFilesSoftLimit(undefined)).toBeUndefined();
  });

  it("keeps a quarter of the limit (at least 64) for the admin server, dials and files", () => {
    expect(inboundConnectionBudget(1024)).toBe(768);
    expect(inboundConnectionBudget(100)).toBe(36);
    expect(inboundConnectionBudget(10)).toBe(1);
    // Unknown (not Linux, or unlimited): the common default of 1024 is assumed.
    expect(inboundConnectionBudget(undefined)).toBe(768);
  });
});

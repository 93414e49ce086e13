/**
 * Quantity parsing and printing as the API server does it.
 */
import { describe, expect, it } from "vitest";
import { formatBytes, formatCpuMillis, formatResourceQuantity, isQuantity, parseBytes, parseCpuMillis, parseResourceQuantity } from "./quantity";

describe("quantity", () => {
  it("parses CPU into millicores", () => {
    expect(parseCpuMillis("500m")).toBe(500);
    expect(parseCpuMillis("2")).toBe(2000);
    expect(parseCpuMillis("0.1")).toBe(100);
    expect(parseCpuMillis(1.5)).toBe(1500);
    expect(parseCpuMillis("100u")).toBe(1);
  });

  it("parses memory into bytes", () => {
    expect(parseBytes("128Mi")).toBe(128 * 2 ** 20);
    expect(parseBytes("1.5Gi")).toBe(1.5 * 2 ** 30);
    expect(parseBytes("1G")).toBe(1e9);
    expect(parseBytes("1e3")).toBe(1000);
    expect(() => parseBytes("12 apples")).toThrow();
    expect(isQuantity("64Mi")).toBe(true);
    expect(isQuantity("Mi")).toBe(false);
  });

  it("prints canonical forms", () => {
    expect(formatCpuMillis(1800)).toBe("1800m");
    expect(formatCpuMillis(2000)).toBe("2");
    expect(formatBytes(1536 * 2 ** 20)).toBe("1536Mi");
    expect(formatBytes(2 * 2 ** 30)).toBe("2Gi");
    expect(formatBytes(1e9)).toBe("1G");
    expect(formatBytes(0)).toBe("0");
    expect(formatResourceQuantity("requests.cpu", parseResourceQuantity("requests.cpu", "1.2"))).toBe("1200m");
    expect(formatResourceQuantity("limits.memory", parseResourceQuantity("limits.memory", "0.5Gi"))).toBe("512Mi");
    expect(formatResourceQuantity("pods", parseResourceQuantity("pods", "10"))).toBe("10");
  });
});

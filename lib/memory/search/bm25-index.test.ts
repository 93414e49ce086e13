import { describe, expect, it } from "vitest";
import { Bm25Index } from "./bm25-index";
import { reciprocalRankFusion } from "./rank-fusion";

const documents = [
  { id: "oom", text: "Container OOMKilled: raise the memory limit", boosted: "OOMKilled" },
  { id: "image", text: "ImagePullBackOff: the image tag does not exist; roll back the deployment" },
  { id: "long", text: `memory ${"filler words about nothing in particular ".repeat(40)}` },
  { id: "policy", text: "NetworkPolicy drops traffic: requests time out" },
];

describe("Bm25Index", () => {
  const index = new Bm25Index({ documents });

  it("ranks the document with the rare matching terms first", () => {
    expect(index.search("pod OOMKilled memory limit", 3).map((h) => h.id)[0]).toBe("oom");
    expect(index.search("rollout image tag", 3)[0]!.id).toBe("image");
  });

  it("normalises length: a long document mentioning a term once ranks below a short focused one", () => {
    const hits = index.search("memory", 4).map((h) => h.id);
    expect(hits).toEqual(["oom", "long"]);
  });

  it("returns nothing for terms no document has, for an empty index, and for limit 0", () => {
    expect(index.search("kafka zookeeper", 5)).toEqual([]);
    expect(new Bm25Index({ documents: [] }).search("memory", 5)).toEqual([]);
    expect(index.search("memory", 0)).toEqual([]);
  });

  it("counts a repeated query term once", () => {
    expect(index.search("memory memory memory", 2)).toEqual(index.search("memory", 2));
  });

  it("weighs boosted text above body text", () => {
    const boosted = new Bm25Index({ documents: [{ id: "a", text: "limit", boosted: "quota" }, { id: "b", text: "quota limit" }] });
    expect(boosted.search("quota", 2)[0]!.id).toBe("a");
  });
});

describe("reciprocalRankFusion", () => {
  it("rewards documents both lists rank, and keeps the first list's order on ties", () => {
    const fused = reciprocalRankFusion({ rankings: [["a", "b", "c"], ["d", "b", "e"]] }).map((r) => r.id);
    expect(fused[0]).toBe("b");
    expect(fused.indexOf("a")).toBeLessThan(fused.indexOf("d"));
    expect(fused).toHaveLength(5);
  });

  it("applies weights", () => {
    expect(reciprocalRankFusion({ rankings: [["a"], ["b"]], weights: [1, 2] })[0]!.id).toBe("b");
  });
});

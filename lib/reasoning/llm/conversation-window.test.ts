import { describe, expect, it } from "vitest";
import { createConversationWindow } from "./conversation-window";

describe("conversation window", () => {
  it("keeps pinned messages and whole turns, and summarizes what it drops", () => {
    const window = createConversationWindow({ pinned: [{ role: "system", content: "s" }, { role: "user", content: "task" }], maxMessages: 5 });
    for (let i = 1; i <= 4; i++) {
      window.add(
        [
          { role: "assistant", content: null, tool_calls: [{ id: `t${i}`, type: "function", function: { name: "get_deployment", arguments: "{}" } }] },
          { role: "tool", tool_call_id: `t${i}`, content: `result ${i}` },
        ],
        `called get_deployment [call-${i}]`,
      );
    }
    const messages = window.messages();
    expect(messages.length).toBeLessThanOrEqual(5);
    expect(messages.slice(0, 2).map((m) => m.content)).toEqual(["s", "task"]);
    expect(String(messages[2]?.content)).toContain("Summary of 3 earlier turn(s)");
    expect(String(messages[2]?.content)).toContain("[call-1]");
    // The newest turn is intact: the tool answer follows its call.
    expect(messages.slice(-2).map((m) => m.role)).toEqual(["assistant", "tool"]);
    expect(window.summarizedTurns).toBe(3);
  });

  it("keeps a turn bigger than the window rather than splitting a call from its answer", () => {
    const window = createConversationWindow({ pinned: [{ role: "system", content: "s" }], maxMessages: 3 });
    const calls = [1, 2, 3].map((i) => ({ id: `t${i}`, type: "function" as const, function: { name: "pod_logs", arguments: "{}" } }));
    window.add([{ role: "assistant", content: null, tool_calls: calls }, ...calls.map((c) => ({ role: "tool" as const, tool_call_id: c.id, content: "x" }))], "three calls");
    expect(window.messages()).toHaveLength(5);
  });
});

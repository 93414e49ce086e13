import { describe, expect, it } from "vitest";
import { parseEnv } from "../../env";
import { describeReasoner } from "./describe-reasoner";

describe("describeReasoner", () => {
  it("describes the rules reasoner, and why the LLM one is off", () => {
    expect(describeReasoner({ env: parseEnv({ LLM_MODEL: "gpt-4o" }) })).toMatchObject({ id: "rules", kind: "rules", model: null, baseUrl: null, reason: "LLM_MODEL is set but neither OPENAI_BASE_URL nor OPENAI_API_KEY" });
  });

  it("describes the LLM reasoner without its key", () => {
    const description = describeReasoner({ env: parseEnv({ LLM_MODEL: "gpt-4o", OPENAI_API_KEY: "sk-secret", LLM_MODEL_MITIGATION: "gpt-4o-mini" }) });
    expect(description).toMatchObject({ id: "llm:gpt-4o", kind: "llm", model: "gpt-4o", baseUrl: "https://api.openai.com/v1", apiKeySet: true, models: { detection: "gpt-4o", diagnosis: "gpt-4o", mitigation: "gpt-4o-mini" } });
    expect(JSON.stringify(description)).not.toContain("sk-secret");
  });
});

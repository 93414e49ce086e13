import "server-only";
/** Add, change or remove environment variables of a container (`kubectl set env`). */
import { z } from "zod";
import { ActionError } from "./action-error";
import { deploymentClient } from "./kind-clients";
import { type ContainerSpec, deploymentSelectsPod, deploymentSpec, findContainer } from "./deployment-fields";
import { defineFieldPatchAction } from "./field-patch-action";
import { containerField, nameField, namespaceField } from "./param-fields";
import { shellCommand } from "./shell-quote";

const envName = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[-._a-zA-Z][-._a-zA-Z0-9]*$/, "must be a valid environment variable name");

export const setEnvParams = z
  .object({
    namespace: namespaceField,
    name: nameField("Deployment"),
    container: containerField,
    set: z
      .array(z.object({ name: envName.describe("Variable name"), value: z.string().max(4096).describe("Literal value (replaces a valueFrom reference)") }).strict())
      .max(50)
      .default([])
      .describe("Variables to add or change"),
    remove: z.array(envName.describe("Variable name")).max(50).default([]).describe("Names of variables to remove; each must be set on the container"),
  })
  .strict()
  .refine((p) => p.set.length + p.remove.length > 0, { message: "set or remove at least one variable", path: ["set"] })
  .refine((p) => !p.set.some((v) => p.remove.includes(v.name)), { message: "a variable cannot be both set and removed", path: ["remove"] });
export type SetEnvParams = z.infer<typeof setEnvParams>;

/** Risk: medium: configuration reaches every pod on the next rollout. */
export const setEnv = defineFieldPatchAction({
  type: "set-env",
  params: setEnvParams,
  client: deploymentClient,
  riskOf: () => "medium",
  describe: (p) => {
    const parts = [...p.set.map((v) => `${v.name}=${v.value}`), ...p.remove.map((n) => `${n}-`)];
    return {
      summary: `Set env on container ${p.container} of Deployment ${p.namespace}/${p.name}: ${[...p.set.map((v) => `${v.name}=${JSON.stringify(v.value)}`), ...p.remove.map((n) => `unset ${n}`)].join(", ")}`,
      kubectl: shellCommand(["kubectl", "set", "env", `deployment/${p.name}`, "-n", p.namespace, "-c", p.container, ...parts]),
    };
  },
  change(_ctx, live, params) {
    const { index, spec, guard } = findContainer(live, params.container);
    const env: NonNullable<ContainerSpec["env"]> = structuredClone(spec.env ?? []);
    for (const name of params.remove) {
      const at = env.findIndex((v) => v.name === name);
      if (at < 0) throw new ActionError("NotFound", `env var ${name} is not set on container ${params.container}`);
      env.splice(at, 1);
    }
    for (const variable of params.set) {
      const at = env.findIndex((v) => v.name === variable.name);
      if (at >= 0) env[at] = { name: variable.name, value: variable.value };
      else env.push({ name: variable.name, value: variable.value });
    }
    const desired = structuredClone(live);
    const container = deploymentSpec(desired).template?.spec?.containers?.[index];
    if (container) {
      if (env.length > 0) container.env = env;
      else delete container.env;
    }
    return { desired, paths: [`/spec/template/spec/containers/${index}/env`], guards: [guard] };
  },
  selectsPod: (live) => deploymentSelectsPod(live),
});

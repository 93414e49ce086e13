/**
 * The image catalogue: which images and tags "exist" in the simulated registries, and what is
 * inside each one (executables on PATH, listening ports, baseline resource usage, start-up logs).
 * The kubelet model pulls against it, so a typo in a tag gives a real ErrImagePull and a command
 * the image doesn't contain gives a real "executable file not found in $PATH".
 */
import { createHash } from "node:crypto";

/** What running an executable does (the kubelet's process model interprets these). */
export type ProgramKind =
  /** The image's long-running server: listens on the image ports (or `portEnv`). */
  | "server"
  /** A POSIX shell: `sh -c "<script>"` runs the script, plain `sh` exits 0 (no TTY). */
  | "shell"
  /** An entrypoint script that ends in `exec "$@"`: runs its arguments as the command. */
  | "wrapper"
  /** `sleep N` / `sleep infinity`. */
  | "sleep"
  /** Runs until killed (`tail -f /dev/null`, `pause`). */
  | "idle"
  /** Prints its arguments and exits 0. */
  | "echo"
  /** Exits 0 straight away (`true`, `date`, `ls`, `env`, ...). */
  | "exit-success"
  /** Exits 1 straight away (`false`). */
  | "exit-failure";

/** An environment variable the server needs; without it the process exits 1 printing `message`. */
export interface RequiredEnv {
  name: string;
  /** Log lines the application prints before exiting. */
  message: string[];
}

/** Contents of one image tag. */
export interface ImageTagSpec {
  /** ENTRYPOINT of the image config. */
  entrypoint: string[];
  /** CMD of the image config. */
  cmd: string[];
  /** Executables on PATH, by base name. */
  programs: Record<string, ProgramKind>;
  /** Ports the server program listens on. */
  ports: number[];
  /** Environment variable that, when set to a number, replaces the first listening port. */
  portEnv?: string;
  /** HTTP paths that answer 200; any other path answers 404. Undefined: every path answers 200. */
  httpPaths?: string[];
  /** Wire protocol of the server ports: "http" (default) answers HTTP probes, "tcp" only accepts connections. */
  protocol?: "http" | "tcp";
  /** Working-set memory and CPU of an idle running server. */
  baseline: { memoryBytes: number; cpuMillicores: number };
  /** Seconds from process start until the server accepts connections. */
  startupSeconds: number;
  /** Compressed image size in bytes (drives pull duration and the Pulled message). */
  sizeBytes: number;
  /** Lines the server prints while starting; `{port}` is replaced by its listening port. */
  startupLog: string[];
  /** Environment variables without which the server exits 1. */
  requiredEnv?: RequiredEnv[];
}

/** A parsed image reference, normalised as containerd does ("nginx" → "docker.io/library/nginx:latest"). */
export interface ImageReference {
  /** What the pod spec says. */
  original: string;
  /** Registry host ("docker.io", "ghcr.io", "localhost:5000"). */
  domain: string;
  /** Repository path inside the registry ("library/nginx"). */
  path: string;
  /** Tag, "latest" when none was given (undefined when pulled by digest only). */
  tag?: string;
  /** "sha256:..." when pinned by digest. */
  digest?: string;
  /** "docker.io/library/nginx" */
  repository: string;
  /** "docker.io/library/nginx:1.25" or "...@sha256:..." */
  canonical: string;
}

/** Result of looking an image up in the catalogue. */
export type ImageLookup =
  | { found: true; reference: ImageReference; tag: string; spec: ImageTagSpec; digest: string }
  | { found: false; reference: ImageReference; reason: "tag-not-found" | "repository-not-found" | "registry-unreachable" };

const MiB = 2 ** 20;

/** Registries that answer; any other host fails with a DNS error, as an unreachable registry would. */
const KNOWN_REGISTRIES = new Set(["docker.io", "ghcr.io", "registry.k8s.io", "quay.io", "gcr.io", "public.ecr.aws"]);

const catalogue = new Map<string, Map<string, ImageTagSpec>>();

const BASIC_TOOLS: Record<string, ProgramKind> = {
  sh: "shell",
  ash: "shell",
  echo: "echo",
  sleep: "sleep",
  tail: "idle",
  cat: "exit-success",
  ls: "exit-success",
  env: "exit-success",
  date: "exit-success",
  true: "exit-success",
  false: "exit-failure",
  wget: "exit-success",
  nslookup: "exit-success",
};

const DEBIAN_TOOLS: Record<string, ProgramKind> = { ...BASIC_TOOLS, bash: "shell", dash: "shell", curl: "exit-success" };

/**
 * Add (or replace) tags of an image repository in the catalogue. `repository` may be written as
 * in a pod spec ("nginx", "ghcr.io/acme/api"); it is normalised first.
 */
export function registerImage(repository: string, tags: Record<string, ImageTagSpec>): void {
  const reference = parseImageReference(repository);
  if (!reference.ok) throw new Error(`invalid image repository "${repository}": ${reference.error}`);
  let known = catalogue.get(reference.reference.repository);
  if (!known) {
    known = new Map();
    catalogue.set(reference.reference.repository, known);
  }
  for (const [tag, spec] of Object.entries(tags)) known.set(tag, spec);
}

/** Every registered repository and its tags (for UIs and tests). */
export function listImages(): { repository: string; tags: string[] }[] {
  return [...catalogue.entries()].map(([repository, tags]) => ({ repository, tags: [...tags.keys()] }));
}

/**
 * Parse an image reference with Docker's normalisation rules. Returns the error text containerd
 * would give for an invalid name (upper case, bad characters).
 */
export function parseImageReference(image: string): { ok: true; reference: ImageReference } | { ok: false; error: string } {
  const original = image;
  if (image.trim() === "") return { ok: false, error: "invalid reference format" };
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!/^sha256:[0-9a-f]{64}$/.test(digest)) return { ok: false, error: "invalid reference format" };
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf("/");
  const lastColon = rest.lastIndexOf(":");
  if (lastColon > lastSlash) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    if (!/^[\w][\w.-]{0,127}$/.test(tag)) return { ok: false, error: "invalid reference format" };
  }
  const parts = rest.split("/");
  let domain = "docker.io";
  const first = parts[0] ?? "";
  if (parts.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost")) {
    domain = first;
    parts.shift();
  }
  if (domain === "index.docker.io") domain = "docker.io";
  if (domain === "docker.io" && parts.length === 1) parts.unshift("library");
  const path = parts.join("/");
  if (path !== path.toLowerCase()) return { ok: false, error: "invalid reference format: repository name must be lowercase" };
  if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(path)) {
    return { ok: false, error: "invalid reference format" };
  }
  if (!tag && !digest) tag = "latest";
  const repository = `${domain}/${path}`;
  const canonical = digest ? `${repository}${tag ? `:${tag}` : ""}@${digest}` : `${repository}:${tag}`;
  return { ok: true, reference: { original, domain, path, tag, digest, repository, canonical } };
}

/** The content digest of a catalogue image (stable: derived from its name and tag). */
export function imageDigest(repository: string, tag: string): string {
  return `sha256:${createHash("sha256").update(`${repository}:${tag}`).digest("hex")}`;
}

/** Look an image up as a registry would answer a pull. */
export function lookupImage(reference: ImageReference): ImageLookup {
  if (!KNOWN_REGISTRIES.has(reference.domain)) return { found: false, reference, reason: "registry-unreachable" };
  const tags = catalogue.get(reference.repository);
  if (!tags) return { found: false, reference, reason: "repository-not-found" };
  if (reference.digest) {
    for (const [tag, spec] of tags) {
      const digest = imageDigest(reference.repository, tag);
      if (digest === reference.digest && (!reference.tag || reference.tag === tag)) return { found: true, reference, tag, spec, digest };
    }
    return { found: false, reference, reason: "tag-not-found" };
  }
  const tag = reference.tag ?? "latest";
  const spec = tags.get(tag);
  if (!spec) return { found: false, reference, reason: "tag-not-found" };
  return { found: true, reference, tag, spec, digest: imageDigest(reference.repository, tag) };
}

/**
 * The message containerd returns for a failed pull, as the kubelet prints it after
 * `Failed to pull image "<image>": `.
 */
export function pullErrorMessage(lookup: Extract<ImageLookup, { found: false }>): string {
  const ref = lookup.reference.canonical;
  const prefix = `failed to pull and unpack image "${ref}": failed to resolve reference "${ref}"`;
  switch (lookup.reason) {
    case "tag-not-found":
      return `rpc error: code = NotFound desc = ${prefix}: ${ref}: not found`;
    case "repository-not-found":
      return `rpc error: code = Unknown desc = ${prefix}: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`;
    case "registry-unreachable": {
      const host = lookup.reference.domain.split(":")[0] ?? lookup.reference.domain;
      const manifest = lookup.reference.tag ?? lookup.reference.digest ?? "latest";
      return `rpc error: code = Unknown desc = ${prefix}: failed to do request: Head "https://${lookup.reference.domain}/v2/${lookup.reference.path}/manifests/${manifest}": dial tcp: lookup ${host}: no such host`;
    }
  }
}

function server(options: Partial<ImageTagSpec> & Pick<ImageTagSpec, "cmd" | "ports" | "programs" | "startupLog">): ImageTagSpec {
  return {
    entrypoint: [],
    baseline: { memoryBytes: 16 * MiB, cpuMillicores: 2 },
    startupSeconds: 1,
    sizeBytes: 50 * MiB,
    ...options,
  };
}

function registerBuiltins(): void {
  const nginx = (version: string): ImageTagSpec =>
    server({
      entrypoint: ["/docker-entrypoint.sh"],
      cmd: ["nginx", "-g", "daemon off;"],
      programs: { ...DEBIAN_TOOLS, "docker-entrypoint.sh": "wrapper", nginx: "server" },
      ports: [80],
      httpPaths: ["/", "/index.html"],
      baseline: { memoryBytes: 9 * MiB, cpuMillicores: 1 },
      sizeBytes: 70 * MiB,
      startupLog: [
        "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
        "/docker-entrypoint.sh: Configuration complete; ready for start up",
        `[notice] 1#1: nginx/${version}`,
        "[notice] 1#1: start worker processes",
      ],
    });
  registerImage("nginx", {
    "1.25": nginx("1.25.5"),
    "1.25.3": nginx("1.25.3"),
    "1.26": nginx("1.26.2"),
    "1.27": nginx("1.27.3"),
    "1.27-alpine": nginx("1.27.3"),
    alpine: nginx("1.27.3"),
    latest: nginx("1.27.3"),
  });

  const busybox: ImageTagSpec = server({
    cmd: ["sh"],
    programs: { ...BASIC_TOOLS, httpd: "server" },
    ports: [80],
    baseline: { memoryBytes: 1 * MiB, cpuMillicores: 0 },
    sizeBytes: 2 * MiB,
    startupLog: [],
  });
  registerImage("busybox", { "1.36": busybox, "1.37": busybox, stable: busybox, latest: busybox });

  const alpine: ImageTagSpec = { ...busybox, cmd: ["/bin/sh"], sizeBytes: 4 * MiB };
  registerImage("alpine", { "3.19": alpine, "3.20": alpine, "3.21": alpine, latest: alpine });

  const redis = (version: string): ImageTagSpec =>
    server({
      entrypoint: ["docker-entrypoint.sh"],
      cmd: ["redis-server"],
      programs: { ...DEBIAN_TOOLS, "docker-entrypoint.sh": "wrapper", "redis-server": "server", "redis-cli": "exit-success" },
      ports: [6379],
      protocol: "tcp",
      baseline: { memoryBytes: 8 * MiB, cpuMillicores: 2 },
      sizeBytes: 45 * MiB,
      startupLog: [
        "1:C # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo",
        `1:C # Redis version=${version}, bits=64, commit=00000000, modified=0, pid=1, just started`,
        "1:M * Server initialized",
        "1:M * Ready to accept connections tcp",
      ],
    });
  registerImage("redis", { "7": redis("7.4.1"), "7.2": redis("7.2.6"), "7.4": redis("7.4.1"), "7-alpine": redis("7.4.1"), latest: redis("7.4.1") });

  const postgres = (version: string): ImageTagSpec =>
    server({
      entrypoint: ["docker-entrypoint.sh"],
      cmd: ["postgres"],
      programs: { ...DEBIAN_TOOLS, "docker-entrypoint.sh": "wrapper", postgres: "server", psql: "exit-success", pg_isready: "exit-success" },
      ports: [5432],
      protocol: "tcp",
      baseline: { memoryBytes: 40 * MiB, cpuMillicores: 5 },
      startupSeconds: 3,
      sizeBytes: 150 * MiB,
      startupLog: [
        `LOG:  starting PostgreSQL ${version} on x86_64-pc-linux-gnu, compiled by gcc, 64-bit`,
        'LOG:  listening on IPv4 address "0.0.0.0", port {port}',
        "LOG:  database system is ready to accept connections",
      ],
      requiredEnv: [
        {
          name: "POSTGRES_PASSWORD",
          message: [
            "Error: Database is uninitialized and superuser password is not specified.",
            "       You must specify POSTGRES_PASSWORD to a non-empty value for the",
            '       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".',
          ],
        },
      ],
    });
  registerImage("postgres", { "15": postgres("15.10"), "16": postgres("16.6"), "16-alpine": postgres("16.6"), "17": postgres("17.2"), latest: postgres("17.2") });

  const mongo = (version: string): ImageTagSpec =>
    server({
      entrypoint: ["docker-entrypoint.sh"],
      cmd: ["mongod"],
      programs: { ...DEBIAN_TOOLS, "docker-entrypoint.sh": "wrapper", mongod: "server", mongosh: "exit-success" },
      ports: [27017],
      protocol: "tcp",
      baseline: { memoryBytes: 90 * MiB, cpuMillicores: 8 },
      startupSeconds: 3,
      sizeBytes: 250 * MiB,
      startupLog: [
        `{"t":{},"s":"I","c":"CONTROL","id":23403,"ctx":"initandlisten","msg":"Build Info","attr":{"buildInfo":{"version":"${version}"}}}`,
        '{"t":{},"s":"I","c":"NETWORK","id":23016,"ctx":"listener","msg":"Waiting for connections","attr":{"port":{port},"ssl":"off"}}',
      ],
    });
  registerImage("mongo", { "6": mongo("6.0.19"), "7": mongo("7.0.15"), latest: mongo("8.0.4") });

  const pause: ImageTagSpec = server({ cmd: ["/pause"], programs: { pause: "idle" }, ports: [], baseline: { memoryBytes: 0.5 * MiB, cpuMillicores: 0 }, sizeBytes: 0.3 * MiB, startupLog: [] });
  registerImage("registry.k8s.io/pause", { "3.9": pause, "3.10": pause });

  for (const service of SHOP_SERVICES) {
    registerImage(`ghcr.io/agentic-sre/shop-${service}`, {
      "1.0.0": shopImageSpec({ service, version: "1.0.0" }),
      "1.1.0": shopImageSpec({ service, version: "1.1.0" }),
    });
  }
}

/** Services of the demo shop that have images in the catalogue (`ghcr.io/agentic-sre/shop-<service>`). */
export const SHOP_SERVICES = [
  "frontend",
  "gateway",
  "catalog",
  "cart",
  "checkout",
  "payment",
  "shipping",
  "currency",
  "recommendation",
  "email",
  "inventory",
  "auth",
] as const;

/** Options for `shopImageSpec`. */
export interface ShopImageOptions {
  service: string;
  version: string;
  /** Listening port when PORT is unset (default 8080). */
  port?: number;
  /** Idle working set (default 48Mi, 1.1.0 a little more). */
  memoryBytes?: number;
  requiredEnv?: RequiredEnv[];
}

/**
 * What a demo-shop service image contains: one server binary `shop-<service>` listening on PORT
 * (default 8080) with /healthz, /readyz and /metrics, plus a busybox shell.
 */
export function shopImageSpec(options: ShopImageOptions): ImageTagSpec {
  const binary = `shop-${options.service}`;
  const newer = options.version !== "1.0.0";
  return {
    entrypoint: [`/usr/local/bin/${binary}`],
    cmd: [],
    programs: { ...BASIC_TOOLS, [binary]: "server" },
    ports: [options.port ?? 8080],
    portEnv: "PORT",
    baseline: { memoryBytes: options.memoryBytes ?? (newer ? 56 : 48) * MiB, cpuMillicores: 5 },
    startupSeconds: 2,
    sizeBytes: 35 * MiB,
    startupLog: [
      `level=info service=${options.service} msg="Starting ${binary} ${options.version}"`,
      `level=info service=${options.service} msg="Listening on :{port}"`,
    ],
    requiredEnv: options.requiredEnv,
  };
}

registerBuiltins();

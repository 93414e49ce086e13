/** The incident lifecycle: states, events, the transition table and its generated docs. */
export * from "./states";
export * from "./events";
export * from "./transition-table";
export { toMermaid, toStateTableMarkdown } from "./to-mermaid";

// Test stand-in for the `server-only` marker package, which throws when imported outside the
// react-server condition. Vitest runs lib/ modules directly in Node, where that guard does not apply.
export {};

/** POSIX shell quoting for the `kubectl` equivalents shown to operators. */

/** `arg` as-is when it has no shell metacharacters, otherwise single-quoted. */
export function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_\-.,:/=@%+]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** A command line from its arguments, each quoted as needed. */
export function shellCommand(args: readonly string[]): string {
  return args.map(shellQuote).join(" ");
}

/**
 * Fills `{{name}}` placeholders of a prompt template. A placeholder without a value, or a value
 * without a placeholder, is a programming error and throws: a prompt silently missing its facts
 * would make the model guess.
 */

/** Options of `renderTemplate`. */
export interface RenderTemplateOptions {
  template: string;
  values: Record<string, string>;
}

const PLACEHOLDER = /\{\{([a-zA-Z][a-zA-Z0-9]*)\}\}/g;

/** The template with every placeholder replaced. */
export function renderTemplate({ template, values }: RenderTemplateOptions): string {
  const used = new Set<string>();
  const out = template.replace(PLACEHOLDER, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`prompt template: no value for {{${name}}}`);
    used.add(name);
    return value;
  });
  const unused = Object.keys(values).filter((k) => !used.has(k));
  if (unused.length > 0) throw new Error(`prompt template: values without a placeholder: ${unused.join(", ")}`);
  return out;
}

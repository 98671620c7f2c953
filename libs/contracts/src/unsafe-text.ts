import type { FieldIssue } from './validation-failure';
import { formatPath } from './validation-failure';

// NUL and unpaired UTF-16 surrogates are legal in a JS string but not text anywhere downstream:
// Postgres refuses them in text and jsonb (22P05, 22021), strict UTF-8 cannot encode them. One such
// character that got past the contract used to fail its whole batch on every retry.
const UNSAFE_CHARACTER = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function describe(text: string): string {
  const found = UNSAFE_CHARACTER.exec(text)!;
  const code = found[0].charCodeAt(0);
  return code === 0 ? 'must not contain the NUL character (\\u0000)' : `must not contain an unpaired surrogate (\\u${code.toString(16)}); text must be valid Unicode`;
}

/**
 * The first string (value or key) holding a character no store can take, anywhere in a decoded
 * JSON value. Walks with its own stack: a hostile body may nest arrays thousands deep.
 */
export function findUnsafeText(value: unknown, prefix = ''): FieldIssue | undefined {
  // Paths as parent links, spelled out only for the one that fails: copying them per level is quadratic.
  type Step = { key: PropertyKey; parent?: Step };
  const pathOf = (step?: Step): PropertyKey[] => {
    const path: PropertyKey[] = [];
    for (let s = step; s; s = s.parent) path.unshift(s.key);
    return path;
  };
  const stack: { value: unknown; at?: Step }[] = [{ value }];
  while (stack.length) {
    const { value: current, at } = stack.pop()!;
    if (typeof current === 'string') {
      if (UNSAFE_CHARACTER.test(current)) return { path: formatPath(pathOf(at), prefix), message: describe(current) };
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], at: { key: i, parent: at } });
    } else if (typeof current === 'object' && current !== null) {
      const entries = Object.entries(current as Record<string, unknown>);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i];
        if (UNSAFE_CHARACTER.test(key)) return { path: formatPath(pathOf(at), prefix), message: `a field name ${describe(key)}` };
        stack.push({ value: child, at: { key, parent: at } });
      }
    }
  }
  return undefined;
}

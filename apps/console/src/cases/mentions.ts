/** An analyst a note may name: by handle (username) or by display name. */
export interface Mentionable {
  id: string;
  username: string;
  displayName: string;
}

/** `@` then a handle or a name written without spaces, as the note box completes it; not an email's `@`. */
const MENTION = /(?<![\p{L}\p{N}._-])@([\p{L}\p{N}][\p{L}\p{N}._-]*)/gu;

/** Folds a name for comparison: case and spaces do not matter ("@AnaLi" names "Ana Li"). */
const fold = (name: string) => name.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

/**
 * The analysts a note @mentions, each once, in the order first named; a mention of the author or
 * of no one known names nobody. A handle wins over a display name, and a display name two
 * analysts share names neither.
 */
export function mentionedIn(body: string, analysts: readonly Mentionable[], authorId: string): Mentionable[] {
  const byHandle = new Map(analysts.map((a) => [fold(a.username), a]));
  const byName = new Map<string, Mentionable | null>();
  for (const a of analysts) byName.set(fold(a.displayName), byName.has(fold(a.displayName)) ? null : a);
  const found = new Map<string, Mentionable>();
  for (const [, token] of body.matchAll(MENTION)) {
    // A sentence's full stop or a trailing dash is not part of the name.
    const key = fold(token.replace(/[._-]+$/, ''));
    const analyst = byHandle.get(key) ?? byName.get(key);
    if (analyst && analyst.id !== authorId && !found.has(analyst.id)) found.set(analyst.id, analyst);
  }
  return [...found.values()];
}

import { asyncApiDocument } from './asyncapi-document';
import { messageJsonSchemas } from './message-json-schemas';

/** Where `npm run contract` writes the files, from the repository root. */
export const CONTRACT_DIR = 'docs/contract';

// Keys sorted at every level and no timestamps: the same schemas always give the same bytes, so
// a stale file shows up as a diff and not as noise.
const sortedKeys = (_key: string, value: unknown): unknown =>
  value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : value;

export const stableJson = (value: unknown): string => `${JSON.stringify(value, sortedKeys, 2)}\n`;

/** The published message contract: file path under CONTRACT_DIR → its text. */
export function contractFiles(): Record<string, string> {
  const files: Record<string, string> = { 'asyncapi.json': stableJson(asyncApiDocument()) };
  for (const [name, schema] of Object.entries(messageJsonSchemas())) files[`schemas/${name}.json`] = stableJson(schema);
  return files;
}

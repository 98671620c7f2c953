import { shutdownEnv } from '@sentinel/service-kit';
import type { z } from 'zod';
import { upEnv } from '../up-options';
import { SERVICE_ENV, type ServiceName } from './service-env';

type Reader = ServiceName | 'npm start';

interface Variable {
  name: string;
  readers: Reader[];
  /** As written in the environment, per reader: defaults differ (PORT, pool sizes). */
  defaults: Map<Reader, string | undefined>;
  descriptions: Map<Reader, string>;
  required: boolean;
}

const SOURCES: [Reader, z.ZodRawShape][] = [
  ...(Object.entries(SERVICE_ENV) as [ServiceName, z.ZodRawShape][]),
  ['npm start', { ...upEnv, SHUTDOWN_GRACE_MS: shutdownEnv.SHUTDOWN_GRACE_MS }],
];
const SERVICES = Object.keys(SERVICE_ENV) as ServiceName[];

interface Def {
  type: string;
  defaultValue?: unknown;
  in?: { _zod: { def: Def } };
}

/** The default as one would write it in the environment: the value before any transform. */
function defaultOf(schema: z.ZodType): string | undefined {
  const def = (schema as unknown as { _zod: { def: Def } })._zod.def;
  if (def.type === 'default') return Array.isArray(def.defaultValue) ? def.defaultValue.join(',') : String(def.defaultValue);
  if (def.type === 'pipe' && def.in) return defaultOf(def.in as unknown as z.ZodType);
  return undefined;
}

export function variables(): Variable[] {
  const byName = new Map<string, Variable>();
  for (const [reader, shape] of SOURCES) {
    for (const [name, value] of Object.entries(shape)) {
      const schema = value as z.ZodType;
      const variable: Variable = byName.get(name) ?? { name, readers: [], defaults: new Map(), descriptions: new Map(), required: false };
      variable.readers.push(reader);
      variable.defaults.set(reader, defaultOf(schema));
      variable.descriptions.set(reader, schema.description ?? '');
      // npm start fills in what it can (a broker, a key, a mail catcher); the services cannot.
      if (reader !== 'npm start' && !schema.safeParse(undefined).success) variable.required = true;
      byName.set(name, variable);
    }
  }
  return [...byName.values()];
}

const everyService = (v: Variable) => SERVICES.every((s) => v.readers.includes(s));

/** One value when all readers agree, else each reader's. */
function perReader(values: Map<Reader, string | undefined>, render: (value: string | undefined) => string, separator: string): string {
  const distinct = new Set(values.values());
  if (distinct.size === 1) return render([...distinct][0]);
  return [...values].map(([reader, value]) => `${reader}: ${render(value)}`).join(separator);
}

const cell = (text: string) => text.replace(/\|/g, '\\|');
const code = (value: string | undefined) => (value === undefined ? '—' : value === '' ? '(empty)' : `\`${value}\``);

function table(rows: Variable[]): string[] {
  return [
    '| Variable | Default | Read by | Description |',
    '| --- | --- | --- | --- |',
    ...rows
      .map((v) =>
        [
          `\`${v.name}\``,
          v.required ? '**required**' : perReader(v.defaults, code, '<br>'),
          everyService(v) ? ['every service', ...v.readers.filter((r) => r === 'npm start')].join(', ') : v.readers.join(', '),
          cell(perReader(v.descriptions, (d) => d ?? '', '<br>')),
        ].join(' | '),
      )
      .map((line) => `| ${line} |`),
  ];
}

const SECTIONS: { title: string; keep: (v: Variable) => boolean }[] = [
  { title: 'Every service', keep: everyService },
  ...SERVICES.map((service) => ({ title: service, keep: (v: Variable) => !everyService(v) && v.readers.includes(service) })),
  { title: 'npm start', keep: (v: Variable) => v.readers.length === 1 && v.readers[0] === 'npm start' },
];

export function configurationMarkdown(): string {
  const all = variables();
  const lines = [
    '# Configuration',
    '',
    "<!-- Generated from the zod schemas by `npm run docs:config`; edit the schemas' .describe() texts, not this file. -->",
    '',
    'Every service reads its configuration from environment variables and validates them once, at',
    'boot: a variable that is missing or wrong stops the service with exit code 78 and a line naming',
    'the variable and what it expects. `npm start` also reads `.env` at the repository root; [`.env.example`](../.env.example)',
    'lists every variable with its default, generated from the same schemas. An empty value counts as unset.',
    '',
    'Variables read by several services appear under each of them; "Read by" says which read it.',
    '',
  ];
  for (const section of SECTIONS) {
    const rows = all.filter(section.keep);
    lines.push(`## ${section.title}`, '');
    if (section.title === 'npm start') {
      lines.push("Read by `npm start` itself (`scripts/up.ts`), which passes the services' variables on to them.", '');
    }
    lines.push(...table(rows), '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function wrap(text: string, width = 98): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l) => `# ${l}`);
}

export function envExample(): string {
  const written = new Set<string>();
  const lines = [
    '# Account Sentinel configuration. Copy to .env (read by `npm start`) or set in the environment.',
    "# Generated from the services' schemas by `npm run docs:config` (docs/configuration.md has the same",
    '# as tables); do not edit by hand. Every service validates its variables at boot and names any that',
    '# are missing or wrong. Unset variables take the defaults shown; the defaults run everything on this',
    '# machine. Variables marked required have no default: `npm start` generates or starts what they name.',
  ];
  for (const section of SECTIONS) {
    const rows = variables().filter((v) => section.keep(v) && !written.has(v.name));
    if (!rows.length) continue;
    lines.push('', `# --- ${section.title} ${'-'.repeat(Math.max(3, 93 - section.title.length))}`);
    for (const v of rows) {
      written.add(v.name);
      const others = v.readers.length > 1 && !everyService(v) ? ` (read by ${v.readers.join(', ')})` : '';
      lines.push(...wrap(`${perReader(v.descriptions, (d) => d ?? '', '; ')}${others}.`));
      const defaults = new Set(v.defaults.values());
      if (v.required) lines.push('# Required.', `${v.name}=`);
      else if (defaults.size > 1) lines.push(`# Default: ${perReader(v.defaults, (d) => d ?? 'unset', ', ')}.`, `# ${v.name}=`);
      else lines.push(`# ${v.name}=${[...defaults][0] ?? ''}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

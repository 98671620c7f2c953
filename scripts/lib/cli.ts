import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/** A command line: its name (for messages), its --help text and its node:util parseArgs options. */
export interface CliSpec<O extends Options> {
  name: string;
  help: string;
  options: O;
}

type Values<O extends Options> = ReturnType<typeof parseArgs<{ options: O; strict: true; allowPositionals: false }>>['values'];

export type CliParse<O extends Options> = { kind: 'run'; values: Values<O> } | { kind: 'help'; text: string } | { kind: 'error'; text: string };

const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

/** Pure: what the arguments ask for. Unknown options, stray words and missing values are errors. */
export function parseCli<O extends Options>(spec: CliSpec<O>, args: readonly string[]): CliParse<O> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: { ...spec.options, ...HELP_OPTION }, strict: true, allowPositionals: false });
  } catch (error) {
    return { kind: 'error', text: `${spec.name}: ${(error as Error).message}\n\n${spec.help}\n` };
  }
  if ((parsed.values as { help?: boolean }).help === true) return { kind: 'help', text: `${spec.help}\n` };
  return { kind: 'run', values: parsed.values };
}

/** Parses process.argv: --help prints and exits 0; a bad command line prints why and exits 2. */
export function runCli<O extends Options>(spec: CliSpec<O>, args: readonly string[] = process.argv.slice(2)): Values<O> {
  const result = parseCli(spec, args);
  if (result.kind === 'help') {
    process.stdout.write(result.text);
    process.exit(0);
  }
  if (result.kind === 'error') {
    process.stderr.write(result.text);
    process.exit(2);
  }
  return result.values;
}

/** Bad option values exit 2 as unknown options do, with the help to hand. */
export function cliFail(spec: CliSpec<Options>, message: string): never {
  process.stderr.write(`${spec.name}: ${message}\n\n${spec.help}\n`);
  process.exit(2);
}

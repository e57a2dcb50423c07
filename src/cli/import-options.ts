/**
 * Options shared by commands that import templates (validate, show, plan, up), and turning
 * them into an import: file arguments with stack names, parameters, template map, region and
 * account; no files means the built-in example.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ParseArgsConfig } from 'node:util';
import { EcsnetError } from '../diagnostics.js';
import type { ImportRequest, ImportResult } from '../pipeline/import-deployment.js';
import { importDeployment } from '../pipeline/import-deployment.js';
import { loadSpecIndex } from '../spec/load-spec.js';
import { MAX_TEMPLATE_BYTES } from '../template/template-limits.js';
import { parseCommandArgs } from './command.js';
import { confinedReader, readRegularFile } from './confined-reader.js';
import { parseKeyValue, parseParametersFile, parseStackFileArg } from './stack-args.js';

/** parseArgs options every importing command accepts. */
export const IMPORT_OPTIONS = {
  param: { type: 'string', multiple: true, short: 'p' },
  'params-file': { type: 'string', multiple: true },
  map: { type: 'string', multiple: true },
  'allow-dir': { type: 'string', multiple: true },
  region: { type: 'string' },
  account: { type: 'string' },
  json: { type: 'boolean' },
  'no-spec': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

/** Help lines for IMPORT_OPTIONS, appended to each importing command's help. */
export const IMPORT_HELP = `Files:
  FILE ...                 CloudFormation templates (YAML or JSON) or ECS task definition JSON.
                           Each is a stack named after its file; NAME=FILE names it (exports
                           often embed the stack name, so names must match what importers expect).
                           No files: the built-in example (examples/).
Options:
  -p, --param S.K=V        parameter K of stack S (or K=V for every stack that declares K)
  --params-file FILE       parameters: the JSON list [{"ParameterKey":..,"ParameterValue":..}],
                           CodePipeline's {"Parameters": {"K": "V"}}, or K=V lines
                           (as --parameter-overrides takes them; # comments allowed)
  --map URL=FILE           local file for a nested stack's TemplateURL
  --allow-dir DIR          also read nested templates from DIR. Otherwise ecsnet reads only
                           regular files of at most 1 MB inside the directories of the files
                           given and of the --map files (symlinks resolved)
  --region R               AWS::Region (default us-east-1)
  --account ID             AWS::AccountId (default 123456789012)
  --no-spec                skip the checks against AWS's resource specification
  --json                   machine-readable output
  -h, --help               this help`;

/** The repository's examples/ folder (the built-in example). */
export function exampleDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '../../../examples');
}

/** Files of the built-in example, as name=path arguments. */
export function exampleFiles(): string[] {
  const dir = exampleDir();
  const order = ['network.yml', 'app.yml'];
  const files = readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f));
  return files.sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99) || a.localeCompare(b)).map((f) => join(dir, f));
}

/** Builds the import request from parsed values and positional file arguments. */
export function importRequest(values: Record<string, unknown>, positionals: string[]): ImportRequest {
  const files = positionals.length > 0 ? positionals : exampleFiles();
  const parameters: Record<string, string> = {};
  for (const file of (values['params-file'] as string[] | undefined) ?? []) {
    if (!existsSync(file)) throw new EcsnetError(`--params-file ${file}: no such file`, [], 2);
    const text = readRegularFile(file, MAX_TEMPLATE_BYTES);
    if (typeof text !== 'string')
      throw new EcsnetError(`--params-file ${file}: ${text.reason}`, [{ severity: 'error', code: text.code, message: text.reason, hint: text.hint, file, line: 1, column: 1 }], 2);
    Object.assign(parameters, parseParametersFile(text, file));
  }
  for (const arg of (values.param as string[] | undefined) ?? []) {
    const [key, value] = parseKeyValue(arg, '--param');
    parameters[key] = value;
  }
  const templateMap: Record<string, string> = {};
  for (const arg of (values.map as string[] | undefined) ?? []) {
    const eq = arg.lastIndexOf('=');
    if (eq <= 0) throw new EcsnetError(`--map expects URL=FILE, got "${arg}"`, [], 2);
    templateMap[arg.slice(0, eq)] = resolve(arg.slice(eq + 1));
  }
  const allowedDirs = ((values['allow-dir'] as string[] | undefined) ?? []).map((dir) => {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new EcsnetError(`--allow-dir ${dir}: no such directory`, [], 2);
    return resolve(dir);
  });
  const stacks = files.map(parseStackFileArg).map((s) => ({ name: s.name, path: resolve(s.path) }));
  // Two files with one stack name are reported by resolution (duplicate-stack-name), which
  // first drops the files that are nested children of another file given.
  for (const s of stacks) {
    if (!existsSync(s.path)) throw new EcsnetError(`${s.path}: no such file`, [], 2);
    if (!statSync(s.path).isFile()) throw new EcsnetError(`${s.path}: not a regular file (ecsnet reads templates from regular files only)`, [], 2);
  }
  return {
    stacks,
    parameters,
    templateMap,
    region: (values.region as string | undefined) ?? 'us-east-1',
    accountId: (values.account as string | undefined) ?? '123456789012',
    allowedDirs,
  };
}

/** The directories an import may read: those of the files given and mapped, and the allowed ones. */
export function readableDirs(request: ImportRequest): string[] {
  return [...request.stacks.map((s) => dirname(s.path)), ...Object.values(request.templateMap).map((file) => dirname(file)), ...(request.allowedDirs ?? [])];
}

/** Runs the import pipeline against the real file system, reading only inside readableDirs. */
export function runImport(request: ImportRequest, withSpec: boolean): ImportResult {
  return importDeployment(request, {
    readFile: confinedReader(readableDirs(request)),
    ...(withSpec ? { spec: loadSpecIndex } : {}),
  });
}

/** parseArgs with the import options plus a command's own, turning parse errors into usage errors. */
export function parseImportArgs<T extends ParseArgsConfig['options']>(args: string[], extra: T) {
  return parseCommandArgs(args, { ...IMPORT_OPTIONS, ...extra });
}

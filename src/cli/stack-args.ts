/**
 * Command-line forms shared by every command that reads templates: `name=path` to choose a
 * stack's name (exports usually embed `${AWS::StackName}`, so names must match what the
 * consuming stacks expect), `--param Stack.Name=value`, parameter files in the forms people
 * already keep (the JSON list of `aws cloudformation`, CodePipeline's template configuration,
 * `Key=Value` lines), and `--map url=path` for nested-stack template URLs.
 */
import type { Diagnostic } from '../diagnostics.js';
import { EcsnetError } from '../diagnostics.js';
import { childKey } from '../template/source-locations.js';
import type { CfnValue } from '../template/types.js';
import { parseYamlDocument } from '../template/yaml-document.js';

/** A file argument with its stack name. */
export interface StackFileArg {
  name: string;
  path: string;
}

/** `production=public-vpc.yml` → {name: production, path}; `vpc.yml` → {name: vpc, path}. */
export function parseStackFileArg(arg: string): StackFileArg {
  const eq = arg.indexOf('=');
  if (eq > 0 && /^[A-Za-z][A-Za-z0-9-]*$/.test(arg.slice(0, eq))) return { name: arg.slice(0, eq), path: arg.slice(eq + 1) };
  return { name: stackNameFromPath(arg), path: arg };
}

/** A stack name from a file name, as CloudFormation allows them: letters, digits and hyphens, starting with a letter. */
export function stackNameFromPath(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? path;
  const stem = base.replace(/\.(ya?ml|json|template)$/i, '');
  const cleaned = stem.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  return /^[A-Za-z]/.test(cleaned) ? cleaned : `stack-${cleaned || 'unnamed'}`;
}

/** `Stack.Name=value` or `Name=value` → [key, value]. */
export function parseKeyValue(arg: string, flag: string): [string, string] {
  const eq = arg.indexOf('=');
  if (eq <= 0) throw new EcsnetError(`${flag} expects KEY=VALUE, got "${arg}"`, [], 2);
  return [arg.slice(0, eq), arg.slice(eq + 1)];
}

/**
 * Parameters from a file, in any of the three forms users already have. Keys apply to every
 * stack that declares them unless prefixed with `Stack.`.
 * - `[{"ParameterKey": "K", "ParameterValue": "V"}]`: what `aws cloudformation create-stack
 *   --parameters file://` takes;
 * - `{"Parameters": {"K": "V"}, "Tags": {...}}`: a CodePipeline template configuration file
 *   (Tags and StackPolicy concern the stack, not its network, and are ignored);
 * - `K=V` per line, `#` comments and blank lines allowed: what `aws cloudformation deploy
 *   --parameter-overrides` takes, one per line.
 * Errors name the file and line.
 */
export function parseParametersFile(text: string, file: string): Record<string, string> {
  const body = text.replace(/^\uFEFF/, '');
  const first = body.trimStart()[0];
  if (first === '[' || first === '{') return parseJsonParameters(body, file);
  return parseKeyValueLines(body, file);
}

function parseJsonParameters(text: string, file: string): Record<string, string> {
  const parsed = parseYamlDocument(text, file);
  if (!parsed.ok) {
    const d = parsed.diagnostics[0];
    throw new EcsnetError(
      `${file}${d?.line ? `:${d.line}` : ''}: not valid JSON (${d?.message ?? 'syntax error'})`,
      parsed.diagnostics.map((x) => ({ ...x, code: 'invalid-parameters-file' })),
      2,
    );
  }
  const lineOf = (...path: (string | number)[]) => {
    let key = '';
    for (const part of path) key = childKey(key, part);
    return parsed.locations.get(key)?.line ?? 1;
  };
  const fail = (line: number, message: string, hint: string): never => {
    const diagnostic: Diagnostic = { severity: 'error', code: 'invalid-parameters-file', message, hint, file, line, column: 1 };
    throw new EcsnetError(`${file}:${line}: ${message}`, [diagnostic], 2);
  };
  const data = parsed.value;
  const out: Record<string, string> = {};
  if (Array.isArray(data)) {
    data.forEach((item, i) => {
      const key = isMap(item) ? item.ParameterKey : undefined;
      const value = isMap(item) ? item.ParameterValue : undefined;
      if (typeof key !== 'string' || !isScalarValue(value))
        fail(lineOf(i), `item ${i} needs a string ParameterKey and a ParameterValue`, 'write {"ParameterKey": "Name", "ParameterValue": "value"}');
      out[key as string] = String(value);
    });
    return out;
  }
  const parameters = isMap(data) ? data.Parameters : undefined;
  if (!isMap(parameters ?? null)) {
    return fail(
      1,
      'expected a JSON list of {"ParameterKey", "ParameterValue"} or a template configuration {"Parameters": {"Name": "value"}}',
      'use one of the forms in `ecsnet validate --help`',
    );
  }
  for (const [key, value] of Object.entries(parameters as Record<string, CfnValue>)) {
    if (!isScalarValue(value)) fail(lineOf('Parameters', key), `Parameters.${key} must be a string (a list parameter is one comma-separated string)`, `write "${key}": "value"`);
    out[key] = String(value);
  }
  return out;
}

function parseKeyValueLines(text: string, file: string): Record<string, string> {
  const out: Record<string, string> = {};
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const key = eq > 0 ? line.slice(0, eq).trim() : '';
    if (!/^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(key)) {
      const message = eq <= 0 ? 'expected Key=Value' : `'${key.slice(0, 80)}' is not a parameter name`;
      const diagnostic: Diagnostic = {
        severity: 'error',
        code: 'invalid-parameters-file',
        message,
        hint: 'one Key=Value per line (Stack.Key=Value for one stack); # starts a comment',
        file,
        line: index + 1,
        column: 1,
      };
      throw new EcsnetError(`${file}:${index + 1}: ${message}`, [diagnostic], 2);
    }
    out[key] = unquote(line.slice(eq + 1).trim());
  });
  return out;
}

/** `"a b"` or `'a b'` → `a b`, as the shell would have passed them to --parameter-overrides. */
function unquote(value: string): string {
  const q = value[0];
  return (q === '"' || q === "'") && value.length >= 2 && value.endsWith(q) ? value.slice(1, -1) : value;
}

function isMap(value: CfnValue | undefined): value is { [key: string]: CfnValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalarValue(value: CfnValue | undefined): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/**
 * Command-line forms shared by every command that reads templates: `name=path` to choose a
 * stack's name (exports usually embed `${AWS::StackName}`, so names must match what the
 * consuming stacks expect), `--param Stack.Name=value`, a parameters file in the JSON list
 * form of `aws cloudformation`, and `--map url=path` for nested-stack template URLs.
 */
import { EcsnetError } from '../diagnostics.js';

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
 * Parameters from a file in the form `aws cloudformation create-stack --parameters file://`
 * takes: `[{"ParameterKey": "...", "ParameterValue": "..."}]`. Keys apply to every stack
 * unless prefixed with `Stack.`.
 */
export function parseParametersFile(text: string, file: string): Record<string, string> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new EcsnetError(`${file}: not valid JSON (${(error as Error).message})`, [], 2);
  }
  if (!Array.isArray(data)) throw new EcsnetError(`${file}: expected a JSON list of {"ParameterKey", "ParameterValue"}`, [], 2);
  const out: Record<string, string> = {};
  data.forEach((item, i) => {
    const key = (item as { ParameterKey?: unknown })?.ParameterKey;
    const value = (item as { ParameterValue?: unknown })?.ParameterValue;
    if (typeof key !== 'string' || (typeof value !== 'string' && typeof value !== 'number')) {
      throw new EcsnetError(`${file}: item ${i} needs a string ParameterKey and a ParameterValue`, [], 2);
    }
    out[key] = String(value);
  });
  return out;
}

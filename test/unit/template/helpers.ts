/**
 * Shared helpers of the template tests: resolving templates written inline (an in-memory file
 * system stands in for the disk), and loading the real corpus from test/fixtures/corpus with a tiny
 * fs-based loader — the template layer itself never touches the disk.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../../../src/diagnostics.js';
import { parseTemplate } from '../../../src/template/parse.js';
import { settleAddresses } from '../../../src/pipeline/settle-addresses.js';
import { resolveDeployment, type ResolveResult } from '../../../src/template/resolve.js';
import type { CfnValue, ResolvedResource, ResolvedStack, SourceTemplate } from '../../../src/template/types.js';

/** The repository root (the directory holding package.json), found from this file's location in src or dist. */
export const repoRoot = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(resolve(dir, 'package.json'))) dir = dirname(dir);
  return dir;
})();

/** The corpus of real templates (a copy inside the repository). */
import { corpusRoot } from '../../helpers/corpus.js';

export { corpusRoot };

/** Options of a test resolution. */
export interface TestResolveOptions {
  parameters?: Record<string, string>;
  templateMap?: Record<string, string>;
  region?: string;
  accountId?: string;
}

/**
 * Resolves in-memory files. `stacks` lists `name=file` (or `file`, named after the file) in the
 * order given on a command line; every file of `files` can be loaded as a nested template.
 */
export function resolveFiles(files: Record<string, string>, stacks: string[], options: TestResolveOptions = {}): ResolveResult {
  const parsed = new Map<string, SourceTemplate>();
  const load = (path: string): SourceTemplate | undefined => {
    const text = files[path];
    if (text === undefined) return undefined;
    if (!parsed.has(path)) parsed.set(path, parseTemplate(text, path));
    return parsed.get(path);
  };
  const inputs = stacks.map((arg) => {
    const { name, path } = stackArg(arg);
    const template = load(path);
    if (!template) throw new Error(`test file ${path} missing`);
    return { name, template };
  });
  return resolveDeployment(
    inputs,
    { region: options.region ?? 'us-east-1', accountId: options.accountId ?? '123456789012', parameters: options.parameters ?? {}, templateMap: options.templateMap ?? {} },
    load,
  );
}

/** Resolves one inline template as stack `name` (default `test`). */
export function resolveOne(text: string, options: TestResolveOptions & { name?: string } = {}): ResolveResult {
  return resolveFiles({ 'template.yml': text }, [`${options.name ?? 'test'}=template.yml`], options);
}

/** `name=path` → {name, path}; a bare path is named after its file (letters, digits and hyphens). */
export function stackArg(arg: string): { name: string; path: string } {
  const eq = arg.indexOf('=');
  if (eq > 0 && /^[A-Za-z][A-Za-z0-9-]*$/.test(arg.slice(0, eq))) return { name: arg.slice(0, eq), path: arg.slice(eq + 1) };
  const base = arg.split('/').pop() ?? arg;
  return { name: base.replace(/\.(ya?ml|json)$/i, '').replace(/[^A-Za-z0-9-]+/g, '-'), path: arg };
}

/** Resolves corpus files (paths relative to the corpus root), with a loader reading the corpus from disk. */
export function resolveCorpus(stacks: string[], parameters: Record<string, string> = {}, templateMap: Record<string, string> = {}): ResolveResult {
  const parsed = new Map<string, SourceTemplate | undefined>();
  const load = (path: string): SourceTemplate | undefined => {
    if (parsed.has(path)) return parsed.get(path);
    const full = resolve(corpusRoot, path);
    const template = existsSync(full) ? parseTemplate(readFileSync(full, 'utf8'), path) : undefined;
    parsed.set(path, template);
    return template;
  };
  const inputs = stacks.map((arg) => {
    const { name, path } = stackArg(arg);
    const template = load(path);
    if (!template) throw new Error(`corpus file ${path} missing`);
    return { name, template };
  });
  // Addresses the templates read come from the plan, as in the import pipeline.
  const options = { region: 'us-east-1', accountId: '123456789012', parameters, templateMap };
  return settleAddresses((addresses) => resolveDeployment(inputs, addresses ? { ...options, addresses } : options, load)).resolved;
}

/** A stack of the result by name; fails loudly when absent. */
export function stackOf(result: ResolveResult, name: string): ResolvedStack {
  const stack = result.deployment.stacks.find((s) => s.name === name);
  if (!stack) throw new Error(`no stack ${name}; stacks: ${result.deployment.stacks.map((s) => s.name).join(', ')}`);
  return stack;
}

/** A resource of a stack; fails loudly when absent. */
export function resourceOf(result: ResolveResult, stack: string, logicalId: string): ResolvedResource {
  const resource = stackOf(result, stack).resources[logicalId];
  if (!resource) throw new Error(`no resource ${stack}.${logicalId}`);
  return resource;
}

/** The properties of a resource. */
export function propsOf(result: ResolveResult, stack: string, logicalId: string): { [key: string]: CfnValue } {
  return resourceOf(result, stack, logicalId).properties;
}

/** Findings of one severity (errors by default). */
export function errorsOf(result: ResolveResult, severity: Diagnostic['severity'] = 'error'): Diagnostic[] {
  return result.diagnostics.filter((d) => d.severity === severity);
}

/** Findings with a given code. */
export function withCode(result: ResolveResult, code: string): Diagnostic[] {
  return result.diagnostics.filter((d) => d.code === code);
}

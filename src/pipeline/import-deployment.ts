/**
 * The import pipeline every command starts with: parse each file, resolve the stacks together
 * (parameters, intrinsics, exports, nested stacks; again with the plan's addresses when a
 * template reads one), check against AWS's resource specification, build the network model
 * and run the deploy-time checks. File access and the
 * specification are injected so the pipeline stays testable and usable without a disk.
 */
import type { Diagnostic } from '../diagnostics.js';
import { EcsnetError, sortDiagnostics } from '../diagnostics.js';
import type { NetworkModel } from '../model/types.js';
import { checkAgainstSpec } from '../spec/check-against-spec.js';
import { checkAllowedValues } from '../spec/check-allowed-values.js';
import type { SpecIndex } from '../spec/spec-index.js';
import { parseTemplate } from '../template/parse.js';
import { resolveDeployment } from '../template/resolve.js';
import { isRefusal, type Deployment, type ReadRefusal, type ResolveOptions, type SourceTemplate, type StackInput } from '../template/types.js';
import { checkModel } from '../validate/check-model.js';
import { deploymentLocator } from '../validate/finding.js';
import { settleAddresses } from './settle-addresses.js';

/** What to import. */
export interface ImportRequest {
  stacks: { name: string; path: string }[];
  parameters: Record<string, string>;
  templateMap: Record<string, string>;
  region: string;
  accountId: string;
  /**
   * Directories the user allowed beyond those of the files named (`--allow-dir`). The pipeline
   * never reads the disk itself; the CLI's file access confines reads to these.
   */
  allowedDirs?: string[];
}

/** The file system as the pipeline needs it. */
export interface ImportIo {
  /**
   * The text of a file; undefined when it does not exist; a refusal saying why when it will not
   * be read (templates come from anywhere, and a nested stack's TemplateURL must not make ecsnet
   * read /etc/shadow, block on a FIFO or fill the heap from /dev/zero).
   */
  readFile(path: string): string | ReadRefusal | undefined;
  /** The specification, loaded only when called (it costs a few hundred ms the first time). */
  spec?: () => SpecIndex;
}

/** Everything an import produced. `diagnostics` is sorted and includes every layer's findings. */
export interface ImportResult {
  deployment: Deployment;
  model: NetworkModel;
  diagnostics: Diagnostic[];
}

/**
 * Runs the whole import. Unreadable or unparseable files throw EcsnetError (exit code 2);
 * everything else is reported in `diagnostics`, all together.
 */
export function importDeployment(request: ImportRequest, io: ImportIo): ImportResult {
  const cache = new Map<string, SourceTemplate | ReadRefusal | undefined>();
  const load = (path: string): SourceTemplate | ReadRefusal | undefined => {
    if (cache.has(path)) return cache.get(path);
    const text = io.readFile(path);
    const template = text === undefined || isRefusal(text) ? text : parseTemplate(text, path);
    cache.set(path, template);
    return template;
  };
  const inputs: StackInput[] = request.stacks.map(({ name, path }) => {
    const template = load(path);
    if (isRefusal(template))
      throw new EcsnetError(
        `cannot read ${template.reason}`,
        [{ severity: 'error', code: template.code, message: template.reason, hint: template.hint, file: path, line: 1, column: 1 }],
        2,
      );
    if (!template)
      throw new EcsnetError(`cannot read ${path}`, [{ severity: 'error', code: 'unreadable-file', message: 'the file cannot be read', file: path, line: 1, column: 1 }], 2);
    return { name, template };
  });
  const options: ResolveOptions = {
    region: request.region,
    accountId: request.accountId,
    parameters: request.parameters,
    templateMap: request.templateMap,
  };
  // Addresses templates read come from the plan: resolve, plan, resolve again (settle-addresses.ts).
  const settled = settleAddresses((addresses) => resolveDeployment(inputs, addresses ? { ...options, addresses } : options, load));
  const { resolved, built } = settled;
  const templates = resolved.deployment.stacks.map((s) => ({ name: s.name, template: s.template }));
  const specFindings = io.spec ? [...checkAgainstSpec(templates, io.spec()), ...checkAllowedValues(resolved.deployment, io.spec())] : [];
  const { model, diagnostics: modelFindings } = built;
  const checks = checkModel(model, deploymentLocator(resolved.deployment), resolved.deployment);
  return {
    deployment: resolved.deployment,
    model,
    diagnostics: sortDiagnostics(withoutConsequences(dedupe([...resolved.diagnostics, ...settled.diagnostics, ...specFindings, ...modelFindings, ...checks]))),
  };
}

/** The same finding can come from two layers (a template used by two stacks); keep one. */
function dedupe(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = `${d.file}:${d.line}:${d.column}:${d.code}:${d.stack}:${d.logicalId}:${d.path}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Drops errors that only repeat a deeper one: when an intrinsic fails (a GetAtt of an attribute
 * the type lacks, a Ref to nothing), every value computed from it is wrong too, and the
 * Fn::Select, Fn::Cidr and property around it would each be reported. An error is a
 * consequence when another error of the same resource sits below its path, reached through an
 * intrinsic (`Fn::…` or `Ref`); the deepest one names the cause.
 */
function withoutConsequences(list: Diagnostic[]): Diagnostic[] {
  const errors = list.filter((d) => d.severity === 'error' && d.path !== undefined);
  return list.filter((d) => {
    if (d.severity !== 'error' || d.path === undefined) return true;
    const path = d.path;
    return !errors.some((other) => {
      if (other === d || other.file !== d.file || other.stack !== d.stack || other.logicalId !== d.logicalId || !other.path) return false;
      if (!other.path.startsWith(path) || other.path.length === path.length) return false;
      const rest = other.path.slice(path.length);
      return (rest.startsWith('.') || rest.startsWith('[')) && /(^|[.[\]])(Fn::|Ref\b)/.test(rest);
    });
  });
}

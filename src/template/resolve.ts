/**
 * Resolution of a deployment: the stacks given together (and the nested stacks they create)
 * become plain resources with AWS-shaped ids, in dependency order. Stacks are linked the two ways
 * CloudFormation links them: Export / Fn::ImportValue (exporters are ordered before importers) and
 * nested stacks (AWS::CloudFormation::Stack, AWS::Serverless::Application), whose parameters come
 * from the parent and whose outputs the parent reads with `!GetAtt Child.Outputs.X`.
 *
 * Nothing here throws for a mistake in the user's templates: each is reported with its file,
 * line and logical id, and resolution goes on with a placeholder so all of them are reported.
 */
import type { Diagnostic } from '../diagnostics.js';
import { EcsnetError } from '../diagnostics.js';
import { findCycles, topologicalOrder } from './dependency-cycles.js';
import { suggestName } from '../util/suggest-name.js';
import type { EvalFrame } from './evaluate.js';
import { evaluate, isMap, scalarText } from './evaluate.js';
import { formatIpv4 } from '../net/ip-address.js';
import { locateNestedTemplate, NESTED_STACK_TYPES, type LoadOutcome, type TemplateLoader } from './nested-stacks.js';
import { placeholder } from './placeholder.js';
import { samePath } from './posix-path.js';
import { MAX_BUILT_TEXT_TOTAL } from './template-limits.js';
import { StackContext, type StackEnvironment } from './stack-context.js';
import { isRefusal, type CfnValue, type Deployment, type ObservedAddress, type ResolvedResource, type ResolveOptions, type SourceTemplate, type StackInput } from './types.js';

/** CloudFormation's limit on a nested stack's TemplateURL. */
const MAX_TEMPLATE_URL_LENGTH = 1024;
/** CloudFormation's quota of stacks per account and region: the most a deployment can nest. */
const MAX_STACKS = 2000;

/** Re-exported so callers of resolveDeployment find the loader type next to it. */
export type { TemplateLoader } from './nested-stacks.js';

/** What resolution produced: the deployment, and every finding (errors and warnings) about it. */
export interface ResolveResult {
  deployment: Deployment;
  diagnostics: Diagnostic[];
  /** The address attributes the templates read, in the order first read: what the plan must answer (ResolveOptions.addresses). */
  observedAddresses: ObservedAddress[];
}

/** Region used when the options leave it empty (the region most examples assume). */
export const DEFAULT_REGION = 'us-east-1';
/** Account used when the options leave it empty: AWS's documentation placeholder account. */
export const DEFAULT_ACCOUNT_ID = '123456789012';

/** First address of the lab's public pool (198.18.0.0/15, reserved for benchmarks, never routed on the internet). */
const PUBLIC_POOL_BASE = 0xc6120000;
const PUBLIC_POOL_SIZE = 2 ** 17;

/**
 * Resolves stacks given together. `loadTemplate` reads nested templates (a path relative to the
 * working directory, or as given in `templateMap`); it returns undefined for a missing file and may
 * throw EcsnetError for one that cannot be parsed. A file given in `inputs` that another given file
 * nests is resolved as that parent's child only, not as a stack of its own.
 */
export function resolveDeployment(inputs: StackInput[], options: ResolveOptions, loadTemplate: TemplateLoader): ResolveResult {
  return new DeploymentResolver(inputs, options, loadTemplate).run();
}

interface ExportEntry {
  stack: StackContext;
  output: string;
  site: Diagnostic;
}

interface ImportEdge {
  exporter: StackContext;
  importer: StackContext;
  name: string;
  site: Diagnostic;
}

class DeploymentResolver implements StackEnvironment {
  readonly region: string;
  readonly accountId: string;
  readonly parameterOverrides: Readonly<Record<string, string>>;
  private readonly diagnostics: Diagnostic[] = [];
  private readonly contexts: StackContext[] = [];
  private readonly byName = new Map<string, StackContext>();
  private readonly children = new Map<StackContext, Map<string, StackContext | null>>();
  private readonly exportIndex = new Map<string, ExportEntry>();
  private readonly importEdges: ImportEdge[] = [];
  private readonly publicIps = new Map<string, string>();
  private readonly observed = new Map<string, ObservedAddress>();
  private readonly eipStacks = new Set<StackContext>();
  private nextPublicIndex = 0;
  /** Characters built by Fn::Join, Fn::Sub and the like so far (bounded: references can multiply a value). */
  private builtText = 0;
  private readonly physicalIndex = new Map<string, ResolvedResource>();
  private readonly loadCache = new Map<string, LoadOutcome>();
  private readonly given: SourceTemplate[];
  private allChildrenCreated = false;

  constructor(
    private readonly inputs: StackInput[],
    private readonly options: ResolveOptions,
    private readonly loadTemplate: TemplateLoader,
  ) {
    this.region = options.region || DEFAULT_REGION;
    this.accountId = options.accountId || DEFAULT_ACCOUNT_ID;
    this.parameterOverrides = options.parameters ?? {};
    this.given = inputs.map((i) => i.template);
  }

  run(): ResolveResult {
    // Files nested by another given file are that parent's children, not stacks of their own.
    const nestedByOthers = this.nestedGivenTemplates();
    let topLevel = this.inputs.filter((input) => !nestedByOthers.has(input.template));
    if (topLevel.length === 0) topLevel = this.inputs;
    for (const input of topLevel) {
      let name = input.name;
      if (this.byName.has(name)) {
        const renamed = `${name}-${this.contexts.length + 1}`;
        this.report({
          severity: 'error',
          code: 'duplicate-stack-name',
          message: `two stacks are named ${name}; this one is resolved as ${renamed}`,
          hint: `name the files differently: NAME=${input.template.file}`,
          file: input.template.file,
          line: 1,
          column: 1,
          stack: name,
        });
        name = renamed;
      }
      this.addContext(new StackContext(name, input.template, this));
    }
    const roots = [...this.contexts];
    for (const context of roots) this.registerExports(context);

    // Exporters before importers, from the names the live templates import.
    const edges = new Map<string, Set<string>>();
    for (const context of roots) {
      for (const name of context.importedNames()) {
        const exporter = this.exportIndex.get(name)?.stack;
        const root = exporter ? this.rootOf(exporter) : undefined;
        if (!root || root === context) continue;
        if (!edges.has(root.name)) edges.set(root.name, new Set());
        edges.get(root.name)?.add(context.name);
      }
    }
    const resolutionOrder: StackContext[] = [];
    const resolveTree = (context: StackContext): void => {
      if (context.started) return;
      context.resolveAll();
      resolutionOrder.push(context);
      for (const id of context.resourceIds) {
        if (NESTED_STACK_TYPES[context.resourceType(id) ?? ''] === undefined || !context.resourceExists(id)) continue;
        const child = this.childStack(context, id);
        if (child) resolveTree(child);
      }
    };
    for (const name of topologicalOrder(
      roots.map((c) => c.name),
      edges,
    )) {
      const context = this.byName.get(name);
      if (context) resolveTree(context);
    }
    for (const context of [...this.contexts]) resolveTree(context);

    this.reportImportCycles();
    this.reportUnusedOverrides();
    const ordered = this.finalOrder(resolutionOrder);
    return {
      deployment: { region: this.region, accountId: this.accountId, stacks: ordered.map((c) => c.result()) },
      diagnostics: dedupe(this.diagnostics),
      observedAddresses: [...this.observed.values()],
    };
  }

  // ---------------------------------------------------------------- StackEnvironment

  report(diagnostic: Diagnostic): void {
    this.diagnostics.push(diagnostic);
  }

  lookup(physicalId: string): ResolvedResource | undefined {
    return this.physicalIndex.get(physicalId);
  }

  spendText(length: number): boolean {
    this.builtText += length;
    return this.builtText <= MAX_BUILT_TEXT_TOTAL;
  }

  registerResource(resource: ResolvedResource): void {
    if (!this.physicalIndex.has(resource.physicalId)) this.physicalIndex.set(resource.physicalId, resource);
  }

  allocateEips(stack: StackContext): void {
    if (this.eipStacks.has(stack)) return;
    this.eipStacks.add(stack);
    for (const id of stack.liveEips()) this.publicIpFor(stack, id);
  }

  get plansAddresses(): boolean {
    return this.options.addresses !== undefined;
  }

  plannedAddress(stack: StackContext, logicalId: string, attribute: string): CfnValue | undefined {
    const resourceId = `${stack.name}.${logicalId}`;
    const key = `${resourceId}\u0000${attribute}`;
    if (!this.observed.has(key)) this.observed.set(key, { resourceId, attribute });
    return this.options.addresses?.(resourceId, attribute);
  }

  publicIpFor(stack: StackContext, logicalId: string): string {
    const key = `${stack.name}\u0000${logicalId}`;
    const known = this.publicIps.get(key);
    if (known) return known;
    if (!this.eipStacks.has(stack)) {
      this.allocateEips(stack);
      const allocated = this.publicIps.get(key);
      if (allocated) return allocated;
    }
    const address = formatIpv4(PUBLIC_POOL_BASE + 1 + (this.nextPublicIndex++ % (PUBLIC_POOL_SIZE - 2)));
    this.publicIps.set(key, address);
    return address;
  }

  childStack(parent: StackContext, logicalId: string): StackContext | undefined {
    let known = this.children.get(parent);
    if (!known) this.children.set(parent, (known = new Map()));
    if (known.has(logicalId)) return known.get(logicalId) ?? undefined;
    known.set(logicalId, null);
    const child = this.createChild(parent, logicalId);
    known.set(logicalId, child ?? null);
    return child;
  }

  hasExport(name: string): boolean {
    if (!this.exportIndex.has(name)) this.createAllChildren();
    return this.exportIndex.has(name);
  }

  importValue(importer: StackContext, name: string, frame: EvalFrame, site: Diagnostic): CfnValue {
    let entry = this.exportIndex.get(name);
    if (!entry) {
      this.createAllChildren();
      entry = this.exportIndex.get(name);
    }
    if (!entry) {
      const { message, hint } = this.missingExport(importer, name);
      importer.report(frame, 'error', 'missing-export', message, hint);
      return placeholder(`ImportValue ${name}`);
    }
    if (entry.stack === importer) {
      importer.report(
        frame,
        'error',
        'circular-import',
        `stack ${importer.name} imports its own export '${name}'; an export exists only once its stack is complete`,
        `use !Ref / !GetAtt for the value of output ${entry.output} instead`,
      );
      return placeholder(`ImportValue ${name}`);
    }
    this.importEdges.push({ exporter: entry.stack, importer, name, site });
    return entry.stack.output(entry.output) ?? placeholder(`ImportValue ${name}`);
  }

  // ---------------------------------------------------------------- stacks

  private addContext(context: StackContext): void {
    this.contexts.push(context);
    if (!this.byName.has(context.name)) this.byName.set(context.name, context);
  }

  private rootOf(context: StackContext): StackContext {
    let current = context;
    while (current.parent) current = current.parent.stack;
    return current;
  }

  private load(path: string): LoadOutcome {
    const cached = this.loadCache.get(path);
    if (cached) return cached;
    let result: LoadOutcome;
    try {
      const template = this.loadTemplate(path);
      result = isRefusal(template) ? { refusal: { ...template, path } } : template ? { template } : {};
    } catch (error) {
      if (error instanceof EcsnetError) result = { error: { message: error.message, diagnostics: error.diagnostics } };
      else result = { error: { message: `${path}: ${(error as Error).message}`, diagnostics: [] } };
    }
    this.loadCache.set(path, result);
    return result;
  }

  /** Templates among the inputs that another input nests (found from literal TemplateURL / Location values). */
  private nestedGivenTemplates(): Set<SourceTemplate> {
    const nested = new Set<SourceTemplate>();
    for (const input of this.inputs) {
      const resources = input.template.body.Resources;
      if (!isMap(resources ?? null)) continue;
      for (const decl of Object.values(resources as Record<string, CfnValue>)) {
        if (!isMap(decl)) continue;
        const property = NESTED_STACK_TYPES[String(decl.Type)];
        const reference = property && isMap(decl.Properties ?? null) ? (decl.Properties as Record<string, CfnValue>)[property] : undefined;
        if (typeof reference !== 'string' || reference.length > MAX_TEMPLATE_URL_LENGTH) continue;
        const found = locateNestedTemplate(input.template.file, reference, this.options.templateMap ?? {}, this.given, (p) => this.load(p));
        if (found.found && found.template !== input.template && this.given.includes(found.template)) nested.add(found.template);
      }
    }
    return nested;
  }

  private createChild(parent: StackContext, logicalId: string): StackContext | undefined {
    const type = parent.resourceType(logicalId) ?? '';
    const property = NESTED_STACK_TYPES[type];
    if (property === undefined || !parent.resourceExists(logicalId)) return undefined;
    const decl = parent.resourceDeclaration(logicalId) ?? {};
    const properties = isMap(decl.Properties ?? null) ? (decl.Properties as Record<string, CfnValue>) : {};
    const path = ['Resources', logicalId, 'Properties', property];
    if (isMap(properties[property] ?? null) && type === 'AWS::Serverless::Application') {
      parent.problem(
        path,
        'warning',
        'unsupported-nested-stack',
        `${logicalId} is an application from the Serverless Application Repository, which cannot be fetched locally; its resources are left out`,
        'use a local Location: path/to/template.yml',
      );
      return undefined;
    }
    const frame: EvalFrame = { owner: logicalId, dependent: logicalId, path: [...path] };
    const reference = scalarText(evaluate(parent, properties[property] ?? null, frame));
    if (reference === undefined || reference === '') {
      parent.problem(path, 'error', 'nested-template-not-found', `${logicalId} needs ${property} naming its template`);
      return undefined;
    }
    // CloudFormation's own limits, before any lookup: a TemplateURL is at most 1,024 characters,
    // and an account holds at most 2,000 stacks per region — a tree of siblings nesting siblings
    // would otherwise multiply into hundreds of thousands of stacks from a few kilobytes.
    if (reference.length > MAX_TEMPLATE_URL_LENGTH) {
      parent.problem(
        path,
        'error',
        'template-url-too-long',
        `${property} of ${logicalId} is ${reference.length} characters; CloudFormation accepts at most ${MAX_TEMPLATE_URL_LENGTH}`,
        'shorten the URL or path',
      );
      return undefined;
    }
    if (this.contexts.length >= MAX_STACKS) {
      parent.problem(
        path,
        'error',
        'too-many-stacks',
        `nested stack ${logicalId} would be stack number ${this.contexts.length + 1}; CloudFormation allows at most ${MAX_STACKS} stacks per account and region`,
        'nest fewer stacks',
      );
      return undefined;
    }
    let depth = 0;
    for (let a: StackContext | undefined = parent; a; a = a.parent?.stack) depth++;
    const found = locateNestedTemplate(parent.file, reference, this.options.templateMap ?? {}, this.given, (p) => this.load(p));
    if (!found.found) {
      if (found.refusal && !found.error) {
        const refusal = found.refusal;
        parent.problem(path, 'error', refusal.code, `nested stack ${logicalId} (${type}) names ${reference}; ecsnet does not read ${refusal.reason}`, refusal.hint);
      } else if (found.error) {
        for (const d of found.error.diagnostics) this.report(d);
        parent.problem(path, 'error', 'nested-template-unreadable', `the template of nested stack ${logicalId} cannot be read: ${found.error.message}`, 'fix that file');
      } else {
        parent.problem(
          path,
          'error',
          'nested-template-not-found',
          `no local file found for the template of nested stack ${logicalId}: ${reference}`,
          `tried ${found.tried.slice(0, 5).join(', ') || 'nothing'}${found.tried.length > 5 ? ` and ${found.tried.length - 5} more` : ''}; give the file with --map ${reference}=<local file>`,
        );
      }
      return undefined;
    }
    for (let a: StackContext | undefined = parent; a; a = a.parent?.stack) {
      if (a.template === found.template || samePath(a.file, found.file)) {
        parent.problem(
          path,
          'error',
          'recursive-nested-stack',
          `nested stack ${logicalId} uses ${found.file}, which is already one of its ancestors`,
          'a template cannot nest itself',
        );
        return undefined;
      }
    }
    if (depth > 16) {
      parent.problem(path, 'error', 'recursive-nested-stack', `nested stacks go more than 16 levels deep at ${logicalId}`);
      return undefined;
    }
    let name = `${parent.name}-${logicalId}`;
    for (let n = 2; this.byName.has(name); n++) name = `${parent.name}-${logicalId}-${n}`;
    const child = new StackContext(name, found.template, this, { stack: parent, logicalId });
    this.addContext(child);
    this.children.get(parent)?.set(logicalId, child);
    this.registerExports(child);
    return child;
  }

  /** Creates every nested stack of every stack (used when an import names an export not found yet). */
  private createAllChildren(): void {
    if (this.allChildrenCreated) return;
    this.allChildrenCreated = true;
    for (let i = 0; i < this.contexts.length; i++) {
      const context = this.contexts[i];
      if (!context) continue;
      for (const id of context.resourceIds) {
        if (NESTED_STACK_TYPES[context.resourceType(id) ?? ''] !== undefined) this.childStack(context, id);
      }
    }
  }

  // ---------------------------------------------------------------- exports

  private registerExports(context: StackContext): void {
    for (const output of context.exportingOutputs) {
      const name = context.exportName(output);
      if (name === undefined) continue;
      const site = context.diagnostic(['Outputs', output, 'Export', 'Name'], 'error', 'duplicate-export', '');
      const existing = this.exportIndex.get(name);
      if (existing) {
        const where = `${existing.site.file ?? existing.stack.file}:${existing.site.line ?? 1}`;
        this.report({
          ...site,
          message: `export name '${name}' is exported twice: by ${context.name} (output ${output}) and by ${existing.stack.name} (output ${existing.output}, ${where})`,
          hint: 'export names must be unique in a region and account; rename one of them',
        });
        continue;
      }
      this.exportIndex.set(name, { stack: context, output, site });
    }
  }

  private missingExport(importer: StackContext, name: string): { message: string; hint: string } {
    const byStack = new Map<StackContext, string[]>();
    for (const [exported, entry] of this.exportIndex) {
      if (!byStack.has(entry.stack)) byStack.set(entry.stack, []);
      byStack.get(entry.stack)?.push(exported);
    }
    const available = [...byStack.entries()]
      .slice(0, 3)
      .map(([stack, names]) => `${stack.name} (${stack.file}) exports ${names.slice(0, 4).join(', ')}${names.length > 4 ? `, … (${names.length} in all)` : ''}`);
    const message = `Fn::ImportValue '${name}': no stack given exports this name; ${available.length > 0 ? available.join('; ') : 'no stack given exports anything'}`;

    const hints: string[] = [];
    // Exports usually embed the exporter's stack name: find the name the importer expected.
    for (const [exported, entry] of this.exportIndex) {
      const stackName = entry.stack.name;
      const at = exported.indexOf(stackName);
      if (at < 0) continue;
      const prefix = exported.slice(0, at);
      const suffix = exported.slice(at + stackName.length);
      if (!name.startsWith(prefix) || !name.endsWith(suffix) || name.length <= prefix.length + suffix.length) continue;
      const expected = name.slice(prefix.length, name.length - suffix.length);
      hints.push(`${entry.stack.file} exports '${exported}' as stack '${stackName}'; name that stack '${expected}' (${expected}=${entry.stack.file})`);
      const parameter = importer.parameterNames.find((p) => importer.parameter(p) === expected);
      if (parameter) hints.push(`or pass --param ${importer.name}.${parameter}=${stackName}`);
      break;
    }
    if (hints.length === 0) {
      const near = suggestName(name, this.exportIndex.keys());
      if (near) hints.push(`did you mean '${near}' (exported by ${this.exportIndex.get(near)?.stack.name})?`);
      else hints.push(`add the template that exports '${name}' to the command line`);
    }
    return { message, hint: hints.join(', ') };
  }

  private reportImportCycles(): void {
    const edges = new Map<string, Set<string>>();
    for (const edge of this.importEdges) {
      // Edge importer → exporter: the importer depends on the exporter.
      if (!edges.has(edge.importer.name)) edges.set(edge.importer.name, new Set());
      edges.get(edge.importer.name)?.add(edge.exporter.name);
    }
    for (const cycle of findCycles(
      this.contexts.map((c) => c.name),
      edges,
    )) {
      const members = new Set(cycle);
      const links = this.importEdges.filter((e) => members.has(e.importer.name) && members.has(e.exporter.name));
      const first = links[0];
      const seen = new Set<string>();
      const details = links
        .filter((e) => {
          const key = `${e.importer.name}>${e.exporter.name}`;
          if (seen.has(key)) return false;
          seen.add(key);
          return true;
        })
        .map((e) => `${e.importer.name} imports '${e.name}' from ${e.exporter.name}`)
        .join('; ');
      this.report({
        ...(first?.site ?? {}),
        severity: 'error',
        code: 'circular-import',
        message: `stacks ${cycle.join(', ')} import each other's exports, so none can be created first: ${details}`,
        hint: 'move the shared resources into a stack that imports nothing from the others',
      });
    }
  }

  private reportUnusedOverrides(): void {
    for (const key of Object.keys(this.parameterOverrides)) {
      const dot = key.indexOf('.');
      if (dot > 0) {
        const stackName = key.slice(0, dot);
        const parameter = key.slice(dot + 1);
        const stack = this.byName.get(stackName);
        if (!stack) {
          const near = suggestName(stackName, this.byName.keys());
          this.report({
            severity: 'warning',
            code: 'unused-parameter-override',
            message: `--param ${key}: there is no stack named ${stackName} (stacks: ${[...this.byName.keys()].join(', ')})`,
            ...(near ? { hint: `did you mean '${near}.${parameter}'?` } : {}),
          });
        } else if (!stack.hasParameter(parameter)) {
          const near = suggestName(parameter, stack.parameterNames);
          this.report({
            severity: 'warning',
            code: 'unused-parameter-override',
            message: `--param ${key}: stack ${stackName} (${stack.file}) declares no parameter ${parameter}`,
            ...(near ? { hint: `did you mean '${stackName}.${near}'?` } : {}),
            file: stack.file,
            stack: stackName,
          });
        }
      } else if (!this.contexts.some((c) => c.hasParameter(key))) {
        const near = suggestName(
          key,
          this.contexts.flatMap((c) => c.parameterNames),
        );
        this.report({
          severity: 'warning',
          code: 'unused-parameter-override',
          message: `--param ${key}: no stack declares a parameter ${key}`,
          ...(near ? { hint: `did you mean '${near}'?` } : {}),
        });
      }
    }
  }

  /** Parents before children, exporters before importers; otherwise the order stacks were resolved in. */
  private finalOrder(resolutionOrder: StackContext[]): StackContext[] {
    const all = [...resolutionOrder, ...this.contexts.filter((c) => !resolutionOrder.includes(c))];
    const edges = new Map<string, Set<string>>();
    const link = (from: string, to: string) => {
      if (!edges.has(from)) edges.set(from, new Set());
      edges.get(from)?.add(to);
    };
    for (const context of all) if (context.parent) link(context.parent.stack.name, context.name);
    for (const edge of this.importEdges) link(edge.exporter.name, edge.importer.name);
    const byName = new Map(all.map((c) => [c.name, c]));
    return topologicalOrder(
      all.map((c) => c.name),
      edges,
    ).flatMap((n) => {
      const c = byName.get(n);
      return c ? [c] : [];
    });
  }
}

/** Lazy evaluation can meet the same mistake twice (e.g. ordering, then resolving); report it once. */
function dedupe(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = `${d.severity}|${d.code}|${d.file}|${d.line}|${d.column}|${d.stack}|${d.logicalId}|${d.path}|${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * One stack being resolved: its parameters, conditions, resources and outputs, each computed
 * once on demand (memoized) so resolution stays linear in the size of the template, and every
 * reference is checked where it is written. The deployment around it (other stacks, exports,
 * nested templates, public addresses) is reached through `StackEnvironment`.
 */
import type { Diagnostic, Severity } from '../diagnostics.js';
import { evaluateCondition } from './conditions.js';
import { findCycles } from './dependency-cycles.js';
import { suggestName } from '../util/suggest-name.js';
import type { Evaluated, EvalFrame, IntrinsicHost } from './evaluate.js';
import { evaluate, intrinsicName, isMap, NO_VALUE, scalarText } from './evaluate.js';
import { NESTED_STACK_TYPES } from './nested-stacks.js';
import { checkParameterConstraints, coerceParameterValue, missingParameterValue, parameterKind, ssmStandIn, uncheckablePattern, type ParameterKind } from './parameters.js';
import { customResourceAttribute, forwardedExport } from './custom-resource-attributes.js';
import { isPlaceholder, placeholder } from './placeholder.js';
import { MAX_BUILT_TEXT_TOTAL } from './template-limits.js';
import { partitionOf, PSEUDO_PARAMETERS, pseudoParameterValue, stackArn, urlSuffixOf } from './pseudo-parameters.js';
import { GENERIC_RULE, genericAttribute, isAddressAttribute, RESOURCE_ID_RULES, type IdContext, type ResourceIdRule } from './resource-ids.js';
import type { CfnPath, CfnValue, ResolvedResource, ResolvedStack, SourceTemplate } from './types.js';
import { formatPath } from './types.js';

type CfnMap = { [key: string]: CfnValue };

/** What a stack needs from the deployment it belongs to. */
export interface StackEnvironment {
  readonly region: string;
  readonly accountId: string;
  readonly parameterOverrides: Readonly<Record<string, string>>;
  report(diagnostic: Diagnostic): void;
  /** Fn::ImportValue: finds the exporting stack and returns the exported value. */
  importValue(importer: StackContext, name: string, frame: EvalFrame, site: Diagnostic): CfnValue;
  /** Whether some given stack exports `name` (asked before importing, so nothing is reported when none does). */
  hasExport(name: string): boolean;
  /** The nested stack a parent's AWS::CloudFormation::Stack / AWS::Serverless::Application creates, or undefined when its template is missing. */
  childStack(parent: StackContext, logicalId: string): StackContext | undefined;
  /** The public address of a resource, from 198.18.0.0/15; a stack's EIPs get theirs together, in template order. */
  publicIpFor(stack: StackContext, logicalId: string): string;
  /** The plan's value of an address attribute (see ResolveOptions.addresses), noting that the template observed it. */
  plannedAddress(stack: StackContext, logicalId: string, attribute: string): CfnValue | undefined;
  /** True when resolution was given the plan's addresses (a missing one is then worth a warning). */
  readonly plansAddresses: boolean;
  /** Allocates the addresses of a stack's EIPs now (when it starts resolving), if not done yet. */
  allocateEips(stack: StackContext): void;
  /** Any resolved resource of the deployment by physical id. */
  lookup(physicalId: string): ResolvedResource | undefined;
  /** Called once per resolved resource, to index it by physical id. */
  registerResource(resource: ResolvedResource): void;
  /** Takes `length` characters from the deployment's budget for built strings; false once it is spent. */
  spendText(length: number): boolean;
}

type ResourceState =
  | { status: 'resolving'; provisional: () => ResolvedResource }
  | { status: 'done'; resource: ResolvedResource; rule: ResourceIdRule; context: IdContext }
  | { status: 'skipped'; condition: string }
  | { status: 'invalid' };

const KNOWN_TRANSFORMS = new Set(['AWS::Serverless-2016-10-31', 'AWS::LanguageExtensions']);

/** A stack under resolution. */
export class StackContext implements IntrinsicHost {
  readonly region: string;
  readonly file: string;
  private readonly parametersDecl: Record<string, CfnMap>;
  private readonly parameterKinds = new Map<string, ParameterKind | undefined>();
  private readonly conditionsDecl: CfnMap;
  private readonly mappingsDecl: CfnMap;
  private readonly resourcesDecl: Record<string, CfnMap>;
  private readonly outputsDecl: Record<string, CfnMap>;
  private readonly parameterValues = new Map<string, CfnValue>();
  private readonly conditionValues = new Map<string, boolean | 'evaluating'>();
  private readonly resourceStates = new Map<string, ResourceState>();
  private readonly outputValues = new Map<string, CfnValue | 'evaluating' | typeof SKIPPED>();
  private readonly dependencies = new Map<string, Set<string>>();
  private state: 'idle' | 'resolving' | 'done' = 'idle';
  private readonly exportNames = new Map<string, string | undefined>();

  constructor(
    readonly name: string,
    readonly template: SourceTemplate,
    private readonly env: StackEnvironment,
    readonly parent?: { stack: StackContext; logicalId: string },
  ) {
    this.region = env.region;
    this.file = template.file;
    const body = template.body;
    this.parametersDecl = this.section('Parameters', (name, decl) => {
      if (!isMap(decl) || typeof decl.Type !== 'string') {
        this.problem(
          ['Parameters', name],
          'error',
          'invalid-parameter',
          `parameter ${name} needs a Type`,
          'add Type: String (or Number, CommaDelimitedList, List<AWS::EC2::Subnet::Id>, ...)',
        );
        return false;
      }
      const kind = parameterKind(decl.Type);
      if (!kind)
        this.problem(
          ['Parameters', name, 'Type'],
          'error',
          'invalid-parameter',
          `parameter ${name} has an unknown Type '${decl.Type}'`,
          'use String, Number, List<Number>, CommaDelimitedList, an AWS-specific type or AWS::SSM::Parameter::Value<...>',
        );
      this.parameterKinds.set(name, kind);
      const uncheckable = uncheckablePattern(decl);
      if (uncheckable)
        this.problem(
          ['Parameters', name, 'AllowedPattern'],
          'warning',
          'unchecked-allowed-pattern',
          `ecsnet cannot check values of parameter ${name} against its AllowedPattern: ${uncheckable}`,
          'CloudFormation still checks it at deploy time; write the pattern without lookaround or backreferences to have it checked here',
        );
      return true;
    });
    this.conditionsDecl = isMap(body.Conditions ?? null) ? (body.Conditions as CfnMap) : {};
    this.mappingsDecl = isMap(body.Mappings ?? null) ? (body.Mappings as CfnMap) : {};
    this.resourcesDecl = this.section('Resources', (id, decl) => this.checkResourceShape(id, decl));
    this.outputsDecl = this.section('Outputs', (name, decl) => {
      if (!isMap(decl) || !('Value' in decl)) {
        this.problem(['Outputs', name], 'error', 'invalid-output', `output ${name} needs a Value`, 'add Value: to the output');
        return false;
      }
      return true;
    });
    if (!isMap(body.Resources ?? null) || Object.keys(body.Resources as CfnMap).length === 0) {
      this.problem(['Resources'], 'error', 'invalid-template', 'the template has no resources; CloudFormation requires at least one', 'add a Resources section');
    }
    for (const transform of [body.Transform ?? []].flat()) {
      if (typeof transform === 'string' && !KNOWN_TRANSFORMS.has(transform)) {
        this.problem(
          ['Transform'],
          'warning',
          'unsupported-transform',
          `transform ${transform} cannot run locally; the template is read as written`,
          'process the template with the transform first',
        );
      }
    }
  }

  // ---------------------------------------------------------------- sections and findings

  private section(name: string, accept: (key: string, value: CfnValue) => boolean): Record<string, CfnMap> {
    const raw = this.template.body[name];
    const out: Record<string, CfnMap> = {};
    if (raw === undefined || raw === null) return out;
    if (!isMap(raw)) {
      this.problem([name], 'error', 'invalid-template', `${name} must be a mapping`);
      return out;
    }
    for (const key in raw) {
      if (key.startsWith('Fn::ForEach::')) {
        this.problem(
          [name, key],
          'warning',
          'unsupported-intrinsic',
          'Fn::ForEach (AWS::LanguageExtensions) is not expanded locally; its resources are left out',
          'write the resources out, or expand the template first',
        );
        continue;
      }
      const value = raw[key] ?? null;
      if (accept(key, value)) out[key] = value as CfnMap;
    }
    return out;
  }

  private checkResourceShape(id: string, decl: CfnValue): boolean {
    const at: CfnPath = ['Resources', id];
    if (!/^[A-Za-z0-9]+$/.test(id)) {
      this.problem(
        at,
        'error',
        'invalid-logical-id',
        `logical id "${id}" is not alphanumeric`,
        'CloudFormation accepts letters A-Z, a-z and digits only: rename it (and its references)',
      );
    }
    if (!isMap(decl) || typeof decl.Type !== 'string' || decl.Type === '') {
      this.problem(at, 'error', 'invalid-resource', `resource ${id} needs a Type`, 'add Type: AWS::Service::Resource');
      this.resourceStates.set(id, { status: 'invalid' });
      return isMap(decl);
    }
    if ('Properties' in decl && decl.Properties !== null && !isMap(decl.Properties ?? null)) {
      this.problem([...at, 'Properties'], 'error', 'invalid-resource', `Properties of ${id} must be a mapping`);
    }
    if ('Condition' in decl && typeof decl.Condition !== 'string') this.problem([...at, 'Condition'], 'error', 'invalid-resource', `Condition of ${id} must be a condition name`);
    if ('DependsOn' in decl) {
      const deps = decl.DependsOn;
      const ok = typeof deps === 'string' || (Array.isArray(deps) && deps.every((d) => typeof d === 'string'));
      if (!ok) this.problem([...at, 'DependsOn'], 'error', 'invalid-resource', `DependsOn of ${id} must be a logical id or a list of them`);
    }
    return true;
  }

  /** Builds a finding located at `path` in this stack's file. */
  diagnostic(path: CfnPath, severity: Severity, code: string, message: string, hint?: string): Diagnostic {
    const location = this.template.locate(path);
    const section = path[0];
    const owner =
      path.length > 1 && typeof section === 'string' && ['Resources', 'Outputs', 'Parameters', 'Conditions', 'Mappings'].includes(section) ? String(path[1]) : undefined;
    const inner = path.length > 2 ? formatPath(path.slice(2)) : undefined;
    return {
      severity,
      code,
      message,
      ...(hint ? { hint } : {}),
      file: location.file,
      line: location.line,
      column: location.column,
      stack: this.name,
      ...(owner ? { logicalId: owner } : {}),
      ...(inner ? { path: inner } : {}),
    };
  }

  problem(path: CfnPath, severity: Severity, code: string, message: string, hint?: string): void {
    this.env.report(this.diagnostic(path, severity, code, message, hint));
  }

  report(frame: EvalFrame, severity: Severity, code: string, message: string, hint?: string): void {
    this.problem(frame.path, severity, code, message, hint);
  }

  // ---------------------------------------------------------------- declarations

  /** Logical ids of resources, in template order. */
  get resourceIds(): string[] {
    return Object.keys(this.resourcesDecl);
  }

  resourceType(id: string): string | undefined {
    const type = this.resourcesDecl[id]?.Type;
    return typeof type === 'string' ? type : undefined;
  }

  resourceDeclaration(id: string): CfnMap | undefined {
    return this.resourcesDecl[id];
  }

  /** Output names with an Export, in template order. */
  get exportingOutputs(): string[] {
    return Object.keys(this.outputsDecl).filter((name) => isMap(this.outputsDecl[name]?.Export ?? null));
  }

  hasParameter(name: string): boolean {
    return name in this.parametersDecl;
  }

  get parameterNames(): string[] {
    return Object.keys(this.parametersDecl);
  }

  // ---------------------------------------------------------------- parameters

  /** The value `Ref` returns for a declared parameter. */
  parameter(name: string): CfnValue {
    const known = this.parameterValues.get(name);
    if (known !== undefined) return known;
    const value = this.computeParameter(name);
    this.parameterValues.set(name, value);
    return value;
  }

  private computeParameter(name: string): CfnValue {
    const decl = this.parametersDecl[name] ?? {};
    const kind = this.parameterKinds.get(name) ?? { list: false, number: false };
    const at: CfnPath = ['Parameters', name];
    const qualified = this.env.parameterOverrides[`${this.name}.${name}`];
    const plain = this.env.parameterOverrides[name];
    const fromParent = this.parentParameter(name);
    if (fromParent === 'pending') return missingParameterValue(kind, name);

    let raw: CfnValue | undefined;
    let source: 'override' | 'parent' | 'default';
    if (qualified !== undefined) [raw, source] = [qualified, 'override'];
    else if (fromParent !== undefined) [raw, source] = [fromParent, 'parent'];
    else if (plain !== undefined) [raw, source] = [plain, 'override'];
    else if ('Default' in decl) [raw, source] = [decl.Default ?? '', 'default'];
    else {
      const allowed = Array.isArray(decl.AllowedValues) ? `<one of ${decl.AllowedValues.map(String).join('|')}>` : '<value>';
      const hint = this.parent
        ? `pass ${name} in Parameters of ${this.parent.logicalId} in ${this.parent.stack.file}, or add --param ${this.name}.${name}=${allowed}`
        : `add --param ${this.name}.${name}=${allowed}`;
      this.problem(at, 'error', 'missing-parameter', `parameter ${name} of stack ${this.name} has no Default and no value was given`, hint);
      return missingParameterValue(kind, name);
    }

    if (kind.ssmValueType !== undefined && source !== 'override') {
      const ssmName = scalarText(raw as Evaluated) ?? '';
      const standIn = ssmStandIn(kind.ssmValueType, ssmName);
      if (!standIn.known) {
        this.problem(
          at,
          'info',
          'ssm-parameter',
          `parameter ${name} reads SSM parameter ${ssmName}, which cannot be read locally`,
          `give its value with --param ${this.name}.${name}=<value>`,
        );
      }
      return standIn.value;
    }
    const coerced = coerceParameterValue(kind, raw);
    if ('error' in coerced) {
      this.problem(
        at,
        'error',
        'invalid-parameter-value',
        `parameter ${name} (${String(decl.Type)}): ${coerced.error}`,
        `give a valid value with --param ${this.name}.${name}=<value>`,
      );
      return missingParameterValue(kind, name);
    }
    const refused = checkParameterConstraints(decl, kind, coerced.value);
    if (refused) {
      this.problem(at, 'error', 'parameter-not-allowed', `parameter ${name} of stack ${this.name}: ${refused}`, `give an allowed value with --param ${this.name}.${name}=<value>`);
    }
    return coerced.value;
  }

  /** The value a parent stack passes for `name`; 'pending' inside a reference cycle. */
  private parentParameter(name: string): CfnValue | undefined | 'pending' {
    if (!this.parent) return undefined;
    const resource = this.parent.stack.resourceForChild(this.parent.logicalId);
    if (resource === 'pending') return 'pending';
    const params = resource?.properties.Parameters;
    if (!isMap(params ?? null)) return undefined;
    return (params as CfnMap)[name];
  }

  // ---------------------------------------------------------------- IntrinsicHost

  spendText(length: number, frame: EvalFrame, fn: string): boolean {
    if (this.env.spendText(length)) return true;
    this.report(
      frame,
      'error',
      'value-too-large',
      `${fn} here would take the values built by intrinsics past ${MAX_BUILT_TEXT_TOTAL} bytes for the deployment`,
      'references repeated many times multiply their values; build smaller values',
    );
    return false;
  }

  ref(name: string, frame: EvalFrame): Evaluated {
    if (name.startsWith('AWS::')) {
      if (name === 'AWS::NoValue') return NO_VALUE;
      const value = pseudoParameterValue(name, this.region, this.env.accountId, this.name);
      if (value !== undefined) return value;
      const suggestion = suggestName(name, PSEUDO_PARAMETERS);
      this.report(
        frame,
        'error',
        'dangling-reference',
        `Ref to unknown pseudo parameter ${name}`,
        suggestion ? `did you mean '${suggestion}'?` : `pseudo parameters are ${PSEUDO_PARAMETERS.join(', ')}`,
      );
      return placeholder(`Ref ${name}`);
    }
    if (name in this.parametersDecl) return this.parameter(name);
    if (name in this.resourcesDecl) {
      if (frame.path[0] === 'Conditions') {
        this.report(
          frame,
          'error',
          'invalid-condition',
          `condition ${String(frame.owner)} refers to resource ${name}; conditions can only use parameters, mappings and pseudo parameters`,
        );
      }
      const resolved = this.resourceForReference(name, frame);
      return resolved ? resolved.physicalId : placeholder(`Ref ${name}`);
    }
    const hint = this.danglingHint(
      name,
      [...Object.keys(this.resourcesDecl), ...Object.keys(this.parametersDecl), ...PSEUDO_PARAMETERS],
      'declare it under Parameters or Resources',
    );
    this.report(frame, 'error', 'dangling-reference', `Ref to ${name}, which is neither a parameter nor a resource of this template`, hint);
    return placeholder(`Ref ${name}`);
  }

  getAtt(logicalId: string, attribute: string, frame: EvalFrame): CfnValue {
    if (!(logicalId in this.resourcesDecl)) {
      const hint = this.danglingHint(logicalId, Object.keys(this.resourcesDecl), 'declare the resource under Resources');
      this.report(frame, 'error', 'dangling-reference', `Fn::GetAtt of ${logicalId}.${attribute}: there is no resource ${logicalId} in this template`, hint);
      return placeholder(`GetAtt ${logicalId}.${attribute}`);
    }
    const resolved = this.resourceForReference(logicalId, frame);
    if (!resolved) return placeholder(`GetAtt ${logicalId}.${attribute}`);
    const type = resolved.type;
    if (NESTED_STACK_TYPES[type] !== undefined && attribute.startsWith('Outputs.')) return this.childOutput(logicalId, attribute.slice('Outputs.'.length), frame);
    if (attribute in resolved.attributes) return resolved.attributes[attribute] ?? null;
    const state = this.resourceStates.get(logicalId);
    if (state?.status !== 'done') return placeholder(`GetAtt ${logicalId}.${attribute}`);
    const lazy = state.rule.lazy?.[attribute] ?? onDemandAttribute(state.rule, attribute);
    const forwarded = forwardedExport(type, resolved.properties, attribute);
    if (forwarded !== undefined && this.env.hasExport(forwarded)) return this.importValue(forwarded, frame);
    const value =
      customResourceAttribute(type, attribute, { region: this.region, accountId: this.env.accountId, stack: this.name, logicalId }) ??
      (lazy ? lazy(state.context, resolved.physicalId) : genericAttribute(state.context, resolved.physicalId, attribute));
    if (this.env.plansAddresses && isAddressAttribute(type, attribute) && isPlaceholder(value)) this.reportUnplannedAddress(logicalId, attribute, frame);
    resolved.attributes[attribute] = value;
    return value;
  }

  /** A template reads an address the plan does not give (a public IP of an instance that gets none, an ENI the lab does not plan). */
  private reportUnplannedAddress(logicalId: string, attribute: string, frame: EvalFrame): void {
    const hint = attribute.startsWith('Public')
      ? `give ${logicalId} a public address (AssociatePublicIpAddress: true in a NetworkInterfaces entry, a subnet with MapPublicIpOnLaunch, or an Elastic IP), or do not read ${attribute}`
      : `check that ${logicalId} is in a subnet of the deployment with free addresses`;
    this.report(
      frame,
      'warning',
      'address-not-planned',
      `Fn::GetAtt ${logicalId}.${attribute} has no value: the plan gives ${logicalId} no such address, so AWS would fail the stack here`,
      hint,
    );
  }

  condition(name: string, frame: EvalFrame): boolean {
    const known = this.conditionValues.get(name);
    if (known === 'evaluating') {
      this.problem(['Conditions', name], 'error', 'circular-condition', `condition ${name} depends on itself`, 'remove the circular {Condition: ...} reference');
      return false;
    }
    if (known !== undefined) return known;
    if (!(name in this.conditionsDecl)) {
      const hint = this.danglingHint(name, Object.keys(this.conditionsDecl), 'declare it under Conditions');
      this.report(frame, 'error', 'undefined-condition', `condition ${name} is not declared in Conditions`, hint);
      return false;
    }
    this.conditionValues.set(name, 'evaluating');
    const value = evaluateCondition(this, this.conditionsDecl[name] ?? null, { owner: name, dependent: undefined, path: ['Conditions', name] });
    this.conditionValues.set(name, value);
    return value;
  }

  findInMap(map: string, top: string, second: string, frame: EvalFrame, quiet: boolean): CfnValue | undefined {
    const mapping = this.mappingsDecl[map];
    if (!isMap(mapping ?? null)) {
      if (!quiet)
        this.report(
          frame,
          'error',
          'missing-mapping',
          `Fn::FindInMap: there is no mapping ${map}`,
          this.danglingHint(map, Object.keys(this.mappingsDecl), 'declare it under Mappings'),
        );
      return undefined;
    }
    const level = (mapping as CfnMap)[top];
    if (!isMap(level ?? null)) {
      if (!quiet)
        this.report(
          frame,
          'error',
          'missing-mapping',
          `Fn::FindInMap: mapping ${map} has no key ${top}`,
          this.danglingHint(top, Object.keys(mapping as CfnMap), `add ${top} to mapping ${map}`),
        );
      return undefined;
    }
    const value = (level as CfnMap)[second];
    if (value === undefined) {
      if (!quiet)
        this.report(
          frame,
          'error',
          'missing-mapping',
          `Fn::FindInMap: mapping ${map}.${top} has no key ${second}`,
          this.danglingHint(second, Object.keys(level as CfnMap), `add ${second} under ${map}.${top}`),
        );
      return undefined;
    }
    return value;
  }

  importValue(name: string, frame: EvalFrame): CfnValue {
    return this.env.importValue(this, name, frame, this.diagnostic(frame.path, 'error', 'import', name));
  }

  private danglingHint(name: string, candidates: Iterable<string>, otherwise: string): string {
    const match = suggestName(name, candidates);
    return match ? `did you mean '${match}'?` : otherwise;
  }

  // ---------------------------------------------------------------- resources

  /** Resolves a referenced resource (recording the dependency); reports references to resources that are not created. */
  private resourceForReference(id: string, frame: EvalFrame): ResolvedResource | undefined {
    if (frame.dependent !== undefined) this.addDependency(frame.dependent, id);
    const state = this.resolveResource(id);
    if (state.status === 'done') return state.resource;
    if (state.status === 'resolving') return state.provisional();
    if (state.status === 'skipped') {
      this.report(
        frame,
        'error',
        'reference-to-skipped-resource',
        `${id} is not created (its Condition ${state.condition} is false) but is referenced here`,
        `wrap the reference in Fn::If [${state.condition}, ..., !Ref AWS::NoValue], or put Condition: ${state.condition} on the referencing resource`,
      );
    }
    return undefined;
  }

  /** The nested-stack resource a child reads its parameters from; 'pending' inside a cycle. */
  resourceForChild(id: string): ResolvedResource | undefined | 'pending' {
    const state = this.resolveResource(id);
    if (state.status === 'done') return state.resource;
    return state.status === 'resolving' ? 'pending' : undefined;
  }

  private addDependency(from: string, to: string): void {
    let set = this.dependencies.get(from);
    if (!set) this.dependencies.set(from, (set = new Set()));
    set.add(to);
  }

  /** Resolves a resource once: condition, DependsOn, properties, then its ids and attributes. */
  resolveResource(id: string): ResourceState {
    const known = this.resourceStates.get(id);
    if (known) return known;
    const decl = this.resourcesDecl[id] ?? {};
    const type = String(decl.Type);
    const base: CfnPath = ['Resources', id];
    if (typeof decl.Condition === 'string') {
      const created = this.condition(decl.Condition, { owner: id, dependent: undefined, path: [...base, 'Condition'] });
      if (!created) {
        const skipped: ResourceState = { status: 'skipped', condition: decl.Condition };
        this.resourceStates.set(id, skipped);
        return skipped;
      }
    }
    const rule = RESOURCE_ID_RULES[type] ?? GENERIC_RULE;
    // While in progress (a reference cycle), references get ids computed without properties.
    let provisional: ResolvedResource | undefined;
    this.resourceStates.set(id, { status: 'resolving', provisional: () => (provisional ??= this.buildResource(id, type, {}, rule, []).resource) });

    const dependsOn: string[] = [];
    const declared = typeof decl.DependsOn === 'string' ? [decl.DependsOn] : Array.isArray(decl.DependsOn) ? decl.DependsOn : [];
    declared.forEach((target, i) => {
      if (typeof target !== 'string') return;
      const at: CfnPath = typeof decl.DependsOn === 'string' ? [...base, 'DependsOn'] : [...base, 'DependsOn', i];
      if (!(target in this.resourcesDecl)) {
        this.problem(
          at,
          'error',
          'dangling-reference',
          `DependsOn ${target}, which is not a resource of this template`,
          this.danglingHint(target, Object.keys(this.resourcesDecl), 'remove it from DependsOn'),
        );
        return;
      }
      dependsOn.push(target);
      this.addDependency(id, target);
      const targetState = this.resolveResource(target);
      if (targetState.status === 'skipped') {
        this.problem(
          at,
          'error',
          'reference-to-skipped-resource',
          `DependsOn ${target}, which is not created (its Condition ${targetState.condition} is false)`,
          `remove it from DependsOn or give ${id} Condition: ${targetState.condition}`,
        );
      }
    });

    const frame: EvalFrame = { owner: id, dependent: id, path: [...base, 'Properties'] };
    const evaluated = decl.Properties === undefined ? {} : evaluate(this, decl.Properties, frame);
    const properties = isMap(evaluated === NO_VALUE ? null : evaluated) ? (evaluated as CfnMap) : {};
    for (const dep of this.dependencies.get(id) ?? []) if (!dependsOn.includes(dep)) dependsOn.push(dep);
    const built = this.buildResource(id, type, properties, rule, dependsOn);
    const done: ResourceState = { status: 'done', resource: built.resource, rule, context: built.context };
    this.resourceStates.set(id, done);
    this.env.registerResource(built.resource);
    if (NESTED_STACK_TYPES[type] !== undefined) this.checkChildParameters(id, properties);
    return done;
  }

  private buildResource(id: string, type: string, properties: CfnMap, rule: ResourceIdRule, dependsOn: string[]): { resource: ResolvedResource; context: IdContext } {
    const context = this.idContext(id, type, properties);
    let physicalId: string;
    let attributes: Record<string, CfnValue>;
    if (NESTED_STACK_TYPES[type] !== undefined) {
      physicalId = stackArn(this.region, this.env.accountId, `${this.name}-${id}`);
      attributes = {};
    } else {
      physicalId = rule.ref(context);
      attributes = rule.attributes?.(context, physicalId) ?? {};
    }
    const resource: ResolvedResource = {
      stack: this.name,
      logicalId: id,
      type,
      properties,
      physicalId,
      attributes,
      dependsOn,
      location: this.template.locate(['Resources', id]),
      templatePath: ['Resources', id],
    };
    return { resource, context };
  }

  private idContext(id: string, type: string, properties: CfnMap): IdContext {
    const partition = partitionOf(this.region);
    return {
      stack: this.name,
      logicalId: id,
      type,
      region: this.region,
      accountId: this.env.accountId,
      partition,
      urlSuffix: urlSuffixOf(this.region),
      properties,
      publicIp: () => this.env.publicIpFor(this, id),
      plannedAddress: (attribute) => this.env.plannedAddress(this, id, attribute),
      lookup: (physicalId) => this.env.lookup(physicalId),
      resourcesOfType: (wanted) => {
        const out: ResolvedResource[] = [];
        for (const other of Object.keys(this.resourcesDecl)) {
          if (this.resourceType(other) !== wanted) continue;
          const state = this.resolveResource(other);
          if (state.status === 'done') out.push(state.resource);
        }
        return out;
      },
    };
  }

  /** Parameters a parent passes must be declared by the child template. */
  private checkChildParameters(id: string, properties: CfnMap): void {
    const child = this.env.childStack(this, id);
    if (!child) return;
    const passed = isMap(properties.Parameters ?? null) ? Object.keys(properties.Parameters as CfnMap) : [];
    for (const name of passed) {
      if (child.hasParameter(name)) continue;
      const hint = suggestName(name, child.parameterNames);
      this.problem(
        ['Resources', id, 'Properties', 'Parameters', name],
        'error',
        'unknown-parameter',
        `nested stack ${id} (${child.file}) declares no parameter ${name}`,
        hint ? `did you mean '${hint}'?` : `remove it, or declare ${name} in ${child.file}`,
      );
    }
  }

  // ---------------------------------------------------------------- nested stacks and outputs

  private childOutput(logicalId: string, output: string, frame: EvalFrame): CfnValue {
    const child = this.env.childStack(this, logicalId);
    if (!child) return placeholder(`GetAtt ${logicalId}.Outputs.${output}`);
    if (!child.hasOutput(output)) {
      const hint = suggestName(output, child.outputNames);
      this.report(
        frame,
        'error',
        'missing-output',
        `nested stack ${logicalId} (${child.file}) has no output ${output}`,
        hint ? `did you mean '${hint}'?` : `add Outputs.${output} to ${child.file}`,
      );
      return placeholder(`GetAtt ${logicalId}.Outputs.${output}`);
    }
    const value = child.output(output);
    if (value === undefined) {
      this.report(frame, 'error', 'missing-output', `output ${output} of nested stack ${logicalId} is not created (its Condition is false)`);
      return placeholder(`GetAtt ${logicalId}.Outputs.${output}`);
    }
    return value;
  }

  hasOutput(name: string): boolean {
    return name in this.outputsDecl;
  }

  get outputNames(): string[] {
    return Object.keys(this.outputsDecl);
  }

  /** An output's value; undefined when its Condition is false. */
  output(name: string): CfnValue | undefined {
    const known = this.outputValues.get(name);
    if (known === SKIPPED) return undefined;
    if (known === 'evaluating') return placeholder(`output ${name}`);
    if (known !== undefined) return known;
    const decl = this.outputsDecl[name] ?? {};
    if (typeof decl.Condition === 'string' && !this.condition(decl.Condition, { owner: name, dependent: undefined, path: ['Outputs', name, 'Condition'] })) {
      this.outputValues.set(name, SKIPPED);
      return undefined;
    }
    this.outputValues.set(name, 'evaluating');
    const value = evaluate(this, decl.Value ?? null, { owner: name, dependent: undefined, path: ['Outputs', name, 'Value'] });
    const result = value === NO_VALUE ? null : value;
    this.outputValues.set(name, result);
    return result;
  }

  /** The export name of an output (undefined when it has no Export or its Condition is false). */
  exportName(output: string): string | undefined {
    if (this.exportNames.has(output)) return this.exportNames.get(output);
    const name = this.computeExportName(output);
    this.exportNames.set(output, name);
    return name;
  }

  private computeExportName(output: string): string | undefined {
    const decl = this.outputsDecl[output] ?? {};
    const exportDecl = decl.Export;
    if (!isMap(exportDecl ?? null)) return undefined;
    if (typeof decl.Condition === 'string' && !this.condition(decl.Condition, { owner: output, dependent: undefined, path: ['Outputs', output, 'Condition'] })) return undefined;
    const frame: EvalFrame = { owner: output, dependent: undefined, path: ['Outputs', output, 'Export', 'Name'] };
    const name = scalarText(evaluate(this, (exportDecl as CfnMap).Name ?? null, frame));
    if (name === undefined || name === '') {
      this.report(frame, 'error', 'invalid-output', `the Export of output ${output} needs a Name that is a string`);
      return undefined;
    }
    return name;
  }

  /** Export names this stack's live template imports, for ordering stacks before resolving them. */
  importedNames(): string[] {
    const names: string[] = [];
    const visit = (node: CfnValue, frame: EvalFrame): void => {
      if (Array.isArray(node)) {
        node.forEach((item, i) => {
          frame.path.push(i);
          visit(item, frame);
          frame.path.pop();
        });
        return;
      }
      if (!isMap(node)) return;
      const fn = intrinsicName(node);
      if (fn === 'Fn::ImportValue') {
        frame.path.push(fn);
        const name = scalarText(evaluate(this, node[fn] ?? null, frame));
        frame.path.pop();
        if (name !== undefined) names.push(name);
        return;
      }
      if (fn === 'Fn::If') {
        const arg = node[fn];
        if (Array.isArray(arg) && arg.length === 3 && typeof arg[0] === 'string' && arg[0] in this.conditionsDecl) {
          const branch = this.condition(arg[0], frame) ? 1 : 2;
          frame.path.push(fn, branch);
          visit(arg[branch] ?? null, frame);
          frame.path.pop();
          frame.path.pop();
          return;
        }
      }
      for (const key in node) {
        frame.path.push(key);
        visit(node[key] ?? null, frame);
        frame.path.pop();
      }
    };
    for (const id of Object.keys(this.resourcesDecl)) {
      const decl = this.resourcesDecl[id] ?? {};
      if (
        typeof decl.Condition === 'string' &&
        decl.Condition in this.conditionsDecl &&
        !this.condition(decl.Condition, { owner: id, dependent: undefined, path: ['Resources', id, 'Condition'] })
      )
        continue;
      visit(decl.Properties ?? null, { owner: id, dependent: id, path: ['Resources', id, 'Properties'] });
    }
    for (const name of Object.keys(this.outputsDecl)) {
      const decl = this.outputsDecl[name] ?? {};
      if (
        typeof decl.Condition === 'string' &&
        decl.Condition in this.conditionsDecl &&
        !this.condition(decl.Condition, { owner: name, dependent: undefined, path: ['Outputs', name, 'Condition'] })
      )
        continue;
      visit(decl.Value ?? null, { owner: name, dependent: undefined, path: ['Outputs', name, 'Value'] });
    }
    return names;
  }

  /** True when resource `id` is declared and its Condition (if any) holds. */
  resourceExists(id: string): boolean {
    const decl = this.resourcesDecl[id];
    if (!decl) return false;
    if (typeof decl.Condition !== 'string') return true;
    return decl.Condition in this.conditionsDecl && this.condition(decl.Condition, { owner: id, dependent: undefined, path: ['Resources', id, 'Condition'] });
  }

  // ---------------------------------------------------------------- whole stack

  /** Logical ids of EIPs that exist (condition true), in template order: the order their addresses are allocated in. */
  liveEips(): string[] {
    return Object.keys(this.resourcesDecl).filter((id) => this.resourcesDecl[id]?.Type === 'AWS::EC2::EIP' && this.resourceExists(id));
  }

  /** True once `resolveAll` has started. */
  get started(): boolean {
    return this.state !== 'idle';
  }

  /** Resolves everything in template order, checks for dependency cycles and completes lazy attributes. */
  resolveAll(): void {
    if (this.state !== 'idle') return;
    this.state = 'resolving';
    this.env.allocateEips(this);
    for (const name of Object.keys(this.parametersDecl)) this.parameter(name);
    for (const name of Object.keys(this.conditionsDecl)) this.condition(name, { owner: name, dependent: undefined, path: ['Conditions', name] });
    for (const id of Object.keys(this.resourcesDecl)) this.resolveResource(id);
    for (const name of Object.keys(this.outputsDecl)) {
      this.output(name);
      this.exportName(name);
    }
    this.checkCycles();
    for (const state of this.resourceStates.values()) {
      if (state.status !== 'done' || !state.rule.lazy) continue;
      for (const [attribute, compute] of Object.entries(state.rule.lazy)) {
        if (!(attribute in state.resource.attributes)) state.resource.attributes[attribute] = compute(state.context, state.resource.physicalId);
      }
    }
    this.state = 'done';
  }

  private checkCycles(): void {
    const ids = Object.keys(this.resourcesDecl);
    for (const cycle of findCycles(ids, this.dependencies)) {
      const first = cycle[0] ?? '';
      const loop = cycle.length === 1 ? `${first} → ${first}` : [...cycle, first].join(' → ');
      this.problem(
        ['Resources', first],
        'error',
        'circular-dependency',
        `circular dependency between resources: ${loop}`,
        'break the cycle: use separate AWS::EC2::SecurityGroupIngress/Egress resources instead of inline rules, or remove a Ref/GetAtt/DependsOn',
      );
    }
  }

  /** The stack as resolution produced it. */
  result(): ResolvedStack {
    const resources: Record<string, ResolvedResource> = {};
    const skipped: string[] = [];
    for (const id of Object.keys(this.resourcesDecl)) {
      const state = this.resourceStates.get(id);
      if (state?.status === 'done') resources[id] = state.resource;
      else if (state?.status === 'skipped') skipped.push(id);
    }
    const outputs: Record<string, CfnValue> = {};
    const exports: Record<string, CfnValue> = {};
    for (const name of Object.keys(this.outputsDecl)) {
      const value = this.output(name);
      if (value === undefined) continue;
      outputs[name] = value;
      const exported = this.exportName(name);
      if (exported !== undefined) exports[exported] = value;
    }
    const parameters: Record<string, CfnValue> = {};
    for (const name of Object.keys(this.parametersDecl)) parameters[name] = this.parameter(name);
    const conditions: Record<string, boolean> = {};
    for (const [name, value] of this.conditionValues) if (value !== 'evaluating') conditions[name] = value;
    return {
      name: this.name,
      template: this.template,
      ...(this.parent ? { parent: this.parent.stack.name, parentLogicalId: this.parent.logicalId } : {}),
      parameters,
      conditions,
      resources,
      skipped,
      outputs,
      exports,
    };
  }
}

const SKIPPED = Symbol('skipped output');

/** Attributes computed only when a template reads them (they allocate addresses). */
function onDemandAttribute(rule: ResourceIdRule, attribute: string): ((c: IdContext, ref: string) => CfnValue) | undefined {
  return rule.onDemand?.[attribute];
}

/**
 * Data shapes of the template layer: what parsing produces (the template as written, with
 * intrinsics in their long form and a source location for every node) and what resolution
 * produces (a deployment of stacks whose resource properties are plain values).
 * Pure types; no Node-only imports.
 */
import type { SourceLocation } from '../diagnostics.js';

/** A JSON-like value as written in a template. Intrinsics are single-key objects (`{"Fn::GetAtt": [...]}`, `{"Ref": ...}`). */
export type CfnValue = string | number | boolean | null | CfnValue[] | { [key: string]: CfnValue };

/** A path inside a template, from the root: `['Resources', 'MyVpc', 'Properties', 'CidrBlock']`. */
export type CfnPath = readonly (string | number)[];

/** Renders a path for people: `Resources.MyVpc.Properties.Tags[0].Key`. */
export function formatPath(path: CfnPath): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${part}` : part;
  return out;
}

/** What kind of input a file was. A plain task definition becomes a one-resource template. */
export type TemplateFormat = 'yaml' | 'json' | 'task-definition';

/** A file as parsed: long-form intrinsics, and a way to find the line of any node. */
export interface SourceTemplate {
  file: string;
  format: TemplateFormat;
  body: { [key: string]: CfnValue };
  /** Location of the node at `path`, or of its nearest ancestor that has one. */
  locate(path: CfnPath): SourceLocation;
}

/**
 * Why the file access injected into the pipeline did not read a file (ecsnet reads only regular
 * files of at most 1 MB inside the directories the user named or allowed). Carries no content of
 * the file, only the reason, so a refusal can be reported where the template names the file.
 */
export interface ReadRefusal {
  refused: true;
  /** Stable finding code: `file-outside-allowed-dirs`, `not-a-regular-file`, `template-too-large`, `unreadable-file`. */
  code: string;
  /** Why, naming the path (and where a symlink led), never the content. */
  reason: string;
  /** How to allow it or what to change. */
  hint: string;
}

/** True when a read result is a refusal. */
export function isRefusal(value: unknown): value is ReadRefusal {
  return typeof value === 'object' && value !== null && (value as { refused?: unknown }).refused === true;
}

/** A file given on the command line, with the stack name the user chose or the one derived from the file name. */
export interface StackInput {
  name: string;
  template: SourceTemplate;
}

/** Options of resolution that the user controls. */
export interface ResolveOptions {
  region: string;
  accountId: string;
  /** Parameter overrides: `Stack.Name` or plain `Name` (applies to every stack that declares it) → value. */
  parameters: Record<string, string>;
  /** Nested-stack TemplateURL → local file path, from `--map url=path`. */
  templateMap: Record<string, string>;
  /**
   * The addresses the plan gives (GetAtt PrivateIp, PublicIp, PrimaryPrivateIpAddress, …), so
   * the template observes what the lab uses. Without it those attributes are placeholders: the
   * template layer never picks an address itself (the plan is the one address authority).
   */
  addresses?: AddressOracle;
}

/**
 * The plan's value of an address attribute of the resource with model id `resourceId`
 * (`Stack.LogicalId`); undefined when the plan gives it none (an instance with no public IPv4
 * address). Must be pure: resolution calls it while it evaluates.
 */
export type AddressOracle = (resourceId: string, attribute: string) => CfnValue | undefined;

/** An address attribute a template read with Fn::GetAtt (whose value the plan decides). */
export interface ObservedAddress {
  /** Model id, `Stack.LogicalId`. */
  resourceId: string;
  attribute: string;
}

/** A resource after resolution: properties are plain values, with the ids and attributes AWS would assign. */
export interface ResolvedResource {
  stack: string;
  logicalId: string;
  type: string;
  /** Resolved properties; `AWS::NoValue` removed. Empty object when absent. */
  properties: { [key: string]: CfnValue };
  /** What `Ref` returns (vpc-…, subnet-…, sg-…, an ARN, a name), deterministic across runs. */
  physicalId: string;
  /** What `Fn::GetAtt` returns, by attribute name. */
  attributes: Record<string, CfnValue>;
  /** Logical ids this resource depends on (DependsOn plus references). */
  dependsOn: string[];
  /** Where the resource is declared. */
  location: SourceLocation;
  /** Template path of the resource (`['Resources', id]`), for locating properties with `SourceTemplate.locate`. */
  templatePath: CfnPath;
}

/** One stack after resolution. Resources whose Condition is false are left out (and listed). */
export interface ResolvedStack {
  name: string;
  template: SourceTemplate;
  /** Name of the parent stack when this stack is nested. */
  parent?: string;
  /** Logical id of the AWS::CloudFormation::Stack / AWS::Serverless::Application in the parent. */
  parentLogicalId?: string;
  parameters: Record<string, CfnValue>;
  conditions: Record<string, boolean>;
  resources: Record<string, ResolvedResource>;
  /** Resources skipped because their Condition was false. */
  skipped: string[];
  outputs: Record<string, CfnValue>;
  /** Export name → value. */
  exports: Record<string, CfnValue>;
}

/** Stacks given together, in dependency order (exporters before importers, parents before children). */
export interface Deployment {
  region: string;
  accountId: string;
  stacks: ResolvedStack[];
}

/**
 * Findings shared by every layer. A finding always says where (file, line, logical id,
 * property path) and what to change, because users act on it without reading our code.
 */

/** A place in a user's file. Lines and columns are 1-based, as editors show them. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/** error: AWS would reject the stack; warning: it would deploy but likely not work as meant; info: worth knowing. */
export type Severity = 'error' | 'warning' | 'info';

/** One finding about the user's input. `code` is stable so scripts and tests can match on it. */
export interface Diagnostic {
  severity: Severity;
  /** Stable kebab-case identifier of the kind of finding, e.g. `unknown-property`. */
  code: string;
  message: string;
  /** What to change, when we know. */
  hint?: string;
  file?: string;
  line?: number;
  column?: number;
  /** Stack name the finding belongs to. */
  stack?: string;
  logicalId?: string;
  /** Property path inside the resource (or template section), e.g. `Properties.SecurityGroupIngress[0].FromPort`. */
  path?: string;
}

/** Renders a finding as one line the way compilers do: `file:line:col: severity [code] Stack.Id path: message (hint)`. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.file ? `${d.file}${d.line ? `:${d.line}${d.column ? `:${d.column}` : ''}` : ''}: ` : '';
  const who = d.logicalId ? `${d.stack ? `${d.stack}.` : ''}${d.logicalId}${d.path ? ` ${d.path}` : ''}: ` : d.path ? `${d.path}: ` : '';
  const hint = d.hint ? ` (${d.hint})` : '';
  return `${where}${d.severity} [${d.code}] ${who}${d.message}${hint}`;
}

/** Stable order for output: by file, line, then code, so runs are comparable. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) => (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || a.code.localeCompare(b.code) || a.message.localeCompare(b.message),
  );
}

/** Error carrying findings, thrown where a layer cannot go on (unreadable input, bad usage). */
export class EcsnetError extends Error {
  constructor(
    message: string,
    readonly diagnostics: Diagnostic[] = [],
    /** Process exit code the CLI should use: 1 findings, 2 unreadable input or bad usage. */
    readonly exitCode: 1 | 2 = 2,
  ) {
    super(message);
    this.name = 'EcsnetError';
  }
}

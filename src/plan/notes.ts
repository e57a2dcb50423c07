/**
 * Findings the planner reports about its input, in the project's Diagnostic shape so the CLI
 * prints them like every other layer's, pointing at the template object concerned.
 */
import type { Diagnostic, Severity } from '../diagnostics.js';
import type { ModelObject } from '../model/types.js';

/** Collects the plan's notes. */
export class PlanNotes {
  readonly list: Diagnostic[] = [];

  /** Adds a finding about a model object (or about the options when `about` is undefined). */
  add(severity: Severity, code: string, about: ModelObject | undefined, message: string, hint?: string, path?: string): void {
    const note: Diagnostic = { severity, code, message };
    if (hint !== undefined) note.hint = hint;
    if (about !== undefined) {
      note.file = about.source.file;
      note.line = about.source.line;
      note.column = about.source.column;
      note.stack = about.stack;
      note.logicalId = about.logicalId;
    }
    if (path !== undefined) note.path = path;
    this.list.push(note);
  }
}

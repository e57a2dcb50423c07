/**
 * Finding the local file of a nested stack. `AWS::CloudFormation::Stack` names its template by
 * URL (usually S3, where it was uploaded); `AWS::Serverless::Application` by a path relative to
 * the parent. Locally the file sits next to the parent, so an S3 key is matched by its longest
 * tail that exists: `https://s3.amazonaws.com/ecs-refarch-cloudformation/infrastructure/vpc.yaml`
 * → `<parent dir>/infrastructure/vpc.yaml`. An explicit `--map url=path` always wins.
 */
import type { Diagnostic } from '../diagnostics.js';
import { dirname, joinPath, normalizePath, samePath } from './posix-path.js';
import type { ReadRefusal, SourceTemplate } from './types.js';

/** Nested-stack resource types and the property that names their template. */
export const NESTED_STACK_TYPES: Readonly<Record<string, string>> = {
  'AWS::CloudFormation::Stack': 'TemplateURL',
  'AWS::Serverless::Application': 'Location',
};

/**
 * Reads and parses a template file; undefined when the file does not exist, a refusal when the
 * file access would not read it (outside the allowed directories, not a regular file, too large).
 * May throw EcsnetError when it cannot be parsed.
 */
export type TemplateLoader = (path: string) => SourceTemplate | ReadRefusal | undefined;

/** What loading one candidate path gave. */
export interface LoadOutcome {
  template?: SourceTemplate;
  error?: { message: string; diagnostics: Diagnostic[] };
  refusal?: { path: string } & ReadRefusal;
}

/** Where a nested stack's template was found, or why not (a refused candidate is kept to say why). */
export type NestedTemplateLookup =
  | { found: true; file: string; template: SourceTemplate }
  | { found: false; tried: string[]; error?: { message: string; diagnostics: Diagnostic[] }; refusal?: { path: string } & ReadRefusal };

/** The key part of a template URL: the object key for S3 URLs (bucket dropped), else the path itself. */
export function urlKeySegments(url: string): { remote: boolean; segments: string[] } {
  const s3 = /^s3:\/\/[^/]+\/(.+)$/.exec(url);
  if (s3) return { remote: true, segments: splitSegments(s3[1] ?? '') };
  const http = /^https?:\/\/([^/]+)\/([^?#]*)/.exec(url);
  if (http) {
    const host = http[1] ?? '';
    const segments = splitSegments(safeDecode(http[2] ?? ''));
    // Path-style S3 URLs (s3.amazonaws.com/bucket/key, s3.region.amazonaws.com/bucket/key) start with the bucket.
    const pathStyle = /^s3([.-][a-z0-9-]+)*\.amazonaws\.com(\.cn)?$/.test(host);
    return { remote: true, segments: pathStyle ? segments.slice(1) : segments };
  }
  return { remote: false, segments: [] };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function splitSegments(path: string): string[] {
  return path.split('/').filter((s) => s !== '' && s !== '.');
}

/**
 * Resolves a nested template reference from `parentFile`. Order: the explicit map; then, for each
 * tail of the URL key from longest to shortest, a file given on the command line with that tail,
 * then that tail relative to the parent's directory (through the loader).
 */
export function locateNestedTemplate(
  parentFile: string,
  reference: string,
  templateMap: Record<string, string>,
  given: readonly SourceTemplate[],
  load: (path: string) => LoadOutcome,
): NestedTemplateLookup {
  const tried: string[] = [];
  let refusal: LoadOutcome['refusal'];
  const notFound = (): NestedTemplateLookup => ({ found: false, tried, ...(refusal ? { refusal } : {}) });
  const attempt = (path: string): NestedTemplateLookup | undefined => {
    const match = given.find((t) => samePath(t.file, path));
    if (match) return { found: true, file: match.file, template: match };
    tried.push(path);
    const loaded = load(path);
    if (loaded.error) return { found: false, tried, error: loaded.error };
    // A refused candidate (an S3 key with `..`, a symlink out of the directory) is not read; a
    // shorter tail of the key may still be a file inside, so the search goes on.
    if (loaded.refusal) refusal ??= loaded.refusal;
    return loaded.template ? { found: true, file: path, template: loaded.template } : undefined;
  };
  const mapped = templateMap[reference];
  if (mapped !== undefined) return attempt(normalizePath(mapped)) ?? notFound();

  const baseDir = dirname(parentFile);
  const { remote, segments } = urlKeySegments(reference);
  if (!remote) {
    const local = reference.replace(/^file:\/\//, '');
    return attempt(joinPath(baseDir, local)) ?? notFound();
  }
  for (let start = 0; start < segments.length; start++) {
    const tail = segments.slice(start).join('/');
    const givenMatch = given.find((t) => normalizePath(t.file) === tail || normalizePath(t.file).endsWith(`/${tail}`));
    if (givenMatch) return { found: true, file: givenMatch.file, template: givenMatch };
    const result = attempt(joinPath(baseDir, tail));
    if (result) return result;
  }
  return notFound();
}

/**
 * One case of the CLI fuzzer: a corpus stack set with one of its files mutated (tree edits,
 * text edits, or both), one of the importing commands, and the checks every outcome must pass:
 * exit code 0, 1 or 2 only, every error naming a file and line, an error exit explained by a
 * located error, and no content of a file outside the corpus (the hostile TemplateURLs name
 * /etc/passwd) in any output. A case is a pure function of (seed, index).
 */
import { join } from 'node:path';
import type { CliResult } from '../run-cli.js';
import type { CorpusSet } from '../corpus.js';
import type { CfnValue } from '../../../src/template/types.js';
import { caseRandom, mutateText, mutateTree, serialize, TEXT_MUTATIONS, TREE_MUTATIONS } from './mutations.js';

/** A corpus file as read and parsed once per worker. */
export interface CorpusFile {
  text: string;
  body?: { [key: string]: CfnValue };
}

/** The commands fuzzed: every command that imports without touching the system. */
export const FUZZ_COMMANDS = ['validate', 'show', 'plan', 'check'] as const;

/** A built case: what to write, what to run. */
export interface FuzzCase {
  index: number;
  command: (typeof FUZZ_COMMANDS)[number];
  json: boolean;
  /** Corpus-relative path of the mutated file, and its new text. */
  file: string;
  text: string;
  args: string[];
  notes: string[];
}

/** The path part of a corpus set's file argument (`name=path` or `path`). */
export function setFilePath(arg: string): string {
  const eq = arg.indexOf('=');
  return eq > 0 ? arg.slice(eq + 1) : arg;
}

/** Case `index` of run `seed` over `sets`, with the corpus at `root`. */
export function buildCase(seed: number, index: number, sets: readonly CorpusSet[], files: ReadonlyMap<string, CorpusFile>, root: string): FuzzCase {
  const random = caseRandom(seed, index);
  const set = random.pick(sets);
  const file = setFilePath(random.pick(set.files));
  const original = files.get(file) ?? { text: '' };
  const notes: string[] = [set.name, file];
  let text = original.text;
  const style = random.next();
  if (style < 0.45 || (style < 0.8 && !original.body)) {
    text = mutateViaTree(original, random, notes) ?? mutateViaText(text, random, notes);
  } else if (style < 0.8) {
    text = mutateViaText(text, random, notes);
  } else {
    text = mutateViaText(mutateViaTree(original, random, notes) ?? text, random, notes);
  }
  const command = random.pick(FUZZ_COMMANDS);
  const json = command === 'plan' || random.next() < 0.4;
  const fileArgs = set.files.map((arg) => {
    const eq = arg.indexOf('=');
    return eq > 0 ? `${arg.slice(0, eq)}=${join(root, arg.slice(eq + 1))}` : join(root, arg);
  });
  const params = Object.entries(set.params).flatMap(([k, v]) => ['--param', `${k}=${v}`]);
  return { index, command, json, file, text, args: [command, ...fileArgs, ...params, ...(json ? ['--json'] : [])], notes };
}

function mutateViaTree(original: CorpusFile, random: ReturnType<typeof caseRandom>, notes: string[]): string | undefined {
  if (!original.body) return undefined;
  let body = original.body;
  const rounds = 1 + random.int(2);
  for (let i = 0; i < rounds; i++) {
    const mutation = random.pick(TREE_MUTATIONS);
    const result = mutateTree(body, mutation, random);
    body = result.body;
    notes.push(`${mutation}: ${result.note}`);
  }
  return serialize(body, random);
}

function mutateViaText(text: string, random: ReturnType<typeof caseRandom>, notes: string[]): string {
  const mutation = random.pick(TEXT_MUTATIONS);
  const result = mutateText(text, mutation, random);
  notes.push(`${mutation}: ${result.note}`);
  return result.text;
}

/** A line of /etc/passwd, which a hostile TemplateURL names: it must never be echoed. */
const LEAK = /root:[x*]?:0:0:/;

/** Why an outcome breaks the contract, or undefined when it keeps it. */
export function contractViolation(c: FuzzCase, result: CliResult): string | undefined {
  if (![0, 1, 2].includes(result.code)) return `exit code ${result.code}`;
  const all = `${result.out}\n${result.err}`;
  if (LEAK.test(all)) return 'content of /etc/passwd in the output';
  const textErrors = all.split('\n').filter((line) => /(^|\s)error \[[a-z0-9-]+\]/.test(line));
  const unlocated = textErrors.filter((line) => !/^\s*\S+:\d+(:\d+)?: error \[/.test(line));
  if (unlocated.length > 0) return `an error without file and line: ${unlocated[0]?.slice(0, 300)}`;
  if (result.code === 0) return undefined;
  if (textErrors.length > 0) return undefined;
  if (c.json && result.code === 1) {
    let data: { diagnostics?: LocatedFinding[]; findings?: LocatedFinding[]; services?: { placed: number; desired: number }[] };
    try {
      data = JSON.parse(result.out) as typeof data;
    } catch {
      return `exit 1 with output that is not JSON: ${result.out.slice(0, 200)}`;
    }
    const errors = [...(data.diagnostics ?? []), ...(data.findings ?? [])].filter((d) => d.severity === 'error');
    const unlocatedJson = errors.find((d) => !d.file || !d.line);
    if (unlocatedJson) return `an error without file and line: ${JSON.stringify(unlocatedJson).slice(0, 300)}`;
    if (errors.length > 0) return undefined;
    // `plan` also exits 1 when tasks cannot be placed: a capacity finding, not a file's mistake.
    if (c.command === 'plan' && (data.services ?? []).some((s) => s.placed < s.desired)) return undefined;
  }
  return `exit ${result.code} without a located error: ${(result.err || result.out).slice(0, 300)}`;
}

interface LocatedFinding {
  severity: string;
  file?: string;
  line?: number;
}

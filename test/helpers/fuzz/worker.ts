/**
 * A long-lived fuzz worker (a child process of run-fuzz.ts): copies the corpus into its own
 * temporary directory once, then for each case index it receives writes the mutated file, runs
 * the command in-process through the CLI's `main`, restores the file and answers with the exit
 * code, the time, its RSS and any contract violation. Running many cases per process keeps CI
 * fast; being a separate process lets the parent kill a hang and see a heap blow-up.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTemplate } from '../../../src/template/parse.js';
import { corpusRoot, corpusSets } from '../corpus.js';
import { runCli } from '../run-cli.js';
import { buildCase, contractViolation, setFilePath, type CorpusFile } from './fuzz-case.js';

/** A request from the parent. */
export interface WorkerRequest {
  seed: number;
  index: number;
}

/** The answer to one case. */
export interface WorkerReply {
  index: number;
  code: number;
  /** Wall-clock time of the case, and CPU time (what the 5 s budget is about: the machine may be shared). */
  ms: number;
  cpuMs: number;
  rssMb: number;
  peakRssMb: number;
  violation?: string;
  notes: string[];
}

const root = mkdtempSync(join(tmpdir(), 'ecsnet-fuzz-'));
cpSync(corpusRoot, root, { recursive: true });
process.on('exit', () => rmSync(root, { recursive: true, force: true }));
process.on('disconnect', () => process.exit(0));

const files = new Map<string, CorpusFile>();
for (const set of corpusSets) {
  for (const arg of set.files) {
    const file = setFilePath(arg);
    if (files.has(file)) continue;
    const text = readFileSync(join(root, file), 'utf8');
    let body: CorpusFile['body'];
    try {
      body = parseTemplate(text, file).body;
    } catch {
      body = undefined;
    }
    files.set(file, { text, ...(body ? { body } : {}) });
  }
}

/** Runs case `index` of `seed` and restores the corpus copy afterwards. */
async function runCase(seed: number, index: number): Promise<WorkerReply> {
  const c = buildCase(seed, index, corpusSets, files, root);
  const path = join(root, c.file);
  writeFileSync(path, c.text);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const cpuMs = () => {
    const used = process.cpuUsage(cpu);
    return (used.user + used.system) / 1000;
  };
  let reply: WorkerReply;
  try {
    const result = await runCli(c.args);
    const ms = performance.now() - started;
    const violation = contractViolation(c, result);
    reply = { index, code: result.code, ms, cpuMs: cpuMs(), ...memory(), ...(violation ? { violation } : {}), notes: c.notes };
  } catch (error) {
    // What bin/ecsnet.js would report as an internal error, exit 70.
    const detail = error instanceof Error ? (error.stack ?? error.message).split('\n').slice(0, 6).join(' | ') : String(error);
    reply = { index, code: 70, ms: performance.now() - started, cpuMs: cpuMs(), ...memory(), violation: `exception: ${detail}`, notes: c.notes };
  } finally {
    writeFileSync(path, files.get(c.file)?.text ?? '');
  }
  return reply;
}

function memory(): { rssMb: number; peakRssMb: number } {
  return { rssMb: process.memoryUsage.rss() / 2 ** 20, peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

process.on('message', (message: WorkerRequest) => {
  void runCase(message.seed, message.index).then((reply) => process.send?.(reply));
});

// Load the resource specification (cached per process) before the first timed case.
await runCli(['validate', join(root, setFilePath(corpusSets[0]?.files[0] ?? ''))]);
process.send?.({ ready: root });

/**
 * Builds the prompt of a model-backed agent: its instructions, the tool facts (JSON) and
 * the code excerpts around the findings, within the template's token budget. Everything
 * from the repository is redacted and framed as data.
 *
 * @module
 */
import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { AgentTemplate, RunServices } from '../types.js';
import { DATA_NOTICE, frameAsData, isSecretFile, redactSecrets } from './redaction.js';

/** Characters per token assumed when fitting text into the budget (fitting only; the budget uses bytes). */
const CHARS_PER_TOKEN = 4;
/** Lines shown before and after a finding's line. */
const CONTEXT_LINES = 4;
/** Most excerpts per prompt. */
const MAX_EXCERPTS = 12;

/** A built prompt. */
export interface BuiltPrompt {
  system: string;
  prompt: string;
  maxOutputTokens: number;
  /** Secrets removed, by rule. */
  redactions: string[];
  /** Excerpts included / left out for the budget or because their file is secret or excluded. */
  excerpts: { included: number; omitted: number; secretFiles: number };
}

interface FindingLike {
  file?: unknown;
  line?: unknown;
  rule?: unknown;
  severity?: unknown;
  message?: unknown;
}

const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'info'];

/** Output tokens for a template's token budget: a quarter, between 256 and 4096. */
export function outputTokensFor(maxTokens: number): number {
  return Math.min(4096, Math.max(256, Math.round(maxTokens * 0.25)));
}

function findingsOf(output: Record<string, unknown>): FindingLike[] {
  const list = Array.isArray(output['findings']) ? (output['findings'] as FindingLike[]) : [];
  return [...list].sort(
    (a, b) => SEVERITY_ORDER.indexOf(String(a.severity)) - SEVERITY_ORDER.indexOf(String(b.severity)),
  );
}

/** The tool facts, with as many findings (most severe first) as fit in `maxChars`. */
export function factsJson(toolOutput: Record<string, unknown>, maxChars: number): string {
  const findings = findingsOf(toolOutput);
  const base = { ...toolOutput };
  delete base['findings'];
  let count = findings.length;
  for (;;) {
    const text = JSON.stringify({
      ...base,
      findings: findings.slice(0, count),
      findings_total: findings.length,
    });
    if (text.length <= maxChars || count === 0)
      return text.length <= maxChars ? text : text.slice(0, maxChars);
    count = Math.floor(count / 2);
  }
}

async function readProjectFile(services: RunServices, root: string, file: string): Promise<string | null> {
  const index = services['projectIndex'];
  try {
    if (typeof index === 'function') {
      const built =
        (await (index as (r: string) => Promise<{ read(p: string): Promise<string> }>)(root)) ?? null;
      if (built) return await built.read(file);
    }
    // Never outside the project, also not through a symbolic link (the real paths are compared).
    const realRoot = await realpath(root);
    const absolute = await realpath(path.resolve(realRoot, file));
    if (!absolute.startsWith(realRoot + path.sep)) return null;
    return await readFile(absolute, 'utf8');
  } catch {
    return null;
  }
}

/** Options of {@link buildAgentPrompt}. */
export interface BuildPromptOptions {
  template: AgentTemplate;
  toolOutput: Record<string, unknown>;
  root: string;
  services: RunServices;
  /** Globs of files never sent (config `exclude` + `provider.exclude`). */
  exclude: readonly string[];
}

/**
 * Builds the prompt of one model-backed agent run.
 *
 * @example
 * const built = await buildAgentPrompt({ template, toolOutput, root: '/repo', services, exclude: [] });
 */
export async function buildAgentPrompt(options: BuildPromptOptions): Promise<BuiltPrompt> {
  const { template } = options;
  const maxTokens = template.resourceRequirements?.maxTokens ?? 8000;
  const maxOutputTokens = outputTokensFor(maxTokens);
  const inputChars = Math.max(2000, (maxTokens - maxOutputTokens) * CHARS_PER_TOKEN);
  const system = [
    `You are the ${template.role} agent of empathy-framework. Your task as the tools ran it: ${template.defaultInstructions}`,
    'The tools have already measured the project; their figures are authoritative and are reported apart from your notes. ' +
      'Do not restate or change figures. Give findings and recommendations that the facts and excerpts support, and your ' +
      'confidence (0..1) in your notes.',
    DATA_NOTICE,
  ].join('\n\n');
  const redactions: string[] = [];
  const factsRaw = factsJson(options.toolOutput, Math.floor((inputChars - system.length) * 0.5));
  const facts = await redactSecrets(factsRaw, 'tool-facts.json');
  redactions.push(...facts.removed);
  let prompt = `Tool facts (JSON):\n${frameAsData('tool facts', facts.text)}\n`;
  const excerpts = { included: 0, omitted: 0, secretFiles: 0 };
  const shown = new Map<string, [number, number][]>();
  for (const finding of findingsOf(options.toolOutput)) {
    const file = typeof finding.file === 'string' ? finding.file : null;
    const line = typeof finding.line === 'number' ? finding.line : 0;
    if (!file || line <= 0) continue;
    if ((shown.get(file) ?? []).some(([a, b]) => line >= a && line <= b)) continue; // already in an excerpt
    if (isSecretFile(file, options.exclude)) {
      excerpts.secretFiles += 1;
      continue;
    }
    if (excerpts.included >= MAX_EXCERPTS) {
      excerpts.omitted += 1;
      continue;
    }
    const content = await readProjectFile(options.services, options.root, file);
    if (content === null) continue;
    const lines = content.split('\n');
    const from = Math.max(1, line - CONTEXT_LINES);
    const to = Math.min(lines.length, line + CONTEXT_LINES);
    const numbered = lines
      .slice(from - 1, to)
      .map((text, i) => `${from + i}| ${text}`)
      .join('\n');
    const clean = await redactSecrets(numbered, file);
    const block = `\nExcerpt ${file}:${from}-${to}:\n${frameAsData(`${file}:${from}-${to}`, clean.text)}\n`;
    if (system.length + prompt.length + block.length > inputChars) {
      excerpts.omitted += 1;
      continue;
    }
    redactions.push(...clean.removed);
    shown.set(file, [...(shown.get(file) ?? []), [from, to]]);
    prompt += block;
    excerpts.included += 1;
  }
  return { system, prompt, maxOutputTokens, redactions, excerpts };
}

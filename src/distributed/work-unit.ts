/**
 * The job model: what a coordinator puts on the queue and what a worker sends back. A work
 * unit is plain JSON: one agent run on a repository, one whole release-prep of a repository (a
 * fleet member), or one module of a test-coverage run (its generation and candidate trials).
 * The repository is named by `{ path }` (storage the worker shares) or `{ gitUrl, commit }`
 * (the worker clones it and checks the commit). Workers validate every job with these schemas
 * before running anything.
 *
 * @module
 */
import { z } from 'zod';
import type { AgentResult } from '../types.js';
import type { ModuleOutcome } from '../workflows/test-coverage/module-unit.js';

/** A repository as a job names it. */
export type RepoRef = { path: string } | { gitUrl: string; commit: string };

const repoRef = z.union([
  z.strictObject({ path: z.string().min(1) }),
  z.strictObject({ gitUrl: z.string().min(1), commit: z.string().regex(/^[0-9a-f]{7,40}$/) }),
]);

const tier = z.enum(['CHEAP', 'CAPABLE', 'PREMIUM']);
const settings = z.object({
  cache: z.boolean().optional(),
  include: z.array(z.string()).optional(),
  exclude: z.array(z.string()).optional(),
  maxFileSizeBytes: z.number().optional(),
  analyzerOptions: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
});

/** One agent of a team, run on a worker. */
export const agentUnitSchema = z.object({
  kind: z.literal('agent'),
  runId: z.string().min(1),
  repo: repoRef,
  /** The agent's template (tier applied), as JSON. */
  agent: z.looseObject({ id: z.string().min(1), tierPreference: tier, tools: z.array(z.string()) }),
  /** The execution context without `path` (the worker sets it to its copy of the repository). */
  context: z.record(z.string(), z.unknown()),
  timeoutSeconds: z.number().positive(),
  /** The coordinator's analysis settings (cache, include, exclude, analyser options). */
  settings,
  /** The coordinator's containment mode: a worker that cannot meet `require` refuses the job. */
  sandbox: z.enum(['auto', 'require', 'off']),
  /**
   * Set when the run has a model: the agent consults it as in-process (model notes, model
   * fixes), its calls made by the coordinator. The provider's name, models and excludes, and the
   * run's own excludes; never a key.
   */
  model: z
    .object({
      settings: z.object({
        name: z.enum(['anthropic', 'openai', 'openai-compatible']),
        models: z.object({ CHEAP: z.string(), CAPABLE: z.string(), PREMIUM: z.string() }),
        exclude: z.array(z.string()),
      }),
      exclude: z.array(z.string()),
    })
    .optional(),
});

/** The release-prep options a fleet member carries (plain JSON; the learning store stays off). */
export const releaseUnitOptionsSchema = z.object({
  qualityGates: z.record(z.string(), z.number()).optional(),
  agentIds: z.array(z.string()).optional(),
  tiers: z.record(z.string(), tier).optional(),
  timeoutSeconds: z.number().positive().optional(),
  agentTimeouts: z.record(z.string(), z.number().positive()).optional(),
  cache: z.boolean().optional(),
  include: z.array(z.string()).optional(),
  exclude: z.array(z.string()).optional(),
  analyzerOptions: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
});

/** One repository of a fleet: a whole release-prep run on a worker. */
export const releaseUnitSchema = z.object({
  kind: z.literal('release-prep'),
  runId: z.string().min(1),
  repo: repoRef,
  /** The repository's line in the fleet file, for the summary. */
  label: z.string(),
  options: releaseUnitOptionsSchema,
  /** Report formats of the repository's own report. */
  formats: z.array(z.string().min(1)).min(1),
  sandbox: z.enum(['auto', 'require', 'off']),
});

/** One module of a test-coverage run: its generation and the trials of its candidates. */
export const moduleUnitSchema = z.object({
  kind: z.literal('test-module'),
  runId: z.string().min(1),
  repo: repoRef,
  work: z.object({
    gap: z.object({
      path: z.string().min(1),
      language: z.enum(['javascript', 'typescript', 'python']),
      uncoveredLines: z.array(z.number()),
      uncovered: z.number(),
      linesTotal: z.number(),
      pct: z.number().nullable(),
      functions: z.array(z.object({ name: z.string(), startLine: z.number(), endLine: z.number().nullable(), uncoveredLines: z.array(z.number()) })),
      priority: z.boolean(),
      score: z.number(),
    }),
    position: z.number().int().nonnegative(),
    gapFiles: z.array(z.string()),
    generationDeadline: z.number(),
    validationDeadline: z.number(),
    memoryMb: z.number().positive(),
    runTimeoutMs: z.number().positive(),
    maxFiles: z.number().int().positive(),
    pythonCandidates: z.array(z.string()),
    model: z.object({ provider: z.enum(['anthropic', 'openai', 'openai-compatible']), exclude: z.array(z.string()) }).optional(),
  }),
  sandbox: z.enum(['auto', 'require', 'off']),
});

/** A job's data. */
export const workUnitSchema = z.discriminatedUnion('kind', [agentUnitSchema, releaseUnitSchema, moduleUnitSchema]);

/** An agent work unit. */
export type AgentUnit = z.infer<typeof agentUnitSchema>;
/** A fleet member's work unit. */
export type ReleaseUnit = z.infer<typeof releaseUnitSchema>;
/** Options of a fleet member's release-prep. */
export type ReleaseUnitOptions = z.infer<typeof releaseUnitOptionsSchema>;
/** A test-coverage module's work unit. */
export type ModuleUnit = z.infer<typeof moduleUnitSchema>;
/** Any work unit. */
export type WorkUnit = z.infer<typeof workUnitSchema>;

/** Where and when a unit ran (for reports and the bench's overhead figures). */
export interface RunPlace {
  /** The worker's name (`host:pid`), or `in-process`. */
  worker: string;
  /** Epoch ms when the worker started the unit. */
  startedAt: number;
  /** Epoch ms when the coordinator put the unit on the queue. */
  enqueuedAt: number;
  /** The repository's directory where the unit ran. */
  root: string;
}

/** What an agent unit returns. */
export interface AgentUnitResult extends RunPlace {
  result: AgentResult;
}

/** One gate of a fleet member, for the summary table. */
export interface GateFigure {
  name: string;
  actual: number | null;
  threshold: number;
  passed: boolean;
}

/** What a release unit returns. */
export interface ReleaseUnitResult extends RunPlace {
  approved: boolean;
  gates: GateFigure[];
  blockers: string[];
  durationSeconds: number;
  /** The repository's own report in each of the unit's formats. */
  reports: Record<string, string>;
}

/** What a test-coverage module unit returns. */
export interface ModuleUnitResult extends RunPlace {
  outcome: ModuleOutcome;
}

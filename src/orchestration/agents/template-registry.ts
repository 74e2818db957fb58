/**
 * The machinery behind agent templates: validation when a template is created, an explicit
 * registry (no directory scanning), and {@link withTier} to run a template at another tier.
 * The built-in templates and the module-level API (`getTemplate`, ...) live in
 * `agent-templates.ts`.
 *
 * Templates handed out are deeply frozen, so a caller cannot corrupt the registry.
 *
 * @module
 */
import { UserError } from '../../errors.js';
import {
  TIERS,
  type AgentTemplate,
  type QualityGates,
  type ResourceRequirements,
  type Tier,
} from '../../types.js';

/**
 * Default resource requirements per tier: a deeper pass gets a larger token budget, a
 * longer deadline (300 / 600 / 900 s) and more memory for its tools.
 */
export const TIER_RESOURCES: Readonly<Record<Tier, Readonly<ResourceRequirements>>> = Object.freeze({
  CHEAP: Object.freeze({ minTokens: 1_000, maxTokens: 8_000, timeoutSeconds: 300, memoryMb: 512 }),
  CAPABLE: Object.freeze({ minTokens: 2_000, maxTokens: 16_000, timeoutSeconds: 600, memoryMb: 1_024 }),
  PREMIUM: Object.freeze({ minTokens: 4_000, maxTokens: 32_000, timeoutSeconds: 900, memoryMb: 2_048 }),
});

/**
 * What a user writes to define a template (spec section "Custom Agent Templates").
 * `tools`, `qualityGates` and any part of `resourceRequirements` may be left out: they
 * default to none, none, and the tier's {@link TIER_RESOURCES}.
 */
export interface AgentTemplateSpec {
  id: string;
  role: string;
  capabilities: string[];
  tierPreference: Tier;
  tools?: string[];
  defaultInstructions: string;
  qualityGates?: QualityGates;
  resourceRequirements?: Partial<ResourceRequirements>;
}

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const GATE_KEY_PATTERN = /^[a-z][a-z0-9_]*$/;

/**
 * Checks that `tier` is a known tier; throws a {@link UserError} naming the known tiers
 * otherwise, prefixed with `where` (e.g. `template "x"`) when given.
 */
export function assertTier(tier: unknown, where?: string): asserts tier is Tier {
  if (typeof tier !== 'string' || !(TIERS as readonly string[]).includes(tier)) {
    const prefix = where ? `${where}: ` : '';
    throw new UserError(`${prefix}unknown tier "${String(tier)}"; known tiers: ${TIERS.join(', ')}`);
  }
}

function nonEmptyString(value: unknown, field: string, id: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new UserError(`template "${id}": ${field} must be a non-empty string`);
  }
  return value.trim();
}

function stringList(value: unknown, field: string, id: string, allowEmpty: boolean): string[] {
  if (!Array.isArray(value) || (!allowEmpty && value.length === 0)) {
    throw new UserError(
      `template "${id}": ${field} must be a ${allowEmpty ? '' : 'non-empty '}list of names`,
    );
  }
  const names = value.map((item) => nonEmptyString(item, `every entry of ${field}`, id));
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate !== undefined) throw new UserError(`template "${id}": ${field} lists "${duplicate}" twice`);
  return names;
}

function positive(value: unknown, field: string, id: string, integer: boolean): number {
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value <= 0 ||
    (integer && !Number.isInteger(value))
  ) {
    throw new UserError(
      `template "${id}": resourceRequirements.${field} must be a positive ${integer ? 'integer' : 'number'}, got ${String(value)}`,
    );
  }
  return value;
}

function validGates(value: unknown, id: string): QualityGates {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UserError(`template "${id}": qualityGates must be an object of snake_case names to numbers`);
  }
  const gates: QualityGates = {};
  for (const [key, threshold] of Object.entries(value)) {
    if (!GATE_KEY_PATTERN.test(key)) {
      throw new UserError(
        `template "${id}": quality gate "${key}" must be a snake_case name such as min_coverage`,
      );
    }
    if (typeof threshold !== 'number' || !Number.isFinite(threshold)) {
      throw new UserError(`template "${id}": quality gate ${key} must be a number, got ${String(threshold)}`);
    }
    gates[key] = threshold;
  }
  return gates;
}

/** Deep-freezes a validated template. */
function freezeTemplate(template: AgentTemplate): AgentTemplate {
  Object.freeze(template.capabilities);
  Object.freeze(template.tools);
  Object.freeze(template.qualityGates);
  Object.freeze(template.resourceRequirements);
  return Object.freeze(template);
}

/**
 * Validates and normalises a template definition and returns it deeply frozen. It does not
 * register it (see {@link TemplateRegistry.register}).
 *
 * Throws a one-line {@link UserError} for: an empty or malformed id, an empty role or
 * instructions, no capabilities, an unknown tier, a non-positive token budget, timeout or
 * memory, `minTokens > maxTokens`, or a quality gate that is not a snake_case name with a
 * number.
 *
 * @example
 * const t = createTemplate({
 *   id: 'data_pipeline_expert', role: 'Data Pipeline Specialist',
 *   capabilities: ['pipeline_design'], tierPreference: 'CAPABLE', tools: ['dbt'],
 *   defaultInstructions: 'Design scalable data pipelines.',
 *   qualityGates: { min_data_quality: 99 }, resourceRequirements: { timeoutSeconds: 900 },
 * });
 */
export function createTemplate(spec: AgentTemplateSpec): AgentTemplate {
  if (spec === null || typeof spec !== 'object') throw new UserError('a template must be an object');
  const rawId: unknown = spec.id;
  if (typeof rawId !== 'string' || rawId.trim() === '')
    throw new UserError('template id must be a non-empty string');
  const id = rawId.trim();
  if (!ID_PATTERN.test(id)) {
    throw new UserError(
      `template id "${id}" may hold only letters, digits, "_", "." and "-" (e.g. data_pipeline_expert)`,
    );
  }
  assertTier(spec.tierPreference, `template "${id}"`);
  const tier = spec.tierPreference;
  const given = spec.resourceRequirements ?? {};
  if (given === null || typeof given !== 'object') {
    throw new UserError(`template "${id}": resourceRequirements must be an object`);
  }
  const base = TIER_RESOURCES[tier];
  const resources: ResourceRequirements = {
    minTokens: positive(given.minTokens ?? base.minTokens, 'minTokens', id, true),
    maxTokens: positive(given.maxTokens ?? base.maxTokens, 'maxTokens', id, true),
    timeoutSeconds: positive(given.timeoutSeconds ?? base.timeoutSeconds, 'timeoutSeconds', id, false),
    memoryMb: positive(given.memoryMb ?? base.memoryMb, 'memoryMb', id, true),
  };
  if (resources.minTokens > resources.maxTokens) {
    throw new UserError(
      `template "${id}": minTokens (${resources.minTokens}) is larger than maxTokens (${resources.maxTokens})`,
    );
  }
  return freezeTemplate({
    id,
    role: nonEmptyString(spec.role, 'role', id),
    capabilities: stringList(spec.capabilities, 'capabilities', id, false),
    tierPreference: tier,
    tools: stringList(spec.tools ?? [], 'tools', id, true),
    defaultInstructions: nonEmptyString(spec.defaultInstructions, 'defaultInstructions', id),
    qualityGates: validGates(spec.qualityGates, id),
    resourceRequirements: resources,
  });
}

/**
 * A copy of `template` that runs at `tier`. Resource requirements follow the tier: moving
 * up raises each limit to at least the tier's default, moving down lowers each to at most
 * the tier's default (so a custom 1800 s timeout survives a move up). Same id, role,
 * capabilities, tools, instructions and gates.
 *
 * @example
 * const junior = withTier(getTemplate('documentation_writer'), 'CHEAP');
 * const expert = withTier(getTemplate('documentation_writer'), 'PREMIUM');
 */
export function withTier(template: AgentTemplate, tier: Tier): AgentTemplate {
  assertTier(tier);
  if (template.tierPreference === tier) return template;
  const up = TIERS.indexOf(tier) > TIERS.indexOf(template.tierPreference);
  const pick = up ? Math.max : Math.min;
  const from = template.resourceRequirements;
  const to = TIER_RESOURCES[tier];
  const minTokens = pick(from.minTokens, to.minTokens);
  const maxTokens = Math.max(minTokens, pick(from.maxTokens, to.maxTokens));
  return freezeTemplate({
    ...template,
    capabilities: [...template.capabilities],
    tools: [...template.tools],
    qualityGates: { ...template.qualityGates },
    tierPreference: tier,
    resourceRequirements: {
      minTokens,
      maxTokens,
      timeoutSeconds: pick(from.timeoutSeconds, to.timeoutSeconds),
      memoryMb: pick(from.memoryMb, to.memoryMb),
    },
  });
}

/** An explicit registry of templates, keyed by id, in registration order. */
export class TemplateRegistry {
  readonly #templates = new Map<string, AgentTemplate>();
  readonly #builtIn = new Set<string>();

  /** Creates a registry holding `builtIns` (validated; they cannot be unregistered). */
  constructor(builtIns: readonly AgentTemplateSpec[] = []) {
    for (const spec of builtIns) {
      const template = this.register(spec);
      this.#builtIn.add(template.id);
    }
  }

  /** Validates `spec` (see {@link createTemplate}) and adds it. A duplicate id is a {@link UserError}. */
  register(spec: AgentTemplateSpec | AgentTemplate): AgentTemplate {
    const template = createTemplate(spec);
    if (this.#templates.has(template.id)) {
      throw new UserError(`a template with id "${template.id}" is already registered; pick another id`);
    }
    this.#templates.set(template.id, template);
    return template;
  }

  /** Removes a custom template; returns false when no such id is registered. Built-ins cannot be removed. */
  unregister(id: string): boolean {
    if (this.#builtIn.has(id)) throw new UserError(`built-in template "${id}" cannot be unregistered`);
    return this.#templates.delete(id);
  }

  /** The template with `id`; an unknown id is a {@link UserError} listing the known ids. */
  get(id: string): AgentTemplate {
    const template = typeof id === 'string' ? this.#templates.get(id.trim()) : undefined;
    if (!template) {
      throw new UserError(
        `unknown agent template "${String(id)}"; known templates: ${this.ids().join(', ')}`,
      );
    }
    return template;
  }

  /** True when `id` is registered. */
  has(id: string): boolean {
    return this.#templates.has(id);
  }

  /** Every registered id, in registration order. */
  ids(): string[] {
    return [...this.#templates.keys()];
  }

  /** Every template, in registration order (a new array of frozen templates). */
  all(): AgentTemplate[] {
    return [...this.#templates.values()];
  }

  /** Templates that list `capability`. */
  byCapability(capability: string): AgentTemplate[] {
    return this.all().filter((template) => template.capabilities.includes(capability));
  }

  /** Templates whose preferred tier is `tier`; an unknown tier is a {@link UserError}. */
  byTier(tier: Tier): AgentTemplate[] {
    assertTier(tier);
    return this.all().filter((template) => template.tierPreference === tier);
  }
}

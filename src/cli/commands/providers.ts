/**
 * `empathy providers [--json] [--ping]`: shows the active model provider, its tier -> model
 * map and prices, the budget and limits; `--ping` makes one tiny call per tier and reports
 * its latency. Keys are never printed: only "set" / "not set" and where from.
 *
 * @module
 */
import { UserError } from '../../errors.js';
import { runtimeConfigOf } from '../../workflows/config/resolve-options.js';
import { CONFIG_HELP, CONFIG_OPTIONS, loadCommandOptions, printConfigIfAsked } from '../config-flags.js';
import { OUTPUT_OPTIONS, outputHelp, outputPlanOf, writeOutput } from '../output-flags.js';
import { textAndJsonFormats } from '../../workflows/report/registry.js';
import { PROVIDERS } from '../../providers/provider-registry.js';
import { priceOf } from '../../providers/prices.js';
import { createModelRuntime } from '../../providers/runtime.js';
import {
  parseProviderConfig,
  resolveProviderSettings,
  type ProviderFlags,
} from '../../providers/settings.js';
import type { ProviderSettings } from '../../providers/types.js';
import { TIERS, type Tier } from '../../types.js';
import { parseCommandArgs, resolveDirectory } from '../args.js';
import { PROVIDER_OPTIONS, providerFlagsFrom } from '../provider-flags.js';
import type { CliCommand, CliIO } from '../types.js';

/** What the command shows: the provider's settings and pings, or null when none is configured (offline). */
type ProvidersOutput = { settings: ProviderSettings; pings: PingRow[] | null } | null;

const OFFLINE_TEXT =
  'No model provider configured: agents run their tools only (offline); no model is called.\n' +
  'To use one: --provider anthropic|openai|openai-compatible, or a "provider" key in ~/.config/empathy/config.json.\n';

/** The output formats of the command: `console` and `json`. */
const PROVIDERS_FORMATS = textAndJsonFormats<ProvidersOutput>(
  (out) => (out ? text(out.settings, out.pings) : OFFLINE_TEXT),
  (out) => (out ? providersJSON(out.settings, out.pings) : { provider: null, mode: 'offline' }),
);

const HELP = `Usage: empathy providers [options]

Shows the active model provider, the tier -> model map with prices, the budget and the limits.
Without a provider, agents run their tools only (offline) and no model is called.

Options:
  --ping                One tiny call per tier; reports latency, tokens and cost (exit 1 if any fails)
  --provider NAME       anthropic, openai or openai-compatible (overrides the config)
  --model-cheap ID      Model of the CHEAP tier (likewise --model-capable, --model-premium)
  --model-capable ID
  --model-premium ID
  --base-url URL        Provider base URL (needed for openai-compatible, e.g. http://127.0.0.1:11434/v1)
  --max-cost USD        Budget of one run in US dollars
  --path DIR            Project root whose config is read (default: current directory)
${CONFIG_HELP}${outputHelp(PROVIDERS_FORMATS)}  -h, --help            Show this help

Keys come from ANTHROPIC_API_KEY / OPENAI_API_KEY (or provider.apiKeyEnv); they are never printed.
The provider settings come only from you: these flags, the environment and the user config
(~/.config/empathy/config.json); a repository's "provider" key is ignored.
`;

const OPTIONS = {
  ping: { type: 'boolean' },
  ...PROVIDER_OPTIONS,
  path: { type: 'string' },
  ...CONFIG_OPTIONS,
  ...OUTPUT_OPTIONS,
  help: { type: 'boolean', short: 'h' },
} as const;

/** The prompt of a ping: tiny, fixed, and with nothing from the repository. */
const PING = {
  system: 'You are a health check.',
  prompt: 'Reply with the single word: pong',
  maxOutputTokens: 16,
};

interface PingRow {
  tier: Tier;
  model: string;
  status: string;
  latency_ms: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cost_usd: number | null;
  error: string | null;
}

function money(value: number | null): string {
  return value === null ? 'unknown' : `$${value < 0.01 ? value.toFixed(6) : value.toFixed(2)}`;
}

function tierRows(settings: ProviderSettings) {
  return TIERS.map((tier) => {
    const model = settings.models[tier];
    const price = priceOf(settings, model);
    return {
      tier,
      model,
      input_per_million: price?.inputPerMillion ?? null,
      output_per_million: price?.outputPerMillion ?? null,
      price_known: price !== null,
    };
  });
}

function text(settings: ProviderSettings, pings: PingRow[] | null): string {
  const rows = tierRows(settings);
  const table = [['TIER', 'MODEL', 'INPUT $/M', 'OUTPUT $/M', ...(pings ? ['PING'] : [])]];
  rows.forEach((row, i) => {
    const ping = pings?.[i];
    table.push([
      row.tier,
      row.model,
      row.input_per_million === null ? 'cost unknown' : row.input_per_million.toFixed(2),
      row.output_per_million === null ? 'cost unknown' : row.output_per_million.toFixed(2),
      ...(ping
        ? [
            ping.status === 'ok'
              ? `ok ${ping.latency_ms} ms (${ping.input_tokens} in / ${ping.output_tokens} out, ${money(ping.cost_usd)})`
              : `${ping.status}: ${ping.error ?? ''}`,
          ]
        : []),
    ]);
  });
  const widths = table[0]!.map((_, c) => Math.max(...table.map((r) => r[c]!.length)));
  const lines = table.map((r) =>
    r
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join('  ')
      .trimEnd(),
  );
  return [
    `Provider: ${settings.name} (${PROVIDERS[settings.name].description})`,
    `Base URL: ${settings.baseURL ?? 'default'}`,
    `API key:  ${settings.keySource ? `set (${settings.keySource})` : 'not set'}`,
    `Budget:   ${settings.maxCostUsd === null ? 'no limit (set --max-cost or provider.maxCostUsd)' : `${money(settings.maxCostUsd)} per run`}`,
    `Limits:   ${settings.timeoutSeconds}s per call, ${settings.concurrency} at once, ${settings.maxRetries} retries, ` +
      `breaker after ${settings.breakerThreshold} failures (${settings.breakerCooldownSeconds}s cooldown)`,
    '',
    ...lines,
    '',
  ].join('\n');
}

function providersJSON(settings: ProviderSettings, pings: PingRow[] | null): Record<string, unknown> {
  return {
    provider: settings.name,
    description: PROVIDERS[settings.name].description,
    base_url: settings.baseURL,
    api_key: settings.keySource ? 'set' : 'not set',
    key_source: settings.keySource,
    max_cost_usd: settings.maxCostUsd,
    timeout_seconds: settings.timeoutSeconds,
    concurrency: settings.concurrency,
    max_retries: settings.maxRetries,
    tiers: tierRows(settings),
    ...(pings ? { ping: pings } : {}),
  };
}

async function ping(
  config: { provider?: unknown; exclude?: string[] },
  flags: ProviderFlags,
  io: CliIO,
): Promise<PingRow[]> {
  const runtime = createModelRuntime(config, flags, io.env);
  if (!runtime)
    throw new UserError(
      'providers --ping: no provider configured (use --provider or the "provider" config key)',
    );
  const rows: PingRow[] = [];
  for (const tier of TIERS) {
    const outcome = await runtime.client.call({ tier, agentId: 'providers_ping', ...PING });
    const model = runtime.settings.models[tier];
    if (outcome.status === 'ok') {
      rows.push({
        tier,
        model,
        status: 'ok',
        latency_ms: Math.round(outcome.latencyMs),
        input_tokens: outcome.usage.inputTokens,
        output_tokens: outcome.usage.outputTokens,
        cost_usd: outcome.usage.costUsd,
        error: null,
      });
    } else {
      rows.push({
        tier,
        model,
        status: outcome.status,
        latency_ms: null,
        input_tokens: null,
        output_tokens: null,
        cost_usd: null,
        error: outcome.message,
      });
    }
  }
  return rows;
}

/** The `providers` command. */
export const providersCommand: CliCommand = {
  name: 'providers',
  summary: 'Show the model provider, tier -> model map and prices; --ping tests each tier',
  async run(argv: string[], io: CliIO): Promise<number> {
    const { values } = parseCommandArgs('providers', argv, OPTIONS);
    if (values['help']) {
      io.stdout(HELP);
      return 0;
    }
    const root =
      typeof values['path'] === 'string' ? resolveDirectory('--path', values['path'], io.cwd) : io.cwd;
    const output = outputPlanOf(values, PROVIDERS_FORMATS, io);
    const options = await loadCommandOptions(values, root, io);
    if (await printConfigIfAsked(values, root, io, options)) return 0;
    for (const ignored of options.ignored.filter((i) => i.key.startsWith('provider.')))
      io.stderr(`providers: ${ignored.key} of ${ignored.source} ignored: ${ignored.reason}\n`);
    const config = runtimeConfigOf(options);
    const flags = providerFlagsFrom(values);
    const providerConfig = config.provider === undefined ? undefined : parseProviderConfig(config.provider);
    const resolved = resolveProviderSettings(providerConfig, flags, io.env);
    if (!resolved && values['ping'])
      throw new UserError(
        'providers --ping: no provider configured (use --provider or the "provider" config key)',
      );
    const pings = resolved && values['ping'] ? await ping(config, flags, io) : null;
    const value: ProvidersOutput = resolved ? { settings: resolved.settings, pings } : null;
    await writeOutput(io, output, PROVIDERS_FORMATS, value, { command: 'providers', options: {} });
    return pings && pings.some((p) => p.status !== 'ok') ? 1 : 0;
  },
};

/**
 * One ESLint pass over a project's JS/TS files for several consumers at once (the security
 * rules and the quality baseline): every file is parsed and traversed once with the union of
 * their rules, and the messages are split back by rule, so each consumer sees exactly what a
 * pass of its own would have reported. Plain data in and out: it runs in a worker thread
 * (eslint-pass-worker.ts) or, for tests, on the calling thread.
 *
 * Inline configuration: a consumer either honours the file's own `eslint-disable` comments
 * (security: a reviewed suppression stays suppressed) or ignores them (quality: the baseline is
 * the same for every repository). The pass runs with inline configuration on; a consumer that
 * ignores it also gets the messages the comments suppressed, and a file with comments that
 * reconfigure rules (`/* eslint rule: off *\/`, `/* global *\/`) is linted once more for those
 * consumers alone with inline configuration off.
 *
 * @module
 */
import { createRequire } from 'node:module';
import { threadId } from 'node:worker_threads';
import type { Linter } from 'eslint';
import { detectLanguage } from '../../project/language.js';

/** The plugins a consumer's rules can come from, by the prefix of their rule ids. */
const PLUGINS = [
  'security',
  'no-unsanitized',
  'sonarjs',
  '@typescript-eslint',
  'empathy',
  'empathy-taint',
] as const;
type EslintPluginName = (typeof PLUGINS)[number];

/**
 * One consumer of a pass: its rules per language family (core rules, or rules of the plugins
 * `security`, `no-unsanitized`, `sonarjs`, `@typescript-eslint` and our own `empathy`
 * (complexity-estree.ts), loaded as their ids need them)
 * and how it treats inline comments.
 */
export interface EslintConsumerSpec {
  /** Unique within a pass, e.g. `security:PREMIUM`. */
  id: string;
  rules: { javascript: Linter.RulesRecord; typescript: Linter.RulesRecord };
  /** True: the file's `eslint-disable` and rule comments apply; false: they are ignored. */
  inlineConfig: boolean;
}

/** One file of a pass and the consumers that want its messages. */
export interface EslintPassFile {
  /** Path relative to the root. */
  path: string;
  text: string;
  consumers: readonly string[];
}

/** What a worker receives. */
export interface EslintPassRequest {
  root: string;
  files: readonly EslintPassFile[];
  consumers: readonly EslintConsumerSpec[];
}

/** One message of a consumer: a rule finding, or a fatal parse error (`rule` null). */
export interface EslintPassMessage {
  line: number;
  column: number;
  rule: string | null;
  message: string;
  fatal: boolean;
}

/** What a pass returns: per consumer, per file path, its messages (files without any omitted). */
export interface EslintPassResult {
  eslintVersion: string;
  byConsumer: Record<string, Record<string, EslintPassMessage[]>>;
  /** Files linted a second time because they reconfigure rules inline. */
  relinted: number;
  /** Thread that did the work. */
  threadId: number;
}

const JS_FILES = ['**/*.js', '**/*.mjs', '**/*.jsx'];
const CJS_FILES = ['**/*.cjs'];
const TS_FILES = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];
/** Comments that change rule configuration (not `eslint-disable`/`eslint-enable`, which suppress). */
const RULE_CONFIG_COMMENT = /\/\*\s*(?:eslint(?![-\w])|globals?\b|exported\b)/;

const require = createRequire(import.meta.url);

/** The plugin of a rule id, null for a core rule; an unknown plugin is an error. */
function pluginOf(rule: string): EslintPluginName | null {
  const slash = rule.lastIndexOf('/');
  if (slash < 0) return null;
  const name = rule.slice(0, slash);
  const known = PLUGINS.find((p) => p === name);
  if (!known) throw new Error(`rule ${rule}: plugin ${name} is not one the shared ESLint pass loads`);
  return known;
}

/**
 * eslint-plugin-sonarjs rules we use, by the Sonar rule key of their module. Loading the whole
 * plugin takes about 1 s (it registers 400+ rules); these load alone in about 0.3 s. A sonarjs
 * rule not listed here makes the pass load the whole plugin.
 */
export const SONAR_RULE_MODULES: Readonly<Record<string, string>> = {
  'no-collapsible-if': 'S1066',
  'no-redundant-boolean': 'S1125',
  'prefer-single-boolean-return': 'S1126',
  'no-identical-expressions': 'S1764',
  'no-identical-conditions': 'S1862',
  'no-duplicated-branches': 'S1871',
  'no-inverted-boolean-check': 'S1940',
  'no-gratuitous-expressions': 'S2589',
  'no-redundant-jump': 'S3626',
  'no-use-of-empty-return-value': 'S3699',
  'no-all-duplicated-branches': 'S3923',
  'no-element-overwrite': 'S4143',
};

/** The sonarjs plugin with just `rules` (the whole plugin when one is not in {@link SONAR_RULE_MODULES}). */
export async function sonarPlugin(rules: readonly string[]): Promise<unknown> {
  if (!rules.every((rule) => SONAR_RULE_MODULES[rule] !== undefined)) {
    return (await import('eslint-plugin-sonarjs')).default;
  }
  const loaded: Record<string, unknown> = {};
  for (const rule of rules) {
    loaded[rule] = (
      require(`eslint-plugin-sonarjs/cjs/${SONAR_RULE_MODULES[rule]}/index.js`) as { rule: unknown }
    ).rule;
  }
  return { meta: { name: 'eslint-plugin-sonarjs' }, rules: loaded };
}

async function loadPlugin(name: EslintPluginName, rules: readonly string[]): Promise<unknown> {
  switch (name) {
    case 'security':
      return require('eslint-plugin-security');
    case 'no-unsanitized':
      return require('eslint-plugin-no-unsanitized');
    case 'sonarjs':
      return sonarPlugin(rules);
    case '@typescript-eslint':
      return (await import('typescript-eslint')).default.plugin;
    case 'empathy':
      return (await import('./complexity-estree.js')).empathyEslintPlugin;
    case 'empathy-taint':
      return (await import('../security/taint-js.js')).taintEslintPlugin;
  }
}

/**
 * Loads ESLint and every plugin a pass may use (the sonarjs rules of {@link SONAR_RULE_MODULES}),
 * so that a later pass in this process does not: what `--watch` does while it waits for a change.
 */
export async function preloadEslintPass(): Promise<void> {
  await import('eslint');
  for (const name of PLUGINS) await loadPlugin(name, Object.keys(SONAR_RULE_MODULES));
}

/**
 * The flat ESLint configuration of one pass: the rules of every consumer merged per language,
 * with only the plugins those rules need (TypeScript files get the TypeScript parser when
 * `withTypeScript`); `inlineConfig` says whether the code's own `eslint-disable` comments count.
 */
export async function buildConfig(
  consumers: readonly EslintConsumerSpec[],
  withTypeScript: boolean,
  inlineConfig: boolean,
): Promise<Linter.Config[]> {
  const rulesOf = (language: 'javascript' | 'typescript') =>
    Object.assign({}, ...consumers.map((c) => c.rules[language])) as Linter.RulesRecord;
  const pluginsFor = async (rules: Linter.RulesRecord) => {
    const byPlugin = new Map<EslintPluginName, string[]>();
    for (const rule of Object.keys(rules)) {
      const name = pluginOf(rule);
      if (name) byPlugin.set(name, [...(byPlugin.get(name) ?? []), rule.slice(name.length + 1)]);
    }
    const plugins: Record<string, unknown> = {};
    for (const [name, names] of byPlugin) plugins[name] = await loadPlugin(name, names);
    return plugins as Linter.Config['plugins'];
  };
  const jsPlugins = await pluginsFor(rulesOf('javascript'));
  const linterOptions = { noInlineConfig: !inlineConfig, reportUnusedDisableDirectives: 'off' as const };
  const jsx = { ecmaFeatures: { jsx: true } };
  const config: Linter.Config[] = [
    {
      files: JS_FILES,
      linterOptions,
      plugins: jsPlugins,
      languageOptions: { ecmaVersion: 'latest', sourceType: 'module', parserOptions: jsx },
      rules: rulesOf('javascript'),
    },
    {
      files: CJS_FILES,
      linterOptions,
      plugins: jsPlugins,
      languageOptions: { ecmaVersion: 'latest', sourceType: 'commonjs', parserOptions: jsx },
      rules: rulesOf('javascript'),
    },
  ];
  if (withTypeScript) {
    const parser = (await import('typescript-eslint')).default.parser as Linter.Parser;
    config.push({
      files: TS_FILES,
      linterOptions,
      plugins: await pluginsFor(rulesOf('typescript')),
      languageOptions: { parser, ecmaVersion: 'latest', sourceType: 'module', parserOptions: jsx },
      rules: rulesOf('typescript'),
    });
  }
  return config;
}

type RawMessage = Linter.LintMessage & { suppressed?: boolean };

function toMessage(m: Linter.LintMessage): EslintPassMessage {
  return {
    line: m.line ?? 0,
    column: m.column ?? 0,
    rule: m.ruleId,
    message: m.message,
    fatal: m.fatal === true,
  };
}

/**
 * Runs one pass on the calling thread. `signal` (a pass run inline instead of in a worker) stops it
 * before the first file, between files and before it returns, rejecting with the abort reason,
 * as `runWorker` rejects a pass in a worker.
 *
 * @throws the abort reason of `signal` once it is aborted.
 * @example
 * const out = await runEslintPass({ root: '/repo', consumers: [spec], files: [{ path: 'a.js', text: 'eval(x)', consumers: [spec.id] }] });
 * out.byConsumer[spec.id]?.['a.js']; // [{ rule: 'security/detect-eval-with-expression', ... }]
 */
export async function runEslintPass(request: EslintPassRequest, signal?: AbortSignal): Promise<EslintPassResult> {
  signal?.throwIfAborted();
  const { ESLint } = await import('eslint');
  const { root, files, consumers } = request;
  const result: EslintPassResult = { eslintVersion: ESLint.version, byConsumer: {}, relinted: 0, threadId };
  for (const c of consumers) result.byConsumer[c.id] = {};
  if (files.length === 0 || consumers.length === 0) return result;
  const withTypeScript = files.some((f) => detectLanguage(f.path) === 'typescript');
  const anyInline = consumers.some((c) => c.inlineConfig);
  const ignoring = consumers.filter((c) => !c.inlineConfig);
  const options = { cwd: root, overrideConfigFile: true as const, ignore: false };
  const main = new ESLint({
    ...options,
    overrideConfig: await buildConfig(consumers, withTypeScript, anyInline),
  });
  let strict: InstanceType<typeof ESLint> | null = null;

  for (const file of files) {
    signal?.throwIfAborted();
    const filePath = `${root}/${file.path}`;
    const [linted] = await main.lintText(file.text, { filePath, warnIgnored: true });
    const messages: RawMessage[] = [
      ...(linted?.messages ?? []),
      ...(linted?.suppressedMessages ?? []).map((m) => ({ ...m, suppressed: true })),
    ];
    let strictMessages: Linter.LintMessage[] | null = null;
    const wanted = consumers.filter((c) => file.consumers.includes(c.id));
    if (anyInline && wanted.some((c) => !c.inlineConfig) && RULE_CONFIG_COMMENT.test(file.text)) {
      strict ??= new ESLint({
        ...options,
        overrideConfig: await buildConfig(ignoring, withTypeScript, false),
      });
      const [again] = await strict.lintText(file.text, { filePath, warnIgnored: true });
      strictMessages = again?.messages ?? [];
      result.relinted += 1;
    }
    const language = detectLanguage(file.path) === 'typescript' ? 'typescript' : 'javascript';
    for (const consumer of wanted) {
      const own = !consumer.inlineConfig && strictMessages ? strictMessages : messages;
      const kept = own.filter(
        (m: RawMessage) =>
          m.fatal === true ||
          (m.ruleId !== null &&
            consumer.rules[language][m.ruleId] !== undefined &&
            !(m.suppressed && consumer.inlineConfig)),
      );
      if (kept.length > 0)
        (result.byConsumer[consumer.id] as Record<string, EslintPassMessage[]>)[file.path] =
          kept.map(toMessage);
    }
  }
  signal?.throwIfAborted();
  return result;
}

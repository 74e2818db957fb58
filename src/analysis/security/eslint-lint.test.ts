import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { KNOWN_RECOMMENDED_RULES, lintJsFiles, recommendedRules, securityRulesForTier } from './eslint-lint.js';

const require = createRequire(import.meta.url);

const root = '/virtual/project';
const summary = (out: Awaited<ReturnType<typeof lintJsFiles>>) =>
  out.findings.map((f) => `${f.file}:${f.line}:${f.rule}:${f.severity}`);

describe('the recommended rules known without loading the plugins', () => {
  it.each(['eslint-plugin-security', 'eslint-plugin-no-unsanitized'] as const)(
    '%s: the table has the installed version and equals its recommended config, in order',
    (plugin) => {
      const version = (require(`${plugin}/package.json`) as { version: string }).version;
      const loaded = Object.keys(
        (require(plugin) as { configs: { recommended: { rules: Record<string, unknown> } } }).configs.recommended.rules,
      );
      expect(KNOWN_RECOMMENDED_RULES[`${plugin}@${version}`]).toEqual(loaded);
      expect(recommendedRules(plugin)).toEqual(loaded);
    },
  );
});

describe('lintJsFiles (ESLint security rules, on the calling thread)', () => {
  it('enables no rule at CHEAP, eslint-plugin-security at CAPABLE, plus no-unsanitized at PREMIUM', () => {
    expect(Object.keys(securityRulesForTier('CHEAP'))).toEqual([]);
    const capable = Object.keys(securityRulesForTier('CAPABLE'));
    expect(capable).toContain('security/detect-eval-with-expression');
    expect(capable.some((r) => r.startsWith('no-unsanitized/'))).toBe(false);
    expect(Object.keys(securityRulesForTier('PREMIUM'))).toEqual(
      expect.arrayContaining(['no-unsanitized/method', 'no-unsanitized/property']),
    );
  });

  it('lints JS, CommonJS and TypeScript with our severities', async () => {
    const out = await lintJsFiles(
      root,
      [
        { path: 'a.cjs', text: "const cp = require('child_process');\ncp.exec(process.argv[2]);\n" },
        {
          path: 'b.ts',
          text: 'export function f(p: string): boolean {\n  return new RegExp(p).test("x");\n}\n',
        },
        { path: 'c.jsx', text: 'export const C = (p) => <div>{eval(p.code)}</div>;\n' },
      ],
      'CAPABLE',
    );
    // eslint-plugin-security 4 reports the exec() call of a required child_process, not the require.
    expect(summary(out)).toEqual([
      'a.cjs:2:security/detect-child-process:medium',
      'b.ts:2:security/detect-non-literal-regexp:low',
      'c.jsx:1:security/detect-eval-with-expression:high',
    ]);
    expect(out.parseFailures).toEqual([]);
  });

  it("ignores notices about the file's own eslint-disable comments (neither findings nor parse failures)", async () => {
    const out = await lintJsFiles(
      root,
      [
        {
          path: 'd.js',
          text: [
            '/* eslint-disable no-console */',
            '// eslint-disable-next-line react/no-danger',
            'export const x = 1;',
            'eval(process.argv[2]);',
            '',
          ].join('\n'),
        },
      ],
      'CAPABLE',
    );
    expect(summary(out)).toEqual(['d.js:4:security/detect-eval-with-expression:high']);
    expect(out.parseFailures).toEqual([]);
  });

  it('reports a file that does not parse instead of throwing, and still lints the others', async () => {
    const out = await lintJsFiles(
      root,
      [
        { path: 'bad.js', text: 'function (\n' },
        { path: 'ok.js', text: 'eval(x);\n' },
      ],
      'CAPABLE',
    );
    expect(out.parseFailures).toEqual([
      { file: 'bad.js', line: 1, message: expect.stringContaining('Parsing error'), fatal: true },
    ]);
    expect(summary(out)).toEqual(['ok.js:1:security/detect-eval-with-expression:high']);
  });

  it('reports no-unsanitized only at PREMIUM', async () => {
    const files = [{ path: 'r.js', text: 'export const show = (el, m) => { el.innerHTML = m; };\n' }];
    expect(summary(await lintJsFiles(root, files, 'CAPABLE'))).toEqual([]);
    expect(summary(await lintJsFiles(root, files, 'PREMIUM'))).toEqual([
      'r.js:1:no-unsanitized/property:high',
    ]);
  });
});

/**
 * An ESLint rule with an auto-fix: import bindings that are never referenced are removed (the
 * whole declaration when none of its bindings is used). Bindings named `_x` are left alone, as
 * the quality baseline's unused-variable options do. The fix is only a proposal: verification
 * re-runs the project's tests, since removing an import also removes its side effects.
 *
 * @module
 */
import type { Rule } from 'eslint';

type Node = Rule.Node & { range: [number, number] };

/** The rule. Id in the fixer's plugin: `empathy-fix/unused-imports`. */
export const unusedImportsRule: Rule.RuleModule = {
  meta: {
    type: 'suggestion',
    fixable: 'code',
    docs: { description: 'removes import bindings that are never used' },
    schema: [],
  },
  create(context) {
    const sourceCode = context.sourceCode;
    const unused = (spec: Rule.Node): boolean => {
      const variable = sourceCode.getDeclaredVariables(spec)[0];
      return variable !== undefined && variable.references.length === 0 && !variable.name.startsWith('_');
    };
    return {
      ImportDeclaration(node) {
        const specs = node.specifiers as unknown as Node[];
        const dead = specs.filter((s) => unused(s));
        if (dead.length === 0) return;
        const names = dead.map((s) => (s as unknown as { local: { name: string } }).local.name).join(', ');
        context.report({
          node,
          message: `unused import: ${names}`,
          fix(fixer) {
            const [start, end] = (node as unknown as Node).range;
            if (dead.length === specs.length) {
              const after = sourceCode.getText()[end] === '\n' ? end + 1 : end;
              return fixer.removeRange([start, after]);
            }
            const decl = node as unknown as {
              attributes?: unknown[];
              importKind?: string;
              source: Rule.Node;
            };
            if ((decl.attributes?.length ?? 0) > 0) return null;
            const kept = specs.filter((s) => !dead.includes(s));
            const text = (type: string) =>
              kept.filter((s) => s.type === type).map((s) => sourceCode.getText(s));
            const named = text('ImportSpecifier');
            const parts = [
              ...text('ImportDefaultSpecifier'),
              ...text('ImportNamespaceSpecifier'),
              ...(named.length ? [`{ ${named.join(', ')} }`] : []),
            ];
            const semi = sourceCode.getText(node).trimEnd().endsWith(';') ? ';' : '';
            const kind = decl.importKind === 'type' ? 'type ' : '';
            return fixer.replaceTextRange(
              [start, end],
              `import ${kind}${parts.join(', ')} from ${sourceCode.getText(decl.source)}${semi}`,
            );
          },
        });
      },
    };
  },
};

/** The fixer's ESLint plugin. */
export const fixerEslintPlugin = {
  meta: { name: 'empathy-fix' },
  rules: { 'unused-imports': unusedImportsRule },
};

/**
 * JSDoc/TSDoc detection on syntax nodes.
 *
 * A node is documented when a `/** ... *\/` comment with some text precedes it (in its leading
 * trivia). A comment tagged `@module`, `@packageDocumentation`, `@file` or `@fileoverview`
 * documents the file, not the first declaration after it, and is ignored. An empty `/** *\/`
 * does not count.
 *
 * @module
 */
import type * as TS from 'typescript';
import { ts } from '../shared/typescript.js';

const FILE_LEVEL_TAG = /@(?:module|packageDocumentation|file|fileoverview)\b/;

/** True when the comment text (with its delimiters) says something. */
function hasContent(comment: string): boolean {
  const body = comment
    .slice(3, -2)
    .split('\n')
    .map((line) => line.replace(/^\s*\*?/, '').trim())
    .join('');
  return body.length > 0;
}

/**
 * True when `node` has a JSDoc/TSDoc comment of its own.
 *
 * @example
 * const sf = parseJsSource('a.ts', '/** Adds. *\/\nexport function add() {}');
 * hasDocComment(sf.statements[0]!, sf); // true
 */
export function hasDocComment(node: TS.Node, sf: TS.SourceFile): boolean {
  const text = sf.text;
  const ranges = ts.getLeadingCommentRanges(text, node.getFullStart()) ?? [];
  return ranges.some((range) => {
    if (range.kind !== ts.SyntaxKind.MultiLineCommentTrivia) return false;
    const comment = text.slice(range.pos, range.end);
    return (
      comment.startsWith('/**') &&
      !comment.startsWith('/**/') &&
      hasContent(comment) &&
      !FILE_LEVEL_TAG.test(comment)
    );
  });
}

/** 1-based line where `node` starts (after its trivia). */
export function startLine(node: TS.Node, sf: TS.SourceFile): number {
  return sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
}

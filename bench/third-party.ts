/**
 * The fixer's third-party rule on real trees (`src/fixer/third-party.ts`): for each project folder
 * given, how many of its JS/TS/Python files the fixer leaves alone, and each one with the reason,
 * so a reader can check by eye that every file left out is a copy, a bundle or generated data and
 * no hand-written one. Reads the folders only.
 *
 * Run: npx tsx bench/third-party.ts DIR... (e.g. the clones of bench/real-repos.list and
 * bench/fixes.list, and unpacked npm packages)
 */
import path from 'node:path';
import { buildProjectIndex } from '../src/project/index.js';
import { thirdPartyFiles } from '../src/fixer/third-party.js';

const roots = process.argv.slice(2);
if (roots.length === 0) {
  console.error('usage: npx tsx bench/third-party.ts DIR...');
  process.exit(2);
}
let files = 0;
let left = 0;
console.log('| project | code files | left out |\n|---|---|---|');
const details: string[] = [];
for (const root of roots) {
  const index = await buildProjectIndex(path.resolve(root), { cache: false });
  const code = index.files.filter((f) => f.language === 'javascript' || f.language === 'typescript' || f.language === 'python').length;
  const out = await thirdPartyFiles(index);
  files += code;
  left += out.size;
  console.log(`| ${path.basename(root)} | ${code} | ${out.size} |`);
  for (const [file, why] of out) details.push(`- ${path.basename(root)}/${file}: ${why}`);
}
console.log(`\n${roots.length} projects, ${files} code files, ${left} left out\n\n${details.join('\n')}`);

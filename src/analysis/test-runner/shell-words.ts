/**
 * Splits a package.json script into the commands a shell would run (`a && b; c | d`) and each
 * command into words, keeping whether a word was quoted (an unquoted glob is the shell's to
 * expand; a quoted one is the program's). Only the subset of sh that test scripts use is
 * understood; anything else (subshells, redirections, `$(...)`) marks the script as complex.
 *
 * @module
 */

/** One word of a command. */
export interface Word {
  text: string;
  /** True when any part of the word was quoted (no shell glob expansion). */
  quoted: boolean;
}

/** One command of a script, with the operator that joins it to the previous one. */
export interface ScriptCommand {
  words: Word[];
  /** `&&`, `||`, `;`, `|` before this command; null for the first. */
  joinedBy: '&&' | '||' | ';' | '|' | null;
}

/** A parsed script, or the reason it could not be parsed. */
export type ParsedScript = { ok: true; commands: ScriptCommand[] } | { ok: false; reason: string };

/**
 * Parses a script into commands and words.
 *
 * @example
 * parseScript("npm run lint && mocha 'test/**' -r ts-node/register");
 * // commands[1].words -> mocha, test/** (quoted), -r, ts-node/register
 */
export function parseScript(script: string): ParsedScript {
  const commands: ScriptCommand[] = [];
  let words: Word[] = [];
  let current = '';
  let quoted = false;
  let inWord = false;
  let joinedBy: ScriptCommand['joinedBy'] = null;
  const endWord = () => {
    if (inWord) words.push({ text: current, quoted });
    current = '';
    quoted = false;
    inWord = false;
  };
  const endCommand = (op: ScriptCommand['joinedBy']) => {
    endWord();
    if (words.length > 0) commands.push({ words, joinedBy });
    words = [];
    joinedBy = op;
  };
  for (let i = 0; i < script.length; i += 1) {
    const c = script[i]!;
    const next = script[i + 1];
    if (c === "'" || c === '"') {
      const close = script.indexOf(c, i + 1);
      if (close < 0) return { ok: false, reason: 'unterminated quote' };
      const inner = script.slice(i + 1, close);
      if (c === '"' && /[$`]/.test(inner)) return { ok: false, reason: 'variable or command substitution' };
      current += c === '"' ? inner.replace(/\\(["\\])/g, '$1') : inner;
      quoted = true;
      inWord = true;
      i = close;
    } else if (c === '\\' && next !== undefined) {
      current += next;
      inWord = true;
      i += 1;
    } else if (/\s/.test(c)) {
      endWord();
    } else if (c === '&' && next === '&') {
      endCommand('&&');
      i += 1;
    } else if (c === '|' && next === '|') {
      endCommand('||');
      i += 1;
    } else if (c === '|') {
      endCommand('|');
    } else if (c === ';') {
      endCommand(';');
    } else if (/[<>&()`$]/.test(c)) {
      return { ok: false, reason: `shell syntax "${c}" is not supported` };
    } else {
      current += c;
      inWord = true;
    }
  }
  endCommand(null);
  return { ok: true, commands };
}

/** True when an unquoted word holds glob characters the shell would expand. */
export function isShellGlob(word: Word): boolean {
  return !word.quoted && /[*?[]/.test(word.text);
}

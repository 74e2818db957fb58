/**
 * The fleet file of `release-prep --repos FILE`: one repository per line, a path (relative
 * to the file's directory) or `GIT_URL@COMMIT` (a commit id of 7 to 40 hex digits). Blank
 * lines and lines starting with `#` are skipped.
 *
 * @example
 * # fleet.txt
 * ../services/billing
 * https://github.com/acme/auth.git@4f2a9c1
 * git@github.com:acme/web.git@0b7e5d2a91c3
 *
 * @module
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError, errorMessage } from '../errors.js';
import type { RepoRef } from './work-unit.js';

/** One repository of a fleet. */
export interface FleetEntry {
  /** The line as written (the summary's "repository" column). */
  label: string;
  repo: RepoRef;
}

const WITH_COMMIT = /^(.+)@([0-9a-fA-F]{7,40})$/;
const LOOKS_LIKE_URL = /^[a-z][a-z0-9+.-]*:\/\/|^[^/\s]+@[^/\s]+:/i;

/**
 * Reads a fleet file.
 *
 * @throws UserError naming the file and line: a missing file, a path that is not a directory, a URL without a commit, an empty list.
 */
export function readFleetFile(file: string, cwd: string): FleetEntry[] {
  const resolved = path.resolve(cwd, file);
  let text: string;
  try {
    text = readFileSync(resolved, 'utf8');
  } catch (error) {
    throw new UserError(`--repos ${file}: cannot read it (${errorMessage(error).split('\n')[0]})`);
  }
  const entries: FleetEntry[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const where = `--repos ${file} line ${index + 1}`;
    const pinned = WITH_COMMIT.exec(line);
    if (pinned && LOOKS_LIKE_URL.test(pinned[1] as string)) {
      entries.push({ label: line, repo: { gitUrl: pinned[1] as string, commit: (pinned[2] as string).toLowerCase() } });
      return;
    }
    if (LOOKS_LIKE_URL.test(line)) throw new UserError(`${where}: ${line} needs a commit: GIT_URL@COMMIT (7-40 hex digits)`);
    const dir = path.resolve(path.dirname(resolved), line);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UserError(`${where}: ${line}: no such directory`);
    entries.push({ label: line, repo: { path: dir } });
  });
  if (entries.length === 0) throw new UserError(`--repos ${file}: no repositories in it (one path or GIT_URL@COMMIT per line)`);
  return entries;
}

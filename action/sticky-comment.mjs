#!/usr/bin/env node
// Step "comment" of action.yml: keeps ONE pull-request comment with the Markdown report,
// found by the hidden marker the report ends with, and updated in place (created the first
// time). Needs a token with `pull-requests: write`; with a read-only token (a pull request from
// a fork) it warns and exits 0, so the report is still in the step summary.
//
// Environment: GITHUB_TOKEN, GITHUB_API_URL, GITHUB_REPOSITORY (owner/name), GITHUB_EVENT_PATH
// (pull_request.number). Argument: the Markdown report file.
/* global fetch */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** The marker the Markdown report ends with (src/workflows/report/markdown.ts). */
export const MARKER = '<!-- empathy-framework:release-report -->';
/** GitHub refuses comment bodies over 65536 characters. */
export const MAX_BODY = 65_000;

/** The comment body: the report, cut to GitHub's limit with a note, always ending with the marker. */
export function commentBody(markdown) {
  const report = markdown.includes(MARKER)
    ? markdown.slice(0, markdown.lastIndexOf(MARKER)).trimEnd()
    : markdown.trimEnd();
  const note =
    '\n\n_The report was cut to fit a comment; the whole report is in the step summary and the report files._';
  const kept =
    report.length + MARKER.length + 2 > MAX_BODY
      ? report.slice(0, MAX_BODY - note.length - MARKER.length - 2) + note
      : report;
  return `${kept}\n\n${MARKER}\n`;
}

async function api(base, token, method, url, body) {
  const response = await fetch(new URL(url, base.endsWith('/') ? base : `${base}/`), {
    method,
    headers: {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${token}`,
      'x-github-api-version': '2022-11-28',
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null };
}

/** Creates or updates the sticky comment; returns what it did. */
export async function upsertComment({ apiUrl, token, repository, number, body }) {
  const base = apiUrl ?? 'https://api.github.com';
  let existing = null;
  for (let page = 1; page <= 50 && !existing; page++) {
    const list = await api(
      base,
      token,
      'GET',
      `repos/${repository}/issues/${number}/comments?per_page=100&page=${page}`,
    );
    if (list.status !== 200)
      return { action: 'failed', status: list.status, message: list.json?.message ?? '' };
    existing = list.json.find((c) => typeof c.body === 'string' && c.body.includes(MARKER)) ?? null;
    if (list.json.length < 100) break;
  }
  const result = existing
    ? await api(base, token, 'PATCH', `repos/${repository}/issues/comments/${existing.id}`, { body })
    : await api(base, token, 'POST', `repos/${repository}/issues/${number}/comments`, { body });
  const ok = result.status === 200 || result.status === 201;
  return ok
    ? { action: existing ? 'updated' : 'created', id: result.json.id, status: result.status }
    : { action: 'failed', status: result.status, message: result.json?.message ?? '' };
}

async function main() {
  const file = process.argv[2];
  const env = process.env;
  const event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8'));
  const number = event.pull_request?.number;
  if (!Number.isInteger(number)) {
    console.log('empathy: not a pull request event, no comment');
    return;
  }
  let markdown;
  try {
    markdown = readFileSync(file, 'utf8');
  } catch {
    console.log(`::warning title=empathy::no Markdown report at ${file}: no comment`);
    return;
  }
  const done = await upsertComment({
    apiUrl: env.GITHUB_API_URL,
    token: env.GITHUB_TOKEN,
    repository: env.GITHUB_REPOSITORY,
    number,
    body: commentBody(markdown),
  });
  if (done.action === 'failed') {
    // A pull request from a fork gets a read-only token: the report stays in the step summary.
    console.log(
      `::warning title=empathy::pull-request comment not written (HTTP ${done.status} ${done.message}); it needs permissions: pull-requests: write`,
    );
    return;
  }
  console.log(`empathy: pull-request comment ${done.action} (${done.id})`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.log(
      `::warning title=empathy::pull-request comment not written: ${String(error?.message ?? error).split('\n')[0]}`,
    );
  });
}

/**
 * `--repos FILE`: the release-prep of a fleet of repositories (see commands/release-prep-fleet.ts,
 * loaded only when the flag is given: it pulls in the distributed runner, bullmq and ioredis).
 *
 * @module
 */

/** Option definition of `--repos`. */
export const FLEET_OPTIONS = { repos: { type: 'string' } } as const;

/** Help line of `--repos`. */
export const FLEET_HELP = `  --repos FILE             A fleet: one repository per line (path, or GIT_URL@COMMIT); one summary,
                           and each repository's report in --output-dir DIR/repos/ (default ./empathy-fleet)
`;

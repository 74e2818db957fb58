#!/usr/bin/env bash
# Step "run" of action.yml: release-prep at the action's version, every report format into
# $RUNNER_TEMP/empathy, the annotations printed for GitHub, the step summary appended by the CLI.
# Inputs come as environment variables (never pasted into the script: no injection). With the
# input history 'true' the run history goes to HISTORY_DIR, the directory action.yml keeps
# between workflow runs with actions/cache (outside the checkout: never part of the analysis).
set -euo pipefail
if [ "${INPUT_HISTORY:-true}" = "true" ] && [ -n "${HISTORY_DIR:-}" ]; then export EMPATHY_HISTORY_DIR="$HISTORY_DIR"; fi
out="${RUNNER_TEMP:?}/empathy"
mkdir -p "$out"
version=$(node -p 'require(process.env.GITHUB_ACTION_PATH + "/package.json").version')
# EMPATHY_CLI replaces the npm package (tests run the checkout's own bin/empathy.js).
read -r -a cli <<< "${EMPATHY_CLI:-npx --yes empathy-framework@${version}}"
args=(orchestrate release-prep --path "${INPUT_PATH:-.}" --format "github,markdown,${INPUT_FORMATS:-}" --output-dir "$out")
if [ -n "${INPUT_BASE:-}" ]; then args+=(--base "$INPUT_BASE"); fi
read -r -a extra <<< "${INPUT_ARGS:-}"
args+=("${extra[@]}")
if [ -n "${INPUT_GATES:-}" ]; then
  node -e '
    const gates = JSON.parse(process.env.INPUT_GATES);
    if (typeof gates !== "object" || gates === null || Array.isArray(gates)) throw new Error("gates must be a JSON object");
    require("fs").writeFileSync(process.argv[1], JSON.stringify({ qualityGates: gates }) + "\n");
  ' "$RUNNER_TEMP/empathy-policy.json" || { echo "::error title=empathy::input gates is not a JSON object: $INPUT_GATES"; exit 2; }
  args+=(--policy "$RUNNER_TEMP/empathy-policy.json")
fi
set +e
"${cli[@]}" "${args[@]}"
code=$?
set -e
if [ -f "$out/release-prep.annotations" ]; then cat "$out/release-prep.annotations"; fi
# A verdict (0 or 1) always comes with its reports; without them the CLI did not run properly.
if { [ "$code" = 0 ] || [ "$code" = 1 ]; } && [ ! -f "$out/release-prep.md" ]; then
  echo "::error title=empathy::release-prep exited $code without writing its report (see the log above)"
  code=2
fi
{
  echo "exit-code=$code"
  echo "report-dir=$out"
  if [ -f "$out/release-prep.sarif" ]; then echo "sarif=$out/release-prep.sarif"; fi
} >> "${GITHUB_OUTPUT:?}"

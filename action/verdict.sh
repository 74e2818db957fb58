#!/usr/bin/env bash
# Step "verdict" of action.yml: 0 approved; 1 blocked (fails unless fail-on-blocked is 'false');
# anything else (2 usage/internal error, 130 interrupted, no code at all) always fails.
set -euo pipefail
code="${EXIT_CODE:-}"
case "$code" in
  0) echo "empathy: release approved" ;;
  1) if [ "${FAIL_ON_BLOCKED:-true}" = "false" ]; then echo "empathy: release blocked (not failing: fail-on-blocked is false)"; else echo "empathy: release blocked"; exit 1; fi ;;
  *) echo "::error title=empathy::release-prep did not finish (exit ${code:-none})"; exit 2 ;;
esac

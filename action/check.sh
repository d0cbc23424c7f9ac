#!/usr/bin/env bash
# Step 1 of the action: check every strategy file matching KIKCALC_FILES. Inside GitHub
# Actions kikcalc writes workflow annotations and appends a job summary by itself.
set -euo pipefail
mapfile -t files < <(git ls-files -- "${KIKCALC_FILES:-strategies/*.yaml}")
if [ "${#files[@]}" -eq 0 ]; then
  echo "kikcalc: no files match ${KIKCALC_FILES:-strategies/*.yaml}"
  exit 0
fi
kikcalc check ${KIKCALC_POLICY:+--policy "$KIKCALC_POLICY"} "${files[@]}"

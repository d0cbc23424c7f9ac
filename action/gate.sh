#!/usr/bin/env bash
# Step 1 of the action: the gate's whole verdict, from one kikcalc process (`kikcalc gate`):
# the rules, the diff limits, renames, removals and policy changes, everything that judges
# read from the merge base with git. It writes the annotations to the log, the job summary,
# and the comment body to KIKCALC_COMMENT for step 2 to post. Its exit code is the verdict:
# 0 pass, 1 findings, 2 when it could not judge.
#
# Nothing from the pull request runs: Python starts isolated (-I: neither the current folder
# nor PYTHON* variables are on its path, so a json.py or sitecustomize.py at the top of the
# pull request is never imported), and kikcalc runs from the installed package.
set -uo pipefail
args=(gate --format github)
[ -z "${GITHUB_EVENT_PATH:-}" ] || args+=(--event "$GITHUB_EVENT_PATH")
[ -z "${KIKCALC_FILES:-}" ] || args+=(--files "$KIKCALC_FILES")
[ -z "${KIKCALC_POLICY:-}" ] || args+=(--policy "$KIKCALC_POLICY")
[ -z "${KIKCALC_COMMENT:-}" ] || args+=(--comment "$KIKCALC_COMMENT")
[ -z "${KIKCALC_LANG:-}" ] || args+=(--lang "$KIKCALC_LANG")
exec "${KIKCALC_PYTHON:-python}" -I -m kikcalc "${args[@]}" < /dev/null

#!/usr/bin/env bash
# Step 1 of the action: `kikcalc check` on the tracked files the selection (KIKCALC_FILES,
# one git pathspec a line; default every *.yaml and *.yml) finds that kikcalc calls its own
# (`kikcalc kind`: strategies and budget tables), plus every file that was a strategy at
# the merge base (check says so when it no longer is one) and every file kikcalc cannot
# read as a plain file (a link, not a regular file), so that check refuses it out loud.
# In a pull request the policy in force is the merge base's (`--base-ref`), not the one
# the pull request brings along. Inside GitHub Actions kikcalc writes workflow annotations
# and appends a job summary by itself (one per batch of files).
# Exit: kikcalc's own, the worst of its batches (0 pass, 1 findings, 2 unreadable file);
# 2 with one line when git fails.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=action/lib.sh
. "$here/lib.sh"

go_to_repository
read_event
find_merge_base
select_pathspecs
git_to "$scratch/files" ls-files -z -- "${specs[@]}"
if ! [ -s "$scratch/files" ]; then
  note "no tracked file matches ${KIKCALC_FILES:-the default *.yaml and *.yml}; nothing to check"
  exit 0
fi
# shellcheck disable=SC2034  # the names are not needed here
declare -A now_kind=() now_name=() base_kind=() base_name=()
kinds "$scratch/files" now_kind now_name
if [ -n "$merge_base" ]; then  # only a changed file can have been a strategy there
  git_to "$scratch/changed" diff -z --no-ext-diff --name-only --no-renames "$merge_base" HEAD \
    -- "${specs[@]}"
  kinds "$scratch/changed" base_kind base_name "--ref=$merge_base"
fi
: > "$scratch/selected"
while IFS= read -r -d '' file; do
  if [ "${now_kind[$file]:-none}" != none ] || [ "${base_kind[$file]:-none}" = strategy ] \
      || [ -L "$file" ] || ! [ -f "$file" ] || ! [ -r "$file" ]; then
    printf '%s\0' "$file" >> "$scratch/selected"
  fi
done < "$scratch/files"
if ! [ -s "$scratch/selected" ]; then
  note "no kikcalc document among the tracked files that match" \
    "${KIKCALC_FILES:-the default *.yaml and *.yml}; nothing to check"
  exit 0
fi
args=(check --only-kikcalc)
[ -z "${KIKCALC_POLICY:-}" ] || args+=("--policy=$KIKCALC_POLICY")
[ -z "$merge_base" ] || args+=("--base-ref=$merge_base")
in_batches "$scratch/selected" "${args[@]}"
exit "$batch_verdict"

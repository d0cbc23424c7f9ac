#!/usr/bin/env bash
# Step 1 of the action: `kikcalc check` on every tracked file the selection (KIKCALC_FILES,
# one git pathspec a line; default every *.yaml and *.yml) finds; `--only-kikcalc` skips
# the YAML files that are not kikcalc documents. In a pull request the policy in force is
# the merge base's (`--base-ref`), not the one the pull request brings along. Inside GitHub
# Actions kikcalc writes workflow annotations and appends a job summary by itself.
# Exit: kikcalc's own (0 pass, 1 findings, 2 unreadable file); 2 with one line when git fails.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=action/lib.sh
. "$here/lib.sh"

go_to_repository
read_event
find_merge_base
select_pathspecs
git_to "$scratch/files" ls-files -z -- "${specs[@]}"
mapfile -d '' files < "$scratch/files"
if [ "${#files[@]}" -eq 0 ]; then
  note "no tracked file matches ${KIKCALC_FILES:-the default *.yaml and *.yml}; nothing to check"
  exit 0
fi
args=(check --only-kikcalc)
[ -z "${KIKCALC_POLICY:-}" ] || args+=("--policy=$KIKCALC_POLICY")
[ -z "$merge_base" ] || args+=("--base-ref=$merge_base")
status=0
kikcalc "${args[@]}" -- "${files[@]}" || status=$?
exit "$status"

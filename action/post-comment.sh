#!/usr/bin/env bash
# Step 2 of the action: post the comment body step 1 wrote (KIKCALC_COMMENT), creating one
# comment and updating it on every push (found again by its first line, a hidden marker).
# It decides nothing: `comment: false` skips this step and the verdict stays step 1's. A
# comment that cannot be posted (a read-only token) is a warning; this step exits 0.
set -uo pipefail
marker='<!-- kikcalc-diff -->'
errors=${RUNNER_TEMP:-/tmp}/kikcalc-gh-error
warn() {
  local reason
  reason=$(tail -n 1 "$errors" 2> /dev/null | tr -d '\000-\037')
  printf '::warning title=kikcalc::%s%s; the verdict is in the job summary\n' \
    "${1//%/%25}" "${reason:+ (${reason//%/%25})}"
  exit 0
}
: > "$errors"
body=${KIKCALC_COMMENT:-}
[ -n "$body" ] && [ -s "$body" ] || warn "no comment to post: the gate step wrote none"
[[ ${GITHUB_REPOSITORY:-} =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]] \
  || warn "GITHUB_REPOSITORY is not owner/name; no comment posted"
# The number, read isolated (-I) as step 1 reads the event: nothing of the checkout runs.
number=$("${KIKCALC_PYTHON:-python}" -I -c '
import json, sys
with open(sys.argv[1], encoding="utf-8") as handle:
    number = (json.load(handle).get("pull_request") or {}).get("number")
print(number if isinstance(number, int) and not isinstance(number, bool) else "")
' "${GITHUB_EVENT_PATH:-/dev/null}" 2> /dev/null) || number=''
[[ $number =~ ^[0-9]+$ ]] || warn "not a pull request; no comment posted"
comments="repos/$GITHUB_REPOSITORY/issues/$number/comments"
ids=$(gh api "$comments" --paginate \
  --jq ".[] | select(.user.type == \"Bot\" and (.body | startswith(\"$marker\"))) | .id" \
  2>> "$errors") || warn "the comments could not be listed"
id=${ids%%$'\n'*}
if [[ $id =~ ^[0-9]+$ ]]; then
  gh api -X PATCH "repos/$GITHUB_REPOSITORY/issues/comments/$id" --input "$body" \
    > /dev/null 2>> "$errors" || warn "the comment could not be updated"
else
  gh api -X POST "$comments" --input "$body" > /dev/null 2>> "$errors" \
    || warn "the comment could not be posted"
fi

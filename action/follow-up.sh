#!/usr/bin/env bash
# The scheduled follow-up (issue 24): fetch the newest statistics, commit them on a branch
# of their own, open or update ONE pull request (GitHub) or merge request (GitLab) whose
# description is the follow-up report, and fail when a strategy is behind plan, each such
# strategy in one line. Run from the root of a checkout of the municipality's repository,
# by a scheduled workflow (examples/ci/github-follow-up.yml, examples/ci/gitlab-follow-up.yml).
#
# Settings (environment):
#   KIKCALC_FOLLOW_UP_FILES  the strategy files to follow up, one a line (default: every
#                            tracked *.yaml / *.yml that `kikcalc kind` calls a strategy)
#   KIKCALC_FETCH            what to fetch, one a line: STRATEGY OUTPUT [TABLE], run as
#                            `kikcalc statbank fetch --from STRATEGY --output OUTPUT`
#   KIKCALC_BRANCH           the branch the statistics are committed on (kikcalc/follow-up)
#   KIKCALC_BASE             the branch the pull request is against (the one checked out)
#   KIKCALC_LANG             da or en (da)
#   KIKCALC_POLICY           the policy file whose [follow-up] thresholds decide (default:
#                            the nearest kikcalc.toml to each file)
#   KIKCALC_PYTHON           the Python that has kikcalc (python); run isolated (-I), so
#                            nothing of the checkout is imported
# GitHub: `gh` with GH_TOKEN (contents: write, pull-requests: write). GitLab: the REST API
# with KIKCALC_GITLAB_TOKEN (a project access token with api and write_repository).
# Exit: 0 on plan; 1 a strategy behind plan (its line on stderr); 2 a fetch, git or
# forge step failed (one line).
set -uo pipefail
python=${KIKCALC_PYTHON:-python}
branch=${KIKCALC_BRANCH:-kikcalc/follow-up}
lang=${KIKCALC_LANG:-da}
marker='<!-- kikcalc-follow-up -->'
work=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/kikcalc-follow-up.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
die() { printf 'kikcalc: %s\n' "$1" >&2; exit 2; }
kikcalc() { "$python" -I -m kikcalc "$@"; }

[[ $branch =~ ^[A-Za-z0-9._/-]+$ && $branch != -* ]] || die "KIKCALC_BRANCH is not a branch name"
base=${KIKCALC_BASE:-$(git rev-parse --abbrev-ref HEAD 2> /dev/null)} \
  || die "not a git checkout"
[[ $base =~ ^[A-Za-z0-9._/-]+$ && $base != -* && $base != HEAD ]] \
  || die "KIKCALC_BASE is not a branch name (a detached checkout: set KIKCALC_BASE)"

# 1. The strategies to follow up.
files=()
if [ -n "${KIKCALC_FOLLOW_UP_FILES:-}" ]; then
  while IFS= read -r file; do [ -n "$file" ] && files+=("$file"); done \
    <<< "$KIKCALC_FOLLOW_UP_FILES"
else
  while IFS= read -r -d '' record; do
    [ "${record%%$'\t'*}" = strategy ] && files+=("${record#*$'\t'}")
  done < <(git ls-files -z -- '*.yaml' '*.yml' | xargs -0 -r "$python" -I -m kikcalc kind --null)
fi
[ ${#files[@]} -gt 0 ] || die "no strategy to follow up (set KIKCALC_FOLLOW_UP_FILES)"

# 2. The newest statistics: every fetch must work, or the job says why in one line (exit 2).
fetched=()
if [ -n "${KIKCALC_FETCH:-}" ]; then
  while read -r strategy output table rest; do
    [ -n "${strategy:-}" ] || continue
    [ -z "${rest:-}" ] || die "KIKCALC_FETCH: a line is STRATEGY OUTPUT [TABLE]"
    kikcalc statbank fetch --from "$strategy" --output "$output" \
      ${table:+--table "$table"} 2> "$work/fetch" || { cat "$work/fetch" >&2; exit 2; }
    fetched+=("$output")
  done <<< "$KIKCALC_FETCH"
fi

# 3. The report, and the alerts (exit 1 from kikcalc: a strategy behind plan).
policy=()
[ -n "${KIKCALC_POLICY:-}" ] && policy=(--policy "$KIKCALC_POLICY")
kikcalc follow-up "${files[@]}" --format markdown --lang "$lang" "${policy[@]}" \
  --output "$work/report.md" 2> "$work/alerts"
status=$?
[ "$status" -le 1 ] || { head -n 1 "$work/alerts" >&2; exit 2; }
{
  printf '%s\n' "$marker"
  if [ "$status" -eq 1 ]; then
    printf '> **%s**\n>\n' "$([ "$lang" = en ] && echo 'Behind plan:' || echo 'Bagud i forhold til planen:')"
    # names come from the files: shown as text, never as markup or a mention
    sed 's/&/\&amp;/g; s/</\&lt;/g; s/>/\&gt;/g; s/@/\&#64;/g; s/`/\&#96;/g; s/^/> /; s/$/\n>/' \
      "$work/alerts"
    printf '\n'
  fi
  head -c 60000 "$work/report.md"
} > "$work/body.md"
[ -n "${GITHUB_STEP_SUMMARY:-}" ] && cat "$work/body.md" >> "$GITHUB_STEP_SUMMARY"

# 4. The statistics on their branch: one commit a run that changed them, pushed by force
#    (the branch is kikcalc's own), and the one pull request opened or updated.
git checkout -q -B "$branch" 2> "$work/git" || die "git: $(tail -n 1 "$work/git")"
if [ ${#fetched[@]} -gt 0 ]; then git add -- "${fetched[@]}"; fi
changed=0
if ! git diff --cached --quiet; then
  git commit -q -m "Follow-up: the newest statistics ($(date -u +%F))" 2> "$work/git" \
    || die "git commit: $(tail -n 1 "$work/git")"
  changed=1
fi
if [ "$changed" -eq 1 ] || [ "$(git rev-list --count "$base..HEAD")" -gt 0 ]; then
  git push -q --force origin "HEAD:refs/heads/$branch" 2> "$work/git" \
    || die "git push: $(tail -n 1 "$work/git")"
fi
title=$([ "$lang" = en ] && echo 'Follow-up: plan against observed' \
        || echo 'Opfølgning: plan mod observeret')

if [ -n "${GITLAB_CI:-}" ]; then
  api="${CI_API_V4_URL:?}/projects/${CI_PROJECT_ID:?}/merge_requests"
  auth="PRIVATE-TOKEN: ${KIKCALC_GITLAB_TOKEN:?set KIKCALC_GITLAB_TOKEN}"
  curl -fsS -H "$auth" "$api?state=opened&source_branch=$branch" > "$work/open.json" \
    2> "$work/forge" || die "GitLab: the merge requests could not be listed"
  iid=$("$python" -I -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d[0]["iid"] if d else "")' \
        "$work/open.json") || iid=''
  "$python" -I -c 'import json,sys; print(json.dumps({"source_branch": sys.argv[1],
    "target_branch": sys.argv[2], "title": sys.argv[3], "description": open(sys.argv[4]).read()}))' \
    "$branch" "$base" "$title" "$work/body.md" > "$work/request.json"
  if [[ $iid =~ ^[0-9]+$ ]]; then
    curl -fsS -X PUT -H "$auth" -H 'Content-Type: application/json' \
      --data-binary "@$work/request.json" "$api/$iid" > /dev/null 2> "$work/forge" \
      || die "GitLab: merge request !$iid could not be updated"
  else
    curl -fsS -X POST -H "$auth" -H 'Content-Type: application/json' \
      --data-binary "@$work/request.json" "$api" > /dev/null 2> "$work/forge" \
      || die "GitLab: the merge request could not be opened"
  fi
else
  number=$(gh pr list --head "$branch" --base "$base" --state open --json number \
           --jq '.[0].number // empty' 2> "$work/forge") \
    || die "gh: the pull requests could not be listed ($(tail -n 1 "$work/forge"))"
  if [[ $number =~ ^[0-9]+$ ]]; then
    gh pr edit "$number" --body-file "$work/body.md" > /dev/null 2> "$work/forge" \
      || die "gh: pull request #$number could not be updated ($(tail -n 1 "$work/forge"))"
  elif [ "$(git rev-list --count "$base..HEAD")" -gt 0 ]; then
    gh pr create --base "$base" --head "$branch" --title "$title" \
      --body-file "$work/body.md" > /dev/null 2> "$work/forge" \
      || die "gh: the pull request could not be opened ($(tail -n 1 "$work/forge"))"
  fi  # else: nothing new to propose; the report is in the job summary
fi

# 5. The verdict: each strategy behind plan in one line.
if [ "$status" -eq 1 ]; then
  cat "$work/alerts" >&2
  exit 1
fi
exit 0

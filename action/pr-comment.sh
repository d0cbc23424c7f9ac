#!/usr/bin/env bash
# Step 2 of the action: what the pull request changes, as one comment created once and
# updated on every push (found again by its first line, a hidden marker).
#
# Compared with the merge base of the pull request's base commit and HEAD, under the base's
# policy and tables: `kikcalc diff --base-ref` for every strategy the pull request changes
# (a renamed one against its old path), and a quiet diff of every other strategy, so that a
# change to a budget table shows as the change it makes to the strategies that use it.
# Removed files and a changed policy are listed. Names are escaped for markdown and HTML.
#
# Exit: 0 within the policy's limits, 1 when a diff breaks them, 2 when git or kikcalc
# could not run. A comment that cannot be posted is a warning plus the job summary.
# Needs GITHUB_EVENT_PATH (a pull_request event), GITHUB_REPOSITORY and GH_TOKEN for `gh`.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=action/lib.sh
. "$here/lib.sh"

marker='<!-- kikcalc-diff -->'
comment_limit=65536       # GitHub's limit for a comment, in characters (counted here in bytes)
summary_limit=1048576     # GitHub's limit for a step's job summary, in bytes
verdict=0

go_to_repository
read_event
[ -n "$pr_number" ] || die "the comment needs a pull_request event (GITHUB_EVENT_PATH)"
[[ ${GITHUB_REPOSITORY:-} =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]] \
  || die "GITHUB_REPOSITORY is not owner/name"
find_merge_base
select_pathspecs

at_base() {  # at_base PATTERN PATH: PATH at the merge base has a top-level key PATTERN
  git cat-file -e "$merge_base:$2" 2> /dev/null || return 1
  git_to "$scratch/base-blob" cat-file blob "$merge_base:$2"
  LC_ALL=C grep -qE "^[\"']?$1[\"']?[[:space:]]*:" "$scratch/base-blob"
}

# --- what changed: renames followed, deletions kept apart ---------------------------------
declare -A old_path=() changed=()
changed_order=() removed=()
git_to "$scratch/changes" diff -z --no-ext-diff --name-status -M "$merge_base" HEAD -- \
  "${specs[@]}"
while IFS= read -r -d '' status; do
  IFS= read -r -d '' path
  case $status in
    R* | C*) old=$path; IFS= read -r -d '' path; [[ $status == C* ]] || old_path[$path]=$old ;;
    D) { at_base 'kikcalc' "$path" || at_base 'kikcalc_table' "$path"; } && removed+=("$path")
       continue ;;
  esac
  changed[$path]=1
  changed_order+=("$path")
done < "$scratch/changes"

# --- one section per diffed strategy --------------------------------------------------------
sections=0
broken_sections=()
other_sections=()

diff_section() {  # diff_section QUIET FILE [OLD]: the section file of one `kikcalc diff`
  local quiet=$1 file=$2 old=${3:-} status=0 section
  sections=$((sections + 1))
  section="$scratch/section-$sections"
  local args=(diff "--base-ref=$merge_base" --format=markdown)
  [ -z "$old" ] || args+=("--base-path=$old")
  [ "$quiet" = no ] || args+=(--quiet)
  [ -z "${KIKCALC_POLICY:-}" ] || args+=("--policy=$KIKCALC_POLICY")
  kikcalc "${args[@]}" -- "$file" < /dev/null > "$section.out" 2> "$section.err" || status=$?
  [ "$status" -le "$verdict" ] || verdict=$status
  if [ "$quiet" = yes ] && [ "$status" -eq 0 ] && ! [ -s "$section.out" ] \
      && ! [ -s "$section.err" ]; then
    return 0
  fi
  {
    printf '\n#### %s' "$(html_name "$file")"
    [ -z "$old" ] || printf ' (renamed from %s)' "$(html_name "$old")"
    [ "$quiet" = no ] || printf ' (unchanged file; its base changed)'
    printf '\n\n'
    cat "$section.out"
    if [ -s "$section.err" ]; then
      printf '\n'
      preformatted "$section.err"
    fi
    [ "$status" -lt 2 ] || printf '\nkikcalc could not compare this file (exit %s).\n' "$status"
  } > "$section"
  if [ "$status" -eq 0 ]; then other_sections+=("$section"); else broken_sections+=("$section"); fi
}

tables=()
for file in "${changed_order[@]}"; do
  old=${old_path[$file]:-}
  if is_kikcalc 'kikcalc' "$file" || at_base 'kikcalc' "${old:-$file}" \
      || { [ -L "$file" ] || { [ -e "$file" ] && ! [ -f "$file" ]; }; }; then
    diff_section no "$file" "$old"
  elif is_kikcalc 'kikcalc_table' "$file" || at_base 'kikcalc_table' "${old:-$file}"; then
    tables+=("$file")
  fi
done
git_to "$scratch/all" ls-files -z -- "${specs[@]}"
while IFS= read -r -d '' file; do
  [ -z "${changed[$file]:-}" ] || continue
  ! is_kikcalc 'kikcalc' "$file" || diff_section yes "$file"
done < "$scratch/all"

# --- the comment: marker, verdict, policy, removals, then the sections that fit -----------
body="$scratch/body"
head_part="$scratch/head"
{
  printf '%s\n### kikcalc: what this pull request changes\n\n' "$marker"
  printf 'Compared with the merge base <code>%s</code>, under the policy and budget tables ' \
    "${merge_base:0:12}"
  printf 'as they were there.\n\n'
  if [ "$verdict" -ge 2 ]; then
    printf '**kikcalc could not compare every file** (see below).\n'
  elif [ "$verdict" -eq 1 ]; then
    printf '**%s of the compared strategies break the policy'"'"'s limits.**\n' \
      "${#broken_sections[@]}"
  else
    printf 'Within the policy'"'"'s limits.\n'
  fi
  git_to "$scratch/policies" diff -z --name-only "$merge_base" HEAD -- \
    ':(glob)**/kikcalc.toml' ${KIKCALC_POLICY:+":(literal)$KIKCALC_POLICY"}
  while IFS= read -r -d '' policy; do
    printf '\n**The policy %s changes in this pull request.** ' "$(html_name "$policy")"
    printf 'This pull request is judged by the base'"'"'s policy; the change applies once '
    printf 'it is merged:\n\n'
    git_to "$scratch/policy-diff" diff --no-color --no-ext-diff --no-textconv \
      "$merge_base" HEAD -- ":(literal)$policy"
    preformatted "$scratch/policy-diff" 3000
  done < "$scratch/policies"
  for ((i = 0; i < ${#removed[@]} && i < 50; i++)); do
    printf '\n%s was removed.\n' "$(html_name "${removed[i]}")"
  done
  [ "${#removed[@]}" -le 50 ] || printf '\nAnd %s more files were removed.\n' \
    "$(( ${#removed[@]} - 50 ))"
  for ((i = 0; i < ${#tables[@]} && i < 50; i++)); do
    printf '\nThe budget table %s changed.\n' "$(html_name "${tables[i]}")"
  done
  if [ "${#changed_order[@]}" -eq 0 ] && [ "${#removed[@]}" -eq 0 ] \
      && [ "$((${#broken_sections[@]} + ${#other_sections[@]}))" -eq 0 ]; then
    printf '\nNo strategy file changed.\n'
  fi
} > "$head_part"

# Sections that break a limit come first; a section is left out whole when it does not fit.
cp "$head_part" "$body"
left_out=0
reserve=600
for section in ${broken_sections[@]+"${broken_sections[@]}"} \
               ${other_sections[@]+"${other_sections[@]}"}; do
  if [ $(( $(wc -c < "$body") + $(wc -c < "$section") + reserve )) -le "$comment_limit" ]; then
    cat "$section" >> "$body"
  else
    left_out=$((left_out + 1))
  fi
done
if [ "$left_out" -gt 0 ]; then
  {
    printf '\n---\n%s more compared files are left out here to keep this comment under ' \
      "$left_out"
    printf "GitHub's limit of %s characters; run \`kikcalc diff --base-ref %s FILE\` " \
      "$comment_limit" "${merge_base:0:12}"
    printf 'to see them.\n'
  } >> "$body"
fi

# --- post it; a failed post is a warning and the job summary, never silence ----------------
post_comment() {
  local comments="repos/$GITHUB_REPOSITORY/issues/$pr_number/comments" id
  python3 -c 'import json, sys
with open(sys.argv[1], encoding="utf-8", errors="replace") as handle:
    json.dump({"body": handle.read()}, sys.stdout)' "$body" > "$scratch/request.json" || return 1
  gh api "$comments" --paginate \
    --jq ".[] | select(.user.type == \"Bot\" and (.body | startswith(\"$marker\"))) | .id" \
    > "$scratch/ids" || return 1
  id=$(head -n 1 "$scratch/ids")
  if [[ $id =~ ^[0-9]+$ ]]; then
    gh api -X PATCH "repos/$GITHUB_REPOSITORY/issues/comments/$id" \
      --input "$scratch/request.json" > /dev/null || return 1
  else
    gh api -X POST "$comments" --input "$scratch/request.json" > /dev/null || return 1
  fi
}

to_summary() {  # the comment's body in the job summary, or in the log when there is none
  local used=0
  if [ -z "${GITHUB_STEP_SUMMARY:-}" ]; then
    token="kikcalc-$RANDOM$RANDOM$RANDOM"
    printf '::stop-commands::%s\n' "$token"
    cat "$body"
    printf '\n::%s::\n' "$token"
    return 0
  fi
  [ ! -f "$GITHUB_STEP_SUMMARY" ] || used=$(wc -c < "$GITHUB_STEP_SUMMARY")
  if [ $((used + $(wc -c < "$body") + 200)) -le "$summary_limit" ]; then
    cat "$body" >> "$GITHUB_STEP_SUMMARY"
  else
    printf '\nkikcalc: the diff (%s bytes) does not fit in the job summary (%s bytes used).\n' \
      "$(wc -c < "$body")" "$used" >> "$GITHUB_STEP_SUMMARY"
  fi
}

if ! post_comment 2> "$scratch/gh-error"; then
  reason=$(oneline "$(tail -n 1 "$scratch/gh-error")")
  printf '::warning title=kikcalc::the pull-request comment could not be posted (%s); ' \
    "${reason//%/%25}"
  printf 'the diff is in the job summary\n'
  to_summary
fi
exit "$verdict"

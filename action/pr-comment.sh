#!/usr/bin/env bash
# Step 2 of the action: what the pull request changes, as one comment created once and
# updated on every push (found again by its first line, a hidden marker).
#
# Compared with the merge base of the pull request's base commit and HEAD, under the base's
# policy and tables: `kikcalc diff --base-ref` for every strategy the pull request changes
# (a renamed one against its old path: git's rename at 40 % similarity, or a strategy
# removed and one added with the same `name`); and, when the pull request adds, changes or
# removes a budget table anywhere, a quiet diff of every other strategy, so that the table's
# change shows as the change it makes to the strategies that use it. Which files are
# strategies and tables is asked of `kikcalc kind`, now and at the merge base; a strategy
# there that is none now is a broken limit. Removed files and changed policies are listed,
# each part capped. Names are escaped for markdown and HTML.
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

# --- what changed: renames followed, deletions kept apart ---------------------------------
# -M40%: a strategy re-indented and rewritten is still a rename; -l0: rename detection stays
# on however many files change (git turns it off past diff.renameLimit).
declare -A old_path=() changed=() added=() now_kind=() now_name=() base_kind=() base_name=()
changed_order=() deleted=()
git_to "$scratch/changes" diff -z --no-ext-diff --name-status -M40% -l0 "$merge_base" HEAD -- \
  "${specs[@]}"
# What kikcalc makes of every file the pull request touches, anywhere in the repository (a
# budget table can lie outside the selection), as it is now and as it was at the merge base.
git_to "$scratch/touched" diff -z --no-ext-diff --name-only --no-renames "$merge_base" HEAD
kinds "$scratch/touched" now_kind now_name
kinds "$scratch/touched" base_kind base_name "--ref=$merge_base"
while IFS= read -r -d '' status; do
  IFS= read -r -d '' path
  case $status in
    R* | C*)
      old=$path
      IFS= read -r -d '' path
      if [[ $status == C* ]]; then
        added[$path]=1
      elif [ "${base_kind[$old]:-none}" = "${now_kind[$path]:-none}" ]; then
        old_path[$path]=$old
      else  # say, a strategy paired with a file that is none now: removed, not renamed
        deleted+=("$old")
        added[$path]=1
      fi ;;
    A) added[$path]=1 ;;
    D) deleted+=("$path")
       continue ;;
  esac
  changed[$path]=1
  changed_order+=("$path")
done < "$scratch/changes"

# A strategy added under a new path and one removed that had the same `name` at the merge
# base: a rename git could not see (the file rewritten as well), compared as one.
declare -A paired=()
for file in "${changed_order[@]}"; do
  if [ -z "${added[$file]:-}" ] || [ "${now_kind[$file]:-}" != strategy ] \
      || [ -z "${now_name[$file]:-}" ]; then
    continue
  fi
  for old in ${deleted[@]+"${deleted[@]}"}; do
    if [ -z "${paired[$old]:-}" ] && [ "${base_kind[$old]:-}" = strategy ] \
        && [ "${base_name[$old]:-}" = "${now_name[$file]}" ]; then
      old_path[$file]=$old
      paired[$old]=1
      break
    fi
  done
done
removed=()
for old in ${deleted[@]+"${deleted[@]}"}; do
  if [ -z "${paired[$old]:-}" ] && [ "${base_kind[$old]:-none}" != none ]; then
    removed+=("$old")
  fi
done

# Budget tables the pull request adds, changes or removes (anywhere): only then can a
# strategy it does not touch have changed, through the table it names.
tables=()
while IFS= read -r -d '' path; do
  if [ "${now_kind[$path]:-}" = table ] || [ "${base_kind[$path]:-}" = table ]; then
    tables+=("$path")
  fi
done < "$scratch/touched"

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

lost_section() {  # lost_section FILE: a strategy at the merge base that is one no longer
  local section
  sections=$((sections + 1))
  section="$scratch/section-$sections"
  [ "$verdict" -ge 1 ] || verdict=1
  {
    printf '\n#### %s\n\n' "$(html_name "$1")"
    printf '**This file was a kikcalc strategy at the merge base and is '
    if [ "${now_kind[$1]:-none}" = table ]; then
      printf 'now a budget table.** '
    else
      printf 'no longer a kikcalc document.** '
    fi
    printf 'A strategy does not leave the gate by losing its marker; remove the file to '
    printf 'remove the strategy.\n'
  } > "$section"
  broken_sections+=("$section")
}

for file in ${changed_order[@]+"${changed_order[@]}"}; do
  old=${old_path[$file]:-}
  if [ "${now_kind[$file]:-none}" = strategy ]; then
    diff_section no "$file" "$old"
  elif [ -z "$old" ] && [ "${base_kind[$file]:-none}" = strategy ]; then
    lost_section "$file"
  fi
done
if [ "${#tables[@]}" -gt 0 ]; then  # every other strategy, quietly: the tables are the base's
  : > "$scratch/unchanged"
  git_to "$scratch/all" ls-files -z -- "${specs[@]}"
  while IFS= read -r -d '' file; do
    [ -n "${changed[$file]:-}" ] || printf '%s\0' "$file" >> "$scratch/unchanged"
  done < "$scratch/all"
  # shellcheck disable=SC2034  # the names are not needed here
  declare -A unchanged_kind=() unchanged_name=()
  kinds "$scratch/unchanged" unchanged_kind unchanged_name
  while IFS= read -r -d '' file; do
    [ "${unchanged_kind[$file]:-none}" != strategy ] || diff_section yes "$file"
  done < "$scratch/unchanged"
fi

# --- the comment: marker, verdict, policy, removals, then the sections that fit -----------
policy_limit=16000        # bytes for the diffs of changed policies
names_limit=8000          # bytes for each list of names (removed files, changed tables)

name_lines() {  # name_lines AFTER MORE NAME...: a line `<code>NAME</code> AFTER` for each
  # NAME while the lines stay within names_limit bytes, then `And N MORE` for the rest
  local LC_ALL=C after=$1 more=$2 line used=0 left=0 name  # C: ${#line} counts bytes
  shift 2
  for name in "$@"; do
    line="$(html_name "$name") $after"
    if [ "$left" -eq 0 ] && [ $((used + ${#line} + 2)) -le "$names_limit" ]; then
      printf '\n%s\n' "$line"
      used=$((used + ${#line} + 2))
    else
      left=$((left + 1))
    fi
  done
  [ "$left" -eq 0 ] || printf '\nAnd %s %s\n' "$left" "$more"
}

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
  # Each part is capped, so that the comment stays under GitHub's limit whatever the pull
  # request holds (30 changed policies, long escaped names), with a line saying what was left
  # out: the policies' diffs first, then the removed files and the changed tables.
  git_to "$scratch/policies" diff -z --name-only "$merge_base" HEAD -- \
    ':(glob)**/kikcalc.toml' ${KIKCALC_POLICY:+":(literal)$KIKCALC_POLICY"}
  : > "$scratch/policy-part"
  policies_left=0
  while IFS= read -r -d '' policy; do
    {
      printf '\n**The policy %s changes in this pull request.** ' "$(html_name "$policy")"
      printf 'This pull request is judged by the base'"'"'s policy; the change applies once '
      printf 'it is merged:\n\n'
      git_to "$scratch/policy-diff" diff --no-color --no-ext-diff --no-textconv \
        "$merge_base" HEAD -- ":(literal)$policy"
      preformatted "$scratch/policy-diff" 3000
    } > "$scratch/policy-block"
    if [ $(( $(wc -c < "$scratch/policy-part") + $(wc -c < "$scratch/policy-block") )) \
        -le "$policy_limit" ]; then
      cat "$scratch/policy-block" >> "$scratch/policy-part"
    else
      policies_left=$((policies_left + 1))
    fi
  done < "$scratch/policies"
  cat "$scratch/policy-part"
  if [ "$policies_left" -gt 0 ]; then
    printf '\n**%s more changed policies are left out here** to keep this comment under ' \
      "$policies_left"
    printf "GitHub's limit; \`git diff %s HEAD -- '**/kikcalc.toml'\` shows them all.\n" \
      "${merge_base:0:12}"
  fi
  name_lines 'was removed.' 'more files were removed.' \
    ${removed[@]+"${removed[@]}"}
  name_lines 'changed.' 'more budget tables changed.' ${tables[@]+"${tables[@]}"} \
    | sed 's/^<code>/The budget table <code>/'
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

# shellcheck shell=bash
# Shared by check.sh and pr-comment.sh (sourced, not run): fail-closed git calls, the file
# selection, the pull request's merge base, and escaping for the log and for markdown.
#
# Everything a pull request controls (file names, file contents, .gitattributes) is input
# from its author: names travel NUL-separated, messages are kept to one line, and a change
# to .gitattributes cannot take a file out of the gate.

# One git pathspec per line. `:(glob)` so that `*` stays inside one folder and `**/`
# matches any depth, the top level included.
KIKCALC_DEFAULT_FILES=':(glob)**/*.yaml
:(glob)**/*.yml'
# Files marked `-kikcalc` in .gitattributes (say, examples that fail on purpose) are left out.
KIKCALC_OPT_OUT=':(exclude,attr:-kikcalc)'

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

oneline() {  # the text with every control character (newline, CR, ESC) shown as `?`
  local text=${1//[[:cntrl:]]/?}
  printf '%s' "${text:0:400}"
}

note() {  # note MESSAGE: one line on stderr, starting `kikcalc:`
  printf 'kikcalc: %s\n' "$(oneline "$*")" >&2
}

die() {  # die MESSAGE: one clear line (an error annotation inside GitHub Actions), exit 2
  local message
  message="kikcalc: $(oneline "$*")"
  if [ "${GITHUB_ACTIONS:-}" = true ]; then
    printf '::error title=kikcalc::%s\n' "${message//%/%25}" >&2
  else
    printf '%s\n' "$message" >&2
  fi
  exit 2
}

git_reason() {  # the first fatal or error line git wrote, else its first line
  local reason
  reason=$(grep -m 1 -E '^(fatal|error):' "$scratch/git-error" || head -n 1 "$scratch/git-error")
  printf '%s' "${reason:-git gave no reason}"
}

git_to() {  # git_to FILE ARGS...: `git ARGS` with its output in FILE, or die with git's reason
  local out=$1
  shift
  if ! git "$@" > "$out" 2> "$scratch/git-error"; then
    die "git $1 failed: $(git_reason)"
  fi
}

go_to_repository() {  # cd to the top of the work tree, so every path is relative to it
  git_to "$scratch/top" rev-parse --show-toplevel
  cd "$(cat "$scratch/top")" || die "cannot enter the repository's top folder"
  git_to /dev/null rev-parse --verify --quiet 'HEAD^{commit}'
}

read_event() {  # pr_number and base_sha of a pull_request event; both empty for other events
  pr_number='' base_sha=''
  [ -n "${GITHUB_EVENT_PATH:-}" ] || return 0
  python3 - "$GITHUB_EVENT_PATH" > "$scratch/event" 2> "$scratch/event-error" <<'PYTHON' \
    || die "cannot read the event file GITHUB_EVENT_PATH: $(tail -n 1 "$scratch/event-error")"
import json, sys
with open(sys.argv[1], encoding="utf-8") as handle:
    pr = json.load(handle).get("pull_request")
if isinstance(pr, dict):
    print(pr.get("number", ""), (pr.get("base") or {}).get("sha", ""))
PYTHON
  [ -s "$scratch/event" ] || return 0
  read -r pr_number base_sha < "$scratch/event" || true
  [[ $pr_number =~ ^[0-9]+$ ]] || die "the pull_request event has no pull request number"
  [[ $base_sha =~ ^[0-9a-f]{40}([0-9a-f]{24})?$ ]] \
    || die "the pull_request event has no base commit (pull_request.base.sha)"
}

find_merge_base() {  # merge_base: where the pull request branched off its base; empty outside
  merge_base=''
  [ -n "$base_sha" ] || return 0
  if ! git cat-file -e "$base_sha^{commit}" 2> "$scratch/git-error"; then
    die "the pull request's base commit $base_sha is not in this clone" \
        "(a shallow checkout? use actions/checkout with fetch-depth: 0)"
  fi
  if ! git merge-base "$base_sha" HEAD > "$scratch/merge-base" 2> "$scratch/git-error"; then
    die "git merge-base found no common ancestor of $base_sha and HEAD" \
        "(a shallow checkout? use actions/checkout with fetch-depth: 0)"
  fi
  read -r merge_base < "$scratch/merge-base" || true
  [[ $merge_base =~ ^[0-9a-f]{40}([0-9a-f]{24})?$ ]] || die "git merge-base gave no commit"
}

select_pathspecs() {  # specs: KIKCALC_FILES (one pathspec a line) and the .gitattributes opt-out
  local line
  specs=()
  while IFS= read -r line; do
    line=${line#"${line%%[![:space:]]*}"}
    line=${line%"${line##*[![:space:]]}"}
    [ -z "$line" ] || specs+=("$line")
  done <<< "${KIKCALC_FILES:-$KIKCALC_DEFAULT_FILES}"
  [ "${#specs[@]}" -gt 0 ] || specs=(':(glob)**/*.yaml' ':(glob)**/*.yml')
  # A pull request that edits .gitattributes could mark its own files `-kikcalc`: then the
  # opt-out is not applied at all, and the pull request is checked in full.
  if [ -n "$merge_base" ]; then
    git_to "$scratch/attributes" diff -z --name-only "$merge_base" HEAD -- \
      ':(glob)**/.gitattributes'
    if [ -s "$scratch/attributes" ]; then
      note "this pull request changes .gitattributes, so files marked -kikcalc are checked too"
      return 0
    fi
  fi
  specs+=("$KIKCALC_OPT_OUT")
}

# Files per kikcalc call: a long list goes in batches, each also within half the system's
# limit on the length of a command line (the rest is left to the environment).
KIKCALC_BATCH=${KIKCALC_BATCH:-2000}
arg_max=$(getconf ARG_MAX 2> /dev/null) || arg_max=''
[[ $arg_max =~ ^[0-9]+$ ]] && [ "$arg_max" -ge 65536 ] || arg_max=262144

in_batches() {  # in_batches LIST ARGS...: `kikcalc ARGS -- FILE...` for the NUL-separated
  # names in LIST, in batches; their output passes through. batch_verdict: the worst exit
  # (0 pass, 1 findings, 2 anything else, also a batch that could not run: fail closed).
  local list=$1 code
  shift
  batch_verdict=0
  [ -s "$list" ] || return 0
  : > "$scratch/codes"
  # shellcheck disable=SC2016  # $0 and $@ belong to the inner sh
  xargs -0 -n "$KIKCALC_BATCH" -s "$((arg_max / 2))" \
    sh -c '"$@" < /dev/null; echo "$?" >> "$0"' "$scratch/codes" kikcalc "$@" -- \
    < "$list" || batch_verdict=2
  [ -s "$scratch/codes" ] || batch_verdict=2
  while read -r code; do
    case $code in
      0) ;;
      1) [ "$batch_verdict" -ge 1 ] || batch_verdict=1 ;;
      *) batch_verdict=2 ;;
    esac
  done < "$scratch/codes"
}

kinds() {  # kinds LIST KIND NAME [--ref=REV]: what kikcalc makes of each file in LIST
  # (NUL-separated), on disk or at REV: KIND and NAME are associative arrays (by path) that
  # get `strategy`, `table` or `none`, and a strategy's name. Asked of kikcalc itself, not
  # grep: a BOM, a flow mapping, a CI job named `kikcalc:` or a link out of the repository
  # are judged as kikcalc reads them. Dies when kikcalc cannot tell.
  local -n kinds_kind=$2 kinds_name=$3
  local list=$1 record rest path
  shift 3
  in_batches "$list" kind --null --name "$@" > "$scratch/kinds" 2> "$scratch/kinds-error"
  [ "$batch_verdict" -eq 0 ] || die "kikcalc kind could not read the files:" \
    "$(tail -n 1 "$scratch/kinds-error")"
  # shellcheck disable=SC2004,SC2034  # namerefs to associative arrays of the caller
  while IFS= read -r -d '' record; do  # KIND <tab> NAME (no tab in it) <tab> PATH
    rest=${record#*$'\t'}
    path=${rest#*$'\t'}
    kinds_kind[$path]=${record%%$'\t'*}
    kinds_name[$path]=${rest%%$'\t'*}
  done < "$scratch/kinds"
}

html_name() {  # a file name as <code>, every character that markdown or HTML reads escaped
  local LC_ALL=C name=$1 out='' char code i
  for ((i = 0; i < ${#name}; i++)); do
    char=${name:i:1}
    case $char in
      [A-Za-z0-9./-]) out+=$char ;;
      [[:cntrl:]]) printf -v code '%02x' "'$char"; out+="&#92;x$code" ;;
      *) printf -v code '%d' "'$char"
         if [ "$code" -ge 32 ] && [ "$code" -le 126 ]; then out+="&#$code;"; else out+=$char; fi ;;
    esac
  done
  printf '<code>%s</code>' "$out"
}

preformatted() {  # preformatted FILE [BYTES]: FILE in <pre>, HTML-escaped, control chars as ?
  local cap=${2:-4000} size
  size=$(wc -c < "$1")
  printf '<pre>\n'
  head -c "$cap" -- "$1" | LC_ALL=C tr '\000-\010\013-\037\177' '?' \
    | LC_ALL=C sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/@/\&#64;/g'
  [ "$size" -le "$cap" ] || printf '\n[... %s more bytes]' "$((size - cap))"
  printf '\n</pre>\n'
}

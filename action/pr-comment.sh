#!/usr/bin/env bash
# Step 2 of the action: `kikcalc diff` for every strategy file the pull request changes,
# gathered in one comment that is created once and updated on every push (found again by
# its first line, a hidden marker). Needs GITHUB_EVENT_PATH, GITHUB_REPOSITORY, GH_TOKEN.
set -uo pipefail
marker="<!-- kikcalc-diff -->"
event="${GITHUB_EVENT_PATH:?}"
read -r pr base < <(python3 -c 'import json, sys
e = json.load(open(sys.argv[1]))["pull_request"]
print(e["number"], e["base"]["sha"])' "$event")
body=$(mktemp)
printf '%s\n' "$marker" > "$body"
status=0
mapfile -t changed < <(git diff --name-only "$base" HEAD -- "${KIKCALC_FILES:-strategies/*.yaml}")
for file in "${changed[@]}"; do
  [ -f "$file" ] || { printf '\n`%s` was removed.\n' "$file" >> "$body"; continue; }
  printf '\n#### `%s`\n\n' "$file" >> "$body"
  kikcalc diff --base-ref "$base" "$file" --format markdown \
    ${KIKCALC_POLICY:+--policy "$KIKCALC_POLICY"} >> "$body" 2>&1 || status=1
done
[ "${#changed[@]}" -gt 0 ] || printf '\nNo strategy file changed.\n' >> "$body"
comments="repos/${GITHUB_REPOSITORY:?}/issues/$pr/comments"
id=$(gh api "$comments" --paginate --jq ".[] | select(.body | startswith(\"$marker\")) | .id" | head -n 1)
if [ -n "$id" ]; then
  gh api -X PATCH "repos/$GITHUB_REPOSITORY/issues/comments/$id" -F "body=@$body" > /dev/null
else
  gh api -X POST "$comments" -F "body=@$body" > /dev/null
fi
rm -f "$body"
exit "$status"

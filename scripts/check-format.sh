#!/usr/bin/env bash
# Checks that every C++ source of the project (app, core, ui, tests, bench, fuzz) is as
# clang-format leaves it with the root .clang-format; names each file that is not and exits
# 1. With --fix, formats them in place instead (`make format`). CI runs the check first.
#
#   scripts/check-format.sh [--fix]
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v clang-format > /dev/null; then
    echo "check-format.sh: clang-format is missing; scripts/install-deps.sh installs it" >&2
    exit 1
fi

mapfile -t files < <(find app core ui tests bench fuzz -name '*.cpp' -o -name '*.h' | sort)
if [ "${1:-}" = "--fix" ]; then
    clang-format -i "${files[@]}"
    echo "check-format.sh: formatted ${#files[@]} files"
    exit 0
fi

bad=()
for f in "${files[@]}"; do
    clang-format --dry-run -Werror "$f" > /dev/null 2>&1 || bad+=("$f")
done
if [ ${#bad[@]} -gt 0 ]; then
    echo "check-format.sh: ${#bad[@]} of ${#files[@]} files differ from clang-format" \
         "(.clang-format); \`make format\` fixes them:" >&2
    printf '  %s\n' "${bad[@]}" >&2
    exit 1
fi
echo "check-format.sh: all ${#files[@]} files as clang-format leaves them"

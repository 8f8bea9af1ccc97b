#!/usr/bin/env bash
# The dependency guard: after a build, every system file the build used must come from a
# package that a minimal Debian 12 gets from scripts/install-deps.sh. That is a package
# install-deps.sh lists, one of Debian's essential or required packages (what every
# installation has), or a package in the closure of those packages' hard dependencies
# (Depends and Pre-Depends; never Recommends, which install-deps.sh does not install).
#
# "Used" means:
#   - every file CMake's configure read (a fresh configure, traced with --trace-format=json-v1),
#   - every header the compiler read (the build's dependency files, *.d),
#   - every shared library the built programs load: ldd of every program, and the plugins
#     the GUI loads at run time (an offscreen start with LD_DEBUG=libs).
# A file that comes from another package, or from none (hand-installed, /usr/local), is
# reported with its package and the line to add, and the script exits 1.
#
#   scripts/check-deps.sh [BUILD_DIR]      (default: build; CMAKE_FLAGS as for make)
#   scripts/check-deps.sh --without PKG [BUILD_DIR]   (as if install-deps.sh lacked PKG)
#   CHECK_DEPS_INSTALLER=other-install-deps.sh scripts/check-deps.sh   (check another list)
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."
# --without PKG (repeatable) checks as if install-deps.sh did not list PKG: .ci/run uses it to
# show that the guard catches a missing package.
without=()
while [ $# -gt 0 ] && [ "$1" = "--without" ]; do
    without+=("$2")
    shift 2
done
build=${1:-build}
if [ ! -d "$build" ]; then
    echo "check-deps: no build folder '$build' (run make build first)" >&2
    exit 2
fi
start=$SECONDS
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1. The files used, each with what used it.
used=$work/used.tsv
# shellcheck disable=SC2086
cmake -S . -B "$work/configure" -DCMAKE_BUILD_TYPE=Release ${CMAKE_FLAGS:-} \
    --trace-format=json-v1 --trace-redirect="$work/trace.json" > "$work/configure.log" 2>&1 || {
    echo "check-deps: the traced configure failed:" >&2
    tail -20 "$work/configure.log" >&2
    exit 1
}
grep -o '"file":"[^"]*"' "$work/trace.json" | sed 's/^"file":"//; s/"$//' | sort -u \
    | awk '{ print $0 "\tread by CMake'"'"'s configure" }' > "$used"

find "$build" -name '*.d' -type f -print0 \
    | xargs -0 -r cat \
    | tr ' \\' '\n\n' | grep '^/' | sed 's/:$//' | sort -u \
    | awk '{ print $0 "\tread by the compiler" }' >> "$used"

programs=$(find "$build" -type f -perm -u+x \( -path "*/bin/*" -o -path "*/tests/*" \) \
    ! -name '*.sh' 2>/dev/null | sort)
for p in $programs; do
    head -c 4 "$p" | grep -q 'ELF' || continue
    ldd "$p" 2>/dev/null | awk -v prog="${p#"$build"/}" '
        /=> \// { print $3 "\tloaded by " prog; next }
        /^\t\// { print $1 "\tloaded by " prog }'
done | sort -u -k1,1 >> "$used"

if [ -x "$build/bin/bitlab" ]; then
    shot=$work/shot.png
    QT_QPA_PLATFORM=offscreen LD_DEBUG=libs LD_DEBUG_OUTPUT=$work/lddebug \
        XDG_CONFIG_HOME=$work/config timeout 60 "$build/bin/bitlab" --preset seed \
        --screenshot "$shot" > /dev/null 2>&1 || true
    cat "$work"/lddebug.* 2>/dev/null | awk '/calling init: \// { print $NF "\tloaded at run time by bin/bitlab" }' \
        | sort -u >> "$used"
fi

# Only system files count; the project's own files and the build tree do not.
awk -F'\t' '$1 ~ /^\/(usr|lib|lib64|bin|sbin)\// && !seen[$1]++' "$used" > "$work/system.tsv"

# 2. Which package owns each path. The dpkg database lists a file under the name it was
# packaged with: try the path as written, then with /usr merged or unmerged, then resolved.
for f in /var/lib/dpkg/info/*.list; do printf '%s\n' "$f"; done > "$work/lists"
xargs -r awk '{ n = FILENAME; sub(/.*\//, "", n); sub(/\.list$/, "", n); sub(/:.*/, "", n);
               print $0 "\t" n }' < "$work/lists" > "$work/owners.tsv"

# (realpath takes every path in one call: a fork per file is slow on a busy machine.)
cut -f1 "$work/system.tsv" > "$work/paths"
xargs -r -d '\n' realpath -s -m -- < "$work/paths" > "$work/norm"
xargs -r -d '\n' realpath -m -- < "$work/paths" > "$work/real"
paste "$work/system.tsv" "$work/norm" "$work/real" > "$work/candidates.tsv"

awk -F'\t' '
    function alias(p) {
        if (p ~ /^\/usr\/(lib|lib64|bin|sbin)\//) return substr(p, 5)
        if (p ~ /^\/(lib|lib64|bin|sbin)\//) return "/usr" p
        return p
    }
    FNR == NR { owner[$1] = $2; next }
    {
        pkg = ""
        n = split($3 "\t" alias($3) "\t" $4 "\t" alias($4), c, "\t")
        for (i = 1; i <= n && pkg == ""; ++i) if (c[i] in owner) pkg = owner[c[i]]
        print $1 "\t" $2 "\t" pkg
    }' "$work/owners.tsv" "$work/candidates.tsv" > "$work/owned.tsv"

# 3. What a minimal machine plus install-deps.sh has: the listed packages, the essential and
# required ones, and everything they hard-depend on (of alternatives, the first one
# installed; a virtual package by the installed packages that provide it).
bash "${CHECK_DEPS_INSTALLER:-scripts/install-deps.sh}" --list \
    | grep -vxF -f <(printf '%s\n' "${without[@]}" "#none#") > "$work/roots"
dpkg-query -W -f='${Package}\t${db:Status-Abbrev}\t${Essential}\t${Priority}\t${Pre-Depends}, ${Depends}\t${Provides}\n' \
    > "$work/status.tsv"
awk -F'\t' '
    function strip(s) { gsub(/\([^)]*\)/, "", s); gsub(/:[a-z0-9]+/, "", s); gsub(/[ \t]/, "", s); return s }
    FNR == NR { root[$1] = 1; next }
    $2 !~ /^ii/ { next }
    {
        installed[$1] = 1; deps[$1] = $5
        if ($3 == "yes" || $4 == "required") root[$1] = 1
        n = split($6, pv, ",")
        for (i = 1; i <= n; ++i) { v = strip(pv[i]); if (v != "") provider[v] = provider[v] " " $1 }
    }
    function satisfy(name,   m, p, k) {
        if (name in installed) { if (!(name in closure)) { closure[name] = 1; queue[++tail] = name } return 1 }
        if (!(name in provider)) return 0
        m = split(provider[name], p, " ")
        for (k = 1; k <= m; ++k) satisfy(p[k])
        return m > 0
    }
    END {
        tail = 0
        for (r in root) satisfy(r)
        for (head = 1; head <= tail; ++head) {
            g = split(deps[queue[head]], groups, ",")
            for (i = 1; i <= g; ++i) {
                a = split(groups[i], alts, "|")
                for (j = 1; j <= a; ++j) { name = strip(alts[j]); if (name != "" && satisfy(name)) break }
            }
        }
        for (c in closure) print c
    }' "$work/roots" "$work/status.tsv" | sort > "$work/closure"

# 4. The verdict.
checked=$(wc -l < "$work/owned.tsv")
awk -F'\t' '
    FNR == NR { ok[$1] = 1; next }
    $3 == "" { unowned[++u] = $1 "\t" $2; next }
    !($3 in ok) { if (!($3 in first)) { first[$3] = $1 "\t" $2; order[++p] = $3 } count[$3]++ }
    END {
        if (p == 0 && u == 0) exit 0
        for (i = 1; i <= p; ++i) {
            split(first[order[i]], f, "\t")
            printf "check-deps: %s (%s) is in package %s, which a minimal machine does not get from scripts/install-deps.sh", f[1], f[2], order[i]
            if (count[order[i]] > 1) printf " (and %d more files of it)", count[order[i]] - 1
            printf ".\n    add this line to the packages=( ... ) list in scripts/install-deps.sh:\n        %s\n", order[i]
        }
        for (i = 1; i <= u; ++i) {
            split(unowned[i], f, "\t")
            printf "check-deps: %s (%s) belongs to no Debian package (installed by hand?): a fresh machine does not have it.\n", f[1], f[2]
        }
        exit 1
    }' "$work/closure" "$work/owned.tsv" || {
    echo "check-deps: FAILED after $((SECONDS - start)) s ($checked system files checked)" >&2
    exit 1
}
echo "check-deps: $checked system files used by the configure, the compiler and the programs all come from scripts/install-deps.sh's packages and their hard dependencies ($(wc -l < "$work/closure") packages; $((SECONDS - start)) s)"

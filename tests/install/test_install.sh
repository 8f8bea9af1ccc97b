#!/usr/bin/env bash
# The installed app stands on its own: `cmake --install` into a temporary DESTDIR, the
# freedesktop files pass their validators, and the installed bitlab-cli and bitlab run the
# seed lesson while the build tree is renamed away (lessons, presets and translations come
# from the programs themselves, nothing from the build or source tree).
#   test_install.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
stage=$(mktemp -d)
moved="$build.moved-away-$$"
restore() {
    if [ -d "$moved" ] && [ ! -e "$build" ]; then mv "$moved" "$build"; fi
    rm -rf "$stage"
}
trap restore EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

DESTDIR="$stage/root" cmake --install "$build" --prefix /usr > "$stage/install.log"
root=$stage/root/usr
for f in bin/bitlab bin/bitlab-cli share/applications/org.bitlab.BitLab.desktop \
    share/icons/hicolor/scalable/apps/org.bitlab.BitLab.svg \
    share/metainfo/org.bitlab.BitLab.metainfo.xml; do
    [ -e "$root/$f" ] || fail "cmake --install did not install $f"
done
desktop-file-validate "$root/share/applications/org.bitlab.BitLab.desktop" \
    || fail "desktop-file-validate"
appstreamcli validate --no-net "$root/share/metainfo/org.bitlab.BitLab.metainfo.xml" \
    > "$stage/appstream.log" || { cat "$stage/appstream.log" >&2; fail "appstreamcli validate"; }
grep -q '<svg' "$root/share/icons/hicolor/scalable/apps/org.bitlab.BitLab.svg" || fail "icon"

# The installed programs must not point into the build or source tree.
for p in "$root/bin/bitlab" "$root/bin/bitlab-cli"; do
    if readelf -d "$p" 2>/dev/null | grep -E 'R(UN)?PATH' | grep -qF "$build"; then
        fail "$p has an RPATH into the build tree"
    fi
done

mv "$build" "$moved"
work=$stage/work
mkdir -p "$work"
cd "$work"
clean_env=(env -i PATH=/usr/bin:/bin HOME="$work/home" XDG_CONFIG_HOME="$work/config"
    LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen)

"${clean_env[@]}" "$root/bin/bitlab-cli" run --preset seed --out "$work/seed" > cli.out 2> cli.err \
    || { cat cli.err >&2; fail "installed bitlab-cli run --preset seed"; }
for run in fp64 Q4.3-nearest Q4.3-stochastic Q4.3-ste; do
    grep -q "^$run .*finished" cli.out || { cat cli.out >&2; fail "no finished row for $run"; }
done
[ -s "$work/seed/metrics.csv" ] || fail "no metrics.csv"

"${clean_env[@]}" "$root/bin/bitlab" --preset seed --run --screenshot "$work/seed.png" \
    > gui.out 2> gui.err || { cat gui.err >&2; fail "installed bitlab --preset seed --run --screenshot"; }
[ -s "$work/seed.png" ] || fail "no screenshot"
head -c 8 "$work/seed.png" | grep -q PNG || fail "the screenshot is not a PNG"

# The Chinese translation is found (bitlab warns when it has none), and so are the lessons.
"${clean_env[@]}" "$root/bin/bitlab" --lang zh_CN --preset seed --screenshot "$work/zh.png" \
    > zh.out 2> zh.err || { cat zh.err >&2; fail "installed bitlab --lang zh_CN"; }
if grep -q "no 'zh_CN' translation" zh.err; then fail "the installed bitlab has no zh_CN translation"; fi
"${clean_env[@]}" "$root/bin/bitlab" --lesson rounding-stalls --screenshot "$work/lesson.png" \
    > lesson.out 2> lesson.err || { cat lesson.err >&2; fail "installed bitlab --lesson rounding-stalls"; }
[ -s "$work/lesson.png" ] || fail "no lesson screenshot"

echo "installed bitlab and bitlab-cli ran the seed preset and lesson from $root with the build tree moved away"

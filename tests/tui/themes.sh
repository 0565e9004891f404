#!/usr/bin/env bash
# --theme takes a name or a file; T cycles the themes live; a bad theme is
# a clear error with its place, status 2.
. "$(dirname "$0")/lib.bash"
start 80 24 --theme light
wait_for "k8s-node1"
keys T
wait_for "theme monochrome"
keys T
wait_for "theme default"
keys q
finished 0
printf 'name: mine\nroles:\n  pod-running: {fg: 200, attrs: bold}\n' >"$WORK/mine.yaml"
run --theme "$WORK/mine.yaml"
wait_for "k8s-node1"
screen -e | grep -q '38;5;200' || fail "the theme file's colour is not used"
keys q
finished 0
printf 'roles:\n  pod-running: {fg: mauve}\n' >"$WORK/bad.yaml"
rm -f "$WORK/rc"
keys "clear; stty -a >'$WORK/stty.before'; '$WORK/ksim' --theme '$WORK/bad.yaml' 2>'$WORK/err'; echo \$? >'$WORK/rc'; stty -a >'$WORK/stty.after'" Enter
finished 2
grep -qF "bad.yaml:2:21: roles.pod-running.fg: not a colour" "$WORK/err" || fail "bad message: $(cat "$WORK/err")"
rm -f "$WORK/rc"
keys "clear; '$WORK/ksim' --theme nosuch 2>'$WORK/err'; echo \$? >'$WORK/rc'" Enter
wait_file "$WORK/rc"
[ "$(cat "$WORK/rc")" = 2 ] || fail "unknown theme: status $(cat "$WORK/rc")"
grep -qF 'unknown theme "nosuch"' "$WORK/err" || fail "bad message: $(cat "$WORK/err")"

#!/usr/bin/env bash
# $XDG_CONFIG_HOME/ksim/keys.yaml (else ~/.config/ksim/keys.yaml) rebinds
# and unbinds keys, and the ? overlay shows the result; a destructive action
# on a movement key is refused with the file's line and column.
. "$(dirname "$0")/lib.bash"
mkdir -p "$WORK/xdg/ksim" "$WORK/home/.config/ksim"
cat >"$WORK/xdg/ksim/keys.yaml" <<'YAML'
# pause on p only; help also on F2
pause: p
help: ["?", F2]
YAML
echo "pause: P" >"$WORK/home/.config/ksim/keys.yaml"
shell 80 24
rm -f "$WORK/rc"
keys "clear; stty -a >'$WORK/stty.before'; XDG_CONFIG_HOME='$WORK/xdg' '$WORK/ksim'; echo \$? >'$WORK/rc'; stty -a >'$WORK/stty.after'" Enter
wait_for "k8s-node1"
keys Space
sleep 0.2
screen | grep -q paused && fail "Space still pauses after rebinding pause to p"
keys p
wait_for "paused"
keys F2
wait_for "ksim keys"
for _ in $(seq 20); do # at 80 columns the overlay is one column: scroll to the Clock keys
	screen | grep -qE "│ p +pause" && break
	keys j
	sleep 0.05
done
screen | grep -qE "│ p +pause / resume" || fail "the overlay does not show p for pause"
keys Escape q
finished 0
# without XDG_CONFIG_HOME: ~/.config
run
wait_for "k8s-node1"
keys P
wait_for "paused"
keys q
finished 0
# a destructive action on a movement key
printf 'pause: p\ndelete: j\n' >"$WORK/xdg/ksim/keys.yaml"
rm -f "$WORK/rc"
keys "clear; stty -a >'$WORK/stty.before'; XDG_CONFIG_HOME='$WORK/xdg' '$WORK/ksim' 2>'$WORK/err'; echo \$? >'$WORK/rc'; stty -a >'$WORK/stty.after'" Enter
finished 2
grep -qF "keys.yaml:2:9: delete" "$WORK/err" || fail "bad message: $(cat "$WORK/err")"
grep -qF "moves around" "$WORK/err" || fail "bad message: $(cat "$WORK/err")"

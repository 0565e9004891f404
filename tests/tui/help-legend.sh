#!/usr/bin/env bash
# `?` lists every key, the player's and the terminal's included (< > PgUp
# PgDn, Ctrl-C, Ctrl-Z, z, w), each action with the name keys.yaml takes, the
# eight panels by number, and every glyph: pods, owners, lanes, runs, the
# event types and the overflow marks.
. "$(dirname "$0")/lib.bash"
start 120 34
keys '?'
wait_for "ksim keys"
seen=$WORK/help
: >"$seen"
for _ in $(seq 12); do
	screen >>"$seen"
	keys j j j j j
	sleep 0.1
done
for want in "1-8       panel by number (panel-1 ... panel-8)" "(pause)" "(fail-node)" \
	"(next-panel)" "(zoom)" "(wrap)" "> PgDn" "< PgUp" "^C        quit" "^Z        suspend" \
	"8 Deployments" "lanes" "▓ running" "W Warning" "N Normal" "+N more pods or nodes" \
	"… cut" "‖ suspended" "◐ not ready"; do
	grep -qF -- "$want" "$seen" || fail "help does not show: $want"
done
keys q
keys q
finished 0

#!/usr/bin/env bash
# Enter on Events while it follows the newest describes the event the hint bar
# names, and stops following, so that event stays selected under its describe.
. "$(dirname "$0")/lib.bash"
start 160 48 --speed 20 tests/tui/files/eight-nodes.yaml
wait_for "Started"
keys 6
named=$(screen | tail -1 | grep -o '[a-z]*/[^ ]* *$' | tr -d ' ')
[ -n "$named" ] || fail "the hint bar names no event object"
keys Enter
wait_for "End: follow"
wait_for "describe "
title=$(screen | grep -o 'Detail  describe [a-z]*/[^ ]*' | head -1 | sed 's/.* //')
[ "$title" = "$named" ] || [ -n "$title" ] || fail "Detail describes nothing"
now=$(screen | tail -1 | grep -o '[a-z]*/[^ ]* *$' | tr -d ' ')
sleep 1
[ "$(screen | tail -1 | grep -o '[a-z]*/[^ ]* *$' | tr -d ' ')" = "$now" ] ||
	fail "the selection ran on after Enter"
[ "$title" = "$now" ] || fail "Detail describes $title, the selection is $now"
keys q
finished 0

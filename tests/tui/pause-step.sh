#!/usr/bin/env bash
# Space pauses (the clock stops), . steps to the next event and stays
# paused, + and - change the speed through the steps, n jumps to the next
# CronJob run.
. "$(dirname "$0")/lib.bash"
start 80 24
keys Space
wait_for "paused x5"
t1=$(screen | head -1 | grep -o '00:0[0-9]:[0-9][0-9]')
sleep 0.3
t2=$(screen | head -1 | grep -o '00:0[0-9]:[0-9][0-9]')
[ "$t1" = "$t2" ] || fail "the clock moved while paused: $t1 -> $t2"
keys .
wait_for "stepped to"
wait_for "paused x5"
keys + + +
wait_for "paused x60"
keys - - - - - - - -
wait_for "paused x0.5"
keys n
wait_for "cronjob/cron-job ran at 2026-01-01T00:01:00Z"
wait_for "00:01:01"
keys Space
wait_for "▶ x0.5"
keys q
finished 0

#!/usr/bin/env bash
# The CronJob history strip after a resume shows what the controller did:
# the times that came due while suspended as missed, only the Job really
# made as a run, and the rule that chose it.
. "$(dirname "$0")/play-lib.bash"

COLS=240 ROWS=50 start "$KSIM" play demos/cronjob-resume-weekday.yaml --paused
wait_for 'report'
# to the step just after the resume (Friday 10:31:01)
for _ in $(seq 1 12); do
	screen | grep -q 'One Job, for Friday 10:30' && break
	keys '>'
	sleep 0.3
done
wait_for 'One Job, for Friday 10:30'
keys 4 Right
wait_for '10:30:00Z report-29454390 succeeded'
keys Right
wait_for '14:30:00Z  missed: came due while suspended: at the resume only'
keys Right
wait_for '06:30:00Z  missed: came due while suspended'
keys Right
wait_for '10:30:00Z report-29455830 (running|succeeded): resumed at'
# one run, two missed times, the resumed run: no time left drawn as suspended
screen | grep -q '  ✔ ! ! [●✔]  ' || fail "the strip is not: run, missed, missed, run"
keys q
[ "$(wait_exit)" = 0 ] || fail "ksim play did not exit 0"
echo ok

#!/usr/bin/env bash
# The dashboard opens on the panel of the lesson's workload, not always
# DaemonSets: the cronjob-forbid demo on CronJobs (played at 80x24, and in
# its cast), a demo whose Scenario names `panel: jobs` on Jobs although its
# first manifest is a DaemonSet; a seek back returns to that panel too.
. "$(dirname "$0")/lib.bash"
shell 80 24
run --paused demos/cronjob-forbid.yaml
# the work slot's border names every panel it takes turns showing: the table tells which shows
wait_for "SCHEDULE"
screen | grep -q "DESIRED" && fail "DaemonSets took the workload slot"
keys q
finished 0
run --paused tests/tui/files/panel-jobs.yaml
wait_for "3 Jobs"
keys '>'
wait_for "the Job's panel"
keys '>'
wait_for "still the Job's panel"
keys '<'
# "still the Job's panel" also matches "the Job's panel": wait for the step itself
wait_for "demo 1/2"
wait_for "3 Jobs"
screen | grep -q "DESIRED" && fail "DaemonSets took the workload slot after the seek back"
keys q
finished 0
"$KSIM" play demos/cronjob-forbid.yaml --cast "$WORK/forbid.cast" --size 80x24 || fail "no cast"
grep -q "SCHEDULE" "$WORK/forbid.cast" || fail "the cast never shows the CronJobs panel"
grep -q "DESIRED" "$WORK/forbid.cast" && fail "the cast shows DaemonSets"
exit 0

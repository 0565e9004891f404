#!/usr/bin/env bash
# CronJobs keep TIMEZONE and POLICY at 80x24, 120x34 and 200x60 (other
# columns give way first), and the header's clock names its zone, UTC, since
# a CronJob's schedule may be in another.
. "$(dirname "$0")/lib.bash"
for size in "80 24" "120 34" "200 60"; do
	shell $size
	run play demos/cronjob-deadline-timezone.yaml --paused
	wait_for "CronJobs"
	keys 4
	wait_for "report"
	screen | head -1 | grep -qE "20[0-9-]+ [0-9:]+ UTC" || fail "$size: the header's clock has no zone"
	screen | grep -qE "NAME +SCHEDULE +TIMEZONE .* POLICY" || fail "$size: no TIMEZONE and POLICY columns"
	screen | grep -qE "report +0 9 \* \* \* +Europe/Paris .* Allow" || fail "$size: report's zone or policy missing"
	keys q
	finished 0
	T kill-server
done
echo ok

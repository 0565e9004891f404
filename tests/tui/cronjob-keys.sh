#!/usr/bin/env bash
# In the CronJobs panel s suspends and resumes the selected CronJob and t
# starts a Job from it at once, as `kubectl create job --from=cronjob/...`.
# With something else selected (a DaemonSet, a node) they act on nothing and
# say what to select, even when the cluster has one CronJob.
. "$(dirname "$0")/lib.bash"
start 160 48 --paused
keys 4
wait_for "cron-job"
keys s
wait_for "suspended"
screen | grep -q "cron-job .*True" || fail "SUSPEND is not True"
keys t
wait_for "job.batch/cron-job-manual-1 created"
keys 3
wait_for "cron-job-manual-1"
keys 4 s
wait_gone "suspended"
screen | grep -q "cron-job .*False" || fail "SUSPEND is not False"
for panel in 2 1; do
	keys "$panel" s
	wait_for "select a CronJob (panel 4)"
	keys t
	sleep 0.3
	keys 4
	wait_for "cron-job"
	screen | grep -q "cron-job .*False" || fail "s with panel $panel focused suspended the CronJob"
	screen | grep -q "cron-job-manual-2" && fail "t with panel $panel focused started a Job"
done
keys q
finished 0

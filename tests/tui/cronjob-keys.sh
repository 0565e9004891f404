#!/usr/bin/env bash
# In the CronJobs panel s suspends and resumes the selected CronJob and t
# starts a Job from it at once, as `kubectl create job --from=cronjob/...`.
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
keys q
finished 0

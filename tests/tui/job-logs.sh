#!/usr/bin/env bash
# L on a Job shows the logs of the pod `kubectl logs job/NAME` picks, and
# says which, as kubectl does.
. "$(dirname "$0")/lib.bash"
start 160 48
keys 3
wait_for "job-1"
keys L
wait_for "logs job/job-1"
wait_for "using pod/job-1-"
keys q
finished 0

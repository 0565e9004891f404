#!/usr/bin/env bash
# Tab after KIND/ completes the names the dashboard shows, for every owner kind
# (a Deployment's names as a DaemonSet's), and a node's after `cordon`.
. "$(dirname "$0")/lib.bash"
bottom() { screen | tail -1 | sed 's/ *$//'; }
start 120 40 --paused demos/deployment-history.yaml
wait_for "nginx-deployment"
keys : 'scale deployment/ngi' Tab
wait_for ":scale deployment/nginx-deployment"
[ "$(bottom)" = ":scale deployment/nginx-deployment" ] ||
	fail "a Deployment's name completes after deployment/: \"$(bottom)\""
keys Escape q
finished 0

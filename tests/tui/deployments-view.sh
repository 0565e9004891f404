#!/usr/bin/env bash
# The Deployments panel (8) on the rolling-update lesson, at 80x24 and 200x60:
# named in the tab strip, the ReplicaSets by revision with desired/ready, the
# surge and unavailability budgets in use, the conditions with their reasons;
# the selection's keys (describe, logs, scale) act on the Deployment, and
# `:rollout undo` shows as a third revision while the panel stays in view.
. "$(dirname "$0")/lib.bash"

check_size() {
	local cols=$1 lines=$2
	shell "$cols" "$lines"
	run play demos/deployment-rolling-update.yaml --paused
	wait_for "8 Deployments"
	wait_for "nginx-deployment  ready"
	wait_for "rev 1"
	wait_for "desired 3 ready"
	wait_for "Available"
	# to the step after `set image`: two sets, the new one surging by one
	for _ in 1 2 3; do keys '>'; sleep 0.2; done
	wait_for "00:00:31"
	wait_for "rev 2"
	wait_for "surge 1/1 unavail 0/0"
	wait_for "Progressing True ReplicaSetUpdated"
	# the selection's keys: describe, logs, scale
	keys 8
	keys Enter
	wait_for "describe deployment/nginx-deployment"
	keys 8 L
	wait_for "logs deployment/nginx-deployment"
	keys 8 e
	wait_for "replicas for deployment/nginx-deployment:"
	keys Escape
	# a command's effect, live: undo makes revision 3 from revision 1's template
	keys 8 :
	keys "rollout undo deployment/nginx-deployment" Enter
	wait_for "rolled back"
	keys Space
	wait_for "rev 3"
	screen | grep -q "rev 3.*nginx:1.14.2" || fail "revision 3 should run nginx:1.14.2"
	wait_for "8 Deployments"
	keys q
	finished 0
	T kill-server
}

check_size 80 24
check_size 200 60
echo ok

#!/usr/bin/env bash
# What the simulation knows before kubectl does: a node whose kubelet stopped
# shows "silent" while it still reads Ready; once NotReady its pods show the
# not-ready glyph (their Ready condition is False, as the node controller sets
# it) and the box counts down to the eviction. At 80x24 the countdown takes
# the resources' line; at 200x60 it follows the status.
. "$(dirname "$0")/lib.bash"
start 80 24 tests/tui/files/node-silent.yaml
wait_for "Ready silent"
screen | grep -q "NotReady" && fail "NotReady before the grace period ended"
wait_for "evict in"
screen | grep -qF "◐- web" || fail "the pod on the NotReady node does not show as not ready"
T resize-window -t t -x 200 -y 60
wait_for "NotReady evict in"
wait_for "◌- web"
wait_for "NotReady silent"
keys q
finished 0

#!/usr/bin/env bash
# Keys act on the object selected, by its identity and whole name, though
# the view cuts names to fit: of two ReplicaSets whose names share their
# first 63 bytes, `d` `y` on the 73-byte one deletes that one, not the other.
. "$(dirname "$0")/lib.bash"
long=long-replicaset-name-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
short=${long:0:63}
start 160 48 tests/demos/manifests/long-names.yaml --paused
keys 5
wait_for "5 StatefulSets & ReplicaSets"
keys Down d
wait_for "delete replicaset/$long? (y/n)"
keys y
wait_for "replicaset.apps \"$long\" deleted"
keys : "get rs $short" Enter
wait_for " ok"
keys Escape : C-u "get rs $long" Enter
wait_for "replicasets.apps \"$long\" not found"
keys Escape Escape q
finished 0

#!/usr/bin/env bash
# A pod waiting on a missing ConfigMap says so in its cell and, selected, in
# the status line: CreateContainerConfigError, until the ConfigMap exists.
. "$(dirname "$0")/lib.bash"
start 160 48 demos/configmap-missing.yaml
wait_for "env-pod CreateContainerConfigErr"
keys Down Down Right Right Right
wait_for "pod/env-pod CreateContainerConfigError"
keys q
finished 0

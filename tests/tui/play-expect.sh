#!/usr/bin/env bash
# ksim play: an expect: step is checked when it is reached, with ksim test's
# evaluation, and its verdict shows on the status line (✔ held, ✘ missed).
. "$(dirname "$0")/play-lib.bash"

cat >"$work/expect.yaml" <<'YAML'
apiVersion: ksim.io/v1alpha1
kind: Scenario
metadata: {name: expect}
spec:
  timeline:
  - say: web wants three pods.
  - at: 10s
    expect: {count: pods, selector: app=web, phase: Running, equals: 3}
  - at: 20s
    expect:
    - {get: replicaset/web, field: spec.replicas, equals: 3}
    - {count: pods, selector: app=web, equals: 5}
  - at: 30s
    say: The end.
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx}]
YAML

start "$KSIM" play "$work/expect.yaml" --paused
wait_for 'web wants three pods'
screen | grep -q 'expect ' && fail "no check has been reached yet"
keys '>'
wait_bottom '✔ expect count pods -l app=web phase=Running == 3: ok'
keys '>'
wait_bottom '✘ expect replicaset/web spec.replicas == 3: ok  expect count pods -l app=web == 5: saw 3'
# seeking back re-plays the first check
keys '<'
wait_bottom '✔ expect count pods -l app=web phase=Running == 3: ok'
keys q
[ "$(wait_exit)" = 0 ] || fail "ksim play did not exit 0"
echo ok

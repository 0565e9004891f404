#!/usr/bin/env bash
# Bad input too big to commit, made at test time: a 50 MB manifest (about
# 100,000 valid objects) whose last document is wrong. `ksim check` must read
# all of it, exit 2, and name the bad document's line and column exactly.
# Run by tests/run with KSIM set; exit 0 = pass.
set -eu
ksim=${KSIM:-build/ksim}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
file=$dir/large.yaml

awk -v limit=$((50 * 1024 * 1024)) 'BEGIN {
	for (i = 0; bytes < limit; i++) {
		doc = sprintf("apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: web-%06d\n  labels: {app: web-%06d}\nspec:\n  replicas: 1\n  selector:\n    matchLabels: {app: web-%06d}\n  template:\n    metadata:\n      labels: {app: web-%06d}\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.25\n        resources: {requests: {cpu: 10m, memory: 16Mi}}\n---\n", i, i, i, i)
		printf "%s", doc
		bytes += length(doc)
	}
}' >"$file"
before=$(wc -l <"$file")
cat >>"$file" <<'YAML'
apiVersion: batch/v1
kind: Job
metadata:
  name: last
spec:
  template:
    spec:
      restartPolicy: Always
      containers:
      - name: c
        image: busybox
YAML
size=$(wc -c <"$file")
[ "$size" -ge $((50 * 1024 * 1024)) ] || { echo "generated only $size bytes"; exit 1; }

want="$file:$((before + 8)):22: spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\""
set +e
got=$("$ksim" check "$file" 2>&1 >/dev/null)
rc=$?
set -e
if [ "$rc" -ne 2 ] || [ "$got" != "$want" ]; then
	echo "ksim check on a $size-byte file: exit $rc"
	echo "want: $want"
	echo "got:  $got"
	exit 1
fi

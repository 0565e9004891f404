#!/usr/bin/env bash
# `:edit deployment` changing the image starts a rollout: the saved template
# is a new revision, so a second ReplicaSet appears and takes every replica.
. "$(dirname "$0")/lib.bash"
cat >"$WORK/editor" <<'EOS'
#!/bin/sh
sed -i 's/image: nginx:1.14.2/image: nginx:1.16.1/' "$1"
EOS
chmod +x "$WORK/editor"
cat >"$WORK/web.yaml" <<'EOS'
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: nginx, image: "nginx:1.14.2"}]}
EOS
shell 100 30 EDITOR="$WORK/editor"
run "$WORK/web.yaml" --speed 20
wait_for "? help"
wait_for "●R web-"
keys : 'edit deployment web' Enter
wait_for "deployment.apps/web edited"
keys : 'rollout history deployment/web' Enter
wait_for "2         <none>"
keys : 'get deploy -o wide' Enter
wait_for "nginx:1.16.1"
keys : 'get rs' Enter
for _ in $(seq 100); do
	[ "$(screen | grep -cE '│web-[a-z0-9]+ +(0 +0 +0|3 +3 +3) ')" -ge 2 ] && break
	sleep 0.1
	keys : 'get rs' Enter
done
[ "$(screen | grep -cE '│web-[a-z0-9]+ +(0 +0 +0|3 +3 +3) ')" -ge 2 ] ||
	fail "the rollout did not end with the old set at 0 and the new one at 3: $(screen)"
keys Escape q
finished 0

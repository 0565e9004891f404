run tests/demos/manifests/statefulset-web.yaml --until 1m --exec '@1m:describe pod web-0' --exec '@1m:describe pvc nfs-pvc'

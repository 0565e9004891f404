run tests/demos/manifests/pod-volumes.yaml --until 1m --exec '@1m:describe pod vols' --exec '@1m:get pod vols -o yaml'

run tests/demos/manifests/pod-env.yaml --until 1m --exec '@1m:describe pod envs' --exec '@1m:get pod envs -o yaml' --exec '@1m:logs envs' --exec '@1m:describe rs web'

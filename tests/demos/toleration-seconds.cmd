run tests/demos/manifests/toleration-seconds.yaml --until 3m --exec '@10s:describe pod web' --exec '@10s:fail node k8s-node2' --events

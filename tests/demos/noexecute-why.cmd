run tests/demos/manifests/noexecute.yaml --until 2m --exec '@10s:taint node k8s-node1 maintenance=yes:NoExecute' --exec '@30s:get pods' --events --why

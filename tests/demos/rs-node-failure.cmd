run tests/demos/manifests/rs-and-pod.yaml --until 7m --exec '@10s:get pods -o wide' --exec '@10s:fail node k8s-node1' --exec '@1m:get nodes' --exec '@6m:get pods -o wide' --get rs --events --why

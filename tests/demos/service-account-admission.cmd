run tests/demos/manifests/rs-and-pod.yaml --until 10s --exec '@1s:apply -f tests/demos/manifests/pod-missing-sa.yaml' --exec '@5s:get events --field-selector type=Warning' --get pods

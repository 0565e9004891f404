run tests/demos/manifests/pod-probes.yaml --until 40s --exec '@40s:describe pod probes' --exec '@40s:get pod probes -o yaml'

run tests/demos/manifests/anchors.yaml --until 1m --exec '@1m:get rs web -o yaml' --exec '@1m:get svc web -o wide' --get pods

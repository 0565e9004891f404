run tests/demos/manifests/init-logs.yaml --until 1m --exec '@1m:logs with-init' --exec '@1m:logs with-init -c setup' --exec '@1m:logs with-init -c app --tail=1' --get pods

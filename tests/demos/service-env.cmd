run tests/demos/manifests/service-env.yaml --until 30s --exec '@30s:exec linked -- printenv' --exec '@30s:exec unlinked -- env' --exec '@30s:get pod unlinked -o jsonpath={.spec.enableServiceLinks}'

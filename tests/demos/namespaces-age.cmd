run --get namespaces --until 1m --exec '@30s:kubectl create namespace web'

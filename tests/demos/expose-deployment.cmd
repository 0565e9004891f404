run --until 30s --exec 'kubectl create deployment web --image=nginx:1.16.1 --replicas=2 --port=80' --exec 'kubectl expose deployment web --port=80 --target-port=80' --get services,endpoints

/*
 * The course's lab cluster, used when the inputs define no nodes: a
 * control-plane node tainted node-role.kubernetes.io/master:NoSchedule (as on
 * the course's cluster) and three workers, with kube-system's own DaemonSets
 * on every node so `kubectl get daemonset -n kube-system` shows what the
 * course shows, and the `kubernetes` and `kube-dns` Services every cluster
 * has (10.96.0.1 and 10.96.0.10).
 */
#include "internal.h"

#define NODE(name, labels, spec)                                                           \
	"apiVersion: v1\nkind: Node\nmetadata:\n  name: " name "\n  labels:\n" labels spec \
	"status:\n  capacity: {cpu: \"2\", memory: 4Gi, pods: \"110\"}\n---\n"
#define WORKER_LABELS "    kubernetes.io/os: linux\n"

const char session_lab_yaml[] = NODE(
    "k8s-master",
    "    kubernetes.io/os: linux\n"
    "    node-role.kubernetes.io/control-plane: \"\"\n"
    "    node-role.kubernetes.io/master: \"\"\n"
    "    node.kubernetes.io/exclude-from-external-load-balancers: \"\"\n",
    "spec:\n  taints:\n  - key: node-role.kubernetes.io/master\n    effect: NoSchedule\n")
    NODE("k8s-node1", WORKER_LABELS, "") NODE("k8s-node2", WORKER_LABELS, "")
	NODE("k8s-node3", WORKER_LABELS, "")
    /* kube-proxy tolerates every taint (kubeadm's manifest). */
    "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: kube-proxy\n  namespace: kube-system\n"
    "  labels: {k8s-app: kube-proxy}\n"
    "spec:\n  selector: {matchLabels: {k8s-app: kube-proxy}}\n"
    "  template:\n    metadata: {labels: {k8s-app: kube-proxy}}\n    spec:\n"
    "      hostNetwork: true\n      nodeSelector: {kubernetes.io/os: linux}\n"
    "      tolerations: [{operator: Exists}]\n"
    "      containers:\n      - name: kube-proxy\n        image: registry.k8s.io/kube-proxy:v1.31.0\n"
    "        command: [/usr/local/bin/kube-proxy, --config=/var/lib/kube-proxy/config.conf]\n"
    "---\n"
    /* calico-node tolerates NoSchedule and NoExecute (calico's manifest). */
    "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: calico-node\n  namespace: kube-system\n"
    "  labels: {k8s-app: calico-node}\n"
    "spec:\n  selector: {matchLabels: {k8s-app: calico-node}}\n"
    "  template:\n    metadata: {labels: {k8s-app: calico-node}}\n    spec:\n"
    "      hostNetwork: true\n      nodeSelector: {kubernetes.io/os: linux}\n"
    "      tolerations: [{effect: NoSchedule, operator: Exists}, {effect: NoExecute, operator: Exists}]\n"
    "      containers:\n      - name: calico-node\n        image: docker.io/calico/node:v3.28.0\n"
    "        resources: {requests: {cpu: 250m}}\n"
    "---\n"
    /* The API server's own Service, and its Endpoints: the control plane's address. */
    "apiVersion: v1\nkind: Service\nmetadata:\n  name: kubernetes\n  namespace: default\n"
    "  labels: {component: apiserver, provider: kubernetes}\n"
    "spec:\n  clusterIP: 10.96.0.1\n"
    "  ports: [{name: https, port: 443, protocol: TCP, targetPort: 6443}]\n"
    "---\n"
    "apiVersion: v1\nkind: Endpoints\nmetadata:\n  name: kubernetes\n  namespace: default\n"
    "  labels: {endpointslice.kubernetes.io/skip-mirror: \"true\"}\n"
    "subsets: [{addresses: [{ip: 192.168.56.30}], ports: [{name: https, port: 6443, protocol: TCP}]}]\n"
    "---\n"
    /* kubeadm's kube-dns Service (CoreDNS's pods are not simulated; ksim answers DNS itself). */
    "apiVersion: v1\nkind: Service\nmetadata:\n  name: kube-dns\n  namespace: kube-system\n"
    "  labels: {k8s-app: kube-dns, kubernetes.io/cluster-service: \"true\", kubernetes.io/name: CoreDNS}\n"
    "spec:\n  clusterIP: 10.96.0.10\n  selector: {k8s-app: kube-dns}\n"
    "  ports:\n  - {name: dns, port: 53, protocol: UDP, targetPort: 53}\n"
    "  - {name: dns-tcp, port: 53, protocol: TCP, targetPort: 53}\n"
    "  - {name: metrics, port: 9153, protocol: TCP, targetPort: 9153}\n";

/*
 * A small cluster for the targets that run kubectl commands: two nodes and
 * one object of each workload kind, built fresh for every input so a crash
 * reproduces from its input alone.
 */
#ifndef KSIM_FUZZ_CLUSTER_H
#define KSIM_FUZZ_CLUSTER_H

#include "ksim/session.h"

static const char fuzz_cluster_yaml[] =
    "apiVersion: v1\nkind: Node\nmetadata: {name: n1, labels: {os: linux}}\n"
    "spec: {taints: [{key: gpu, value: 'yes', effect: NoSchedule}]}\n"
    "status: {capacity: {cpu: '2', memory: 4Gi, pods: '10'}}\n"
    "---\napiVersion: v1\nkind: Node\nmetadata: {name: n2}\n"
    "status: {capacity: {cpu: '2', memory: 4Gi, pods: '10'}}\n"
    "---\napiVersion: v1\nkind: Pod\nmetadata: {name: bare, labels: {app: web}}\n"
    "spec: {containers: [{name: c, image: busybox, command: [sh, -c, 'echo hi; sleep 30']}]}\n"
    "---\napiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: web}\n"
    "spec:\n  replicas: 2\n  selector: {matchLabels: {app: web}}\n"
    "  template:\n    metadata: {labels: {app: web}}\n"
    "    spec: {containers: [{name: nginx, image: nginx, resources: {requests: {cpu: 100m}}}]}\n"
    "---\napiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent}\n"
    "spec:\n  selector: {matchLabels: {app: agent}}\n"
    "  template:\n    metadata: {labels: {app: agent}}\n"
    "    spec: {tolerations: [{operator: Exists}], containers: [{name: a, image: fluentd}]}\n"
    "---\napiVersion: batch/v1\nkind: Job\nmetadata: {name: pi}\n"
    "spec:\n  completions: 3\n  parallelism: 2\n  backoffLimit: 2\n"
    "  template:\n    spec:\n      restartPolicy: Never\n"
    "      containers: [{name: pi, image: perl, command: [perl, -Mbignum=bpi, -wle, 'print bpi(20)']}]\n"
    "---\napiVersion: batch/v1\nkind: CronJob\nmetadata: {name: cj}\n"
    "spec:\n  schedule: '*/1 * * * *'\n  concurrencyPolicy: Forbid\n  jobTemplate:\n    spec:\n"
    "      template:\n        spec:\n          restartPolicy: OnFailure\n"
    "          containers: [{name: c, image: busybox, command: [sh, -c, 'date; sleep 70']}]\n"
    "---\napiVersion: v1\nkind: Service\nmetadata: {name: nginx}\n"
    "spec: {clusterIP: None, selector: {app: db}, ports: [{port: 80}]}\n"
    "---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\n"
    "spec:\n  serviceName: nginx\n  replicas: 2\n  selector: {matchLabels: {app: db}}\n"
    "  template:\n    metadata: {labels: {app: db}}\n    spec: {containers: [{name: db, image: redis}]}\n"
    "  volumeClaimTemplates:\n  - metadata: {name: data}\n"
    "    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}\n";

/* The cluster a minute after its start, its pods running. */
static inline void fuzz_cluster_open(struct session *s)
{
	struct session_options o;
	struct ksim_error err;

	session_options_default(&o);
	o.event_capacity = 256;
	if (session_init_text(s, &o, "cluster.yaml", fuzz_cluster_yaml, &err))
		fatal("fuzz cluster: %s", err.msg);
	engine_run_until(s->e, o.start_ms + 60000);
}

#endif

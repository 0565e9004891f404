/*
 * engine: the discrete-event simulation. A virtual clock in milliseconds, a
 * timer heap ordered by (time, sequence), one work queue per controller with
 * de-duplication, and the controllers themselves (scheduler, kubelet, node
 * lifecycle, ReplicaSet, garbage collector, ...), each in its own file as a
 * const struct controller. engine_run_until() does, at each virtual instant
 * in order: fire the timers due, then drain the work queues until quiet. So a
 * run is a pure function of (inputs, seed, timestamped commands).
 *
 * The engine borrows the cluster; whoever owns the cluster (the runner
 * thread, or a headless command) calls these with the cluster lock held.
 */
#ifndef KSIM_ENGINE_H
#define KSIM_ENGINE_H

#include <stdbool.h>
#include <stdint.h>

#include "ksim/cluster.h"

struct engine;

struct engine_config {
	int64_t node_monitor_grace_ms; /* 40 s in 1.29-1.31 */
	int64_t default_toleration_s;  /* DefaultTolerationSeconds: 300; engine_new puts it in the cluster */
	bool full_resync;              /* benchmark baseline: every change resyncs everything */
};
void engine_config_default(struct engine_config *cfg);

struct engine *engine_new(struct cluster *c, const struct engine_config *cfg);
void engine_free(struct engine *e);
struct cluster *engine_cluster(const struct engine *e);

int64_t engine_now(const struct engine *e);
/* Sets the clock before anything ran (the demo's start time). */
void engine_set_start(struct engine *e, int64_t start_ms);
/* Time of the next timer, TIME_NONE when nothing is scheduled. */
int64_t engine_next_due(const struct engine *e);
/*
 * Advances to until_ms: every instant on the way is fired and drained, and
 * between instants the cluster's unused strings are collected (see
 * cluster_collect) unless a hold is taken.
 */
void engine_run_until(struct engine *e, int64_t until_ms);
/* For a caller that keeps ids the cluster does not hold (decoded manifests, a running command). */
void engine_collect_hold(struct engine *e);
void engine_collect_release(struct engine *e);
/* Drains the work queues at the current instant (after a command). */
void engine_settle(struct engine *e);

struct engine_stats {
	uint64_t timers_fired;        /* timer events processed */
	uint64_t reconciles;          /* keys taken from work queues */
	uint64_t touched;             /* objects controllers read or wrote */
	uint64_t nodes_scored;        /* scheduler node evaluations */
	uint64_t created[KIND_COUNT]; /* objects added, by kind */
};
const struct engine_stats *engine_stats(const struct engine *e);
void engine_stats_reset(struct engine *e);

/* --- actions that kubectl and ksim's own verbs call --- */

enum propagation { PROPAGATE_BACKGROUND, PROPAGATE_FOREGROUND, PROPAGATE_ORPHAN };
/* Deletes an object as the API server would; grace_s < 0 uses the pod's own. */
void engine_delete(struct engine *e, enum kind kind, uint32_t idx, enum propagation prop,
		   int64_t grace_s);
/* The node's kubelet stops reporting (power loss / partition) or comes back. */
void engine_node_fail(struct engine *e, uint32_t node);
void engine_node_recover(struct engine *e, uint32_t node);
/* The pod's first running container exits with code. */
void engine_pod_crash(struct engine *e, uint32_t pod, int exit_code);
/* `kubectl create job NAME --from=cronjob/CJ`: a Job from the jobTemplate, owned by CJ. NONE32 if the name is taken. */
uint32_t engine_job_from_cronjob(struct engine *e, uint32_t cronjob, uint32_t name);
/* Cordon/uncordon: spec.unschedulable. */
void engine_node_cordon(struct engine *e, uint32_t node, bool on);
/* Evicts a pod (drain): deletion with the pod's grace period, reason recorded. */
void engine_pod_evict(struct engine *e, uint32_t pod);

/* A DaemonSet's maxUnavailable for desired pods (percent rounded up; 1 when 0 without a surge). */
int32_t engine_ds_max_unavailable(const struct daemonset *d, int32_t desired);

/* --- Deployments: the arithmetic of pkg/controller/deployment/util --- */

/* MaxSurge and MaxUnavailable (ResolveFenceposts: both 0 makes maxUnavailable 1); 0 for Recreate. */
int32_t engine_deploy_max_surge(const struct deployment *d);
int32_t engine_deploy_max_unavailable(const struct deployment *d);
/* NewRSNewReplicas: the new set's size given all, the sum of every set's spec.replicas. */
int32_t engine_deploy_new_rs_replicas(const struct deployment *d, int32_t all, int32_t current);
/* GetProportion: what a set of rs_replicas (max-replicas annotated, -1 if not) gets of to_add. */
int32_t engine_deploy_proportion(const struct deployment *d, int32_t rs_replicas, int32_t annotated,
				 int32_t to_add, int32_t added);
/* FindNewReplicaSet: the oldest of the Deployment's sets with its template, NONE32 if none. */
uint32_t engine_deploy_new_set(const struct cluster *c, uint32_t deploy);
/* The pod-template-hash of tpl (see src/engine/deployment.c): at most 10 characters. */
void engine_deploy_hash(const struct cluster *c, const struct template *tpl, int32_t collisions,
			char out[11]);

/* --- Services --- */

/*
 * podutil.FindPort: the port an endpoint address serves for a Service port:
 * a numeric targetPort as is, a named one from the pod's container port of
 * that name and protocol; 0 when the pod has none (it then serves no such port).
 */
int32_t engine_endpoint_port(const struct cluster *c, const struct service_port *sp,
			     const struct endpoint_addr *a);

/* --- cluster DNS: what CoreDNS (kubernetes plugin, zone cluster.local) answers a pod --- */

enum dns_rcode { DNS_NOERROR, DNS_NXDOMAIN };

struct dns_answer {
	enum dns_rcode rcode;
	char name[256]; /* the name that answered, or the last one tried */
	uint32_t naddrs, cap;
	uint32_t *addrs; /* A records, IPv4 in host order; owned */
	uint32_t cname;  /* an ExternalName Service's target (string id), else 0 */
};
/*
 * Resolves name for a pod in namespace ns, through its search path
 * (<ns>.svc.cluster.local svc.cluster.local cluster.local, ndots:5):
 * a Service's cluster IP, a headless Service's ready endpoints, a pod's
 * <hostname>.<subdomain> record. Free with engine_dns_answer_free().
 */
void engine_dns_lookup(const struct cluster *c, uint32_t ns, const char *name,
		       struct dns_answer *out);
void engine_dns_answer_free(struct dns_answer *a);
/* Which nslookup an image ships: busybox 1.29+'s, busybox 1.28's and older, or bind's (any other). */
enum nslookup_flavor { NSLOOKUP_BIND, NSLOOKUP_BUSYBOX, NSLOOKUP_BUSYBOX_OLD };
enum nslookup_flavor engine_nslookup_flavor(const char *image);
/* `nslookup name` run in namespace ns: writes its output to out (when not NULL), returns its exit status. */
int engine_nslookup(const struct cluster *c, uint32_t ns, const char *name,
		    enum nslookup_flavor flavor, struct strbuf *out);

/*
 * Runs a command line (argv, n words) at once in container k of pod p, as
 * `kubectl exec` does: the container programs the kubelet knows (echo,
 * printenv/env, hostname, date, cat of /etc/resolv.conf, /etc/hosts,
 * /etc/hostname and nginx's index.html, nslookup, wget -qO- and curl
 * against the cluster's Services and localhost, exit, true/false, touch, rm,
 * mkdir, test/[, ls, > and >> on the container's files (ksim/containerfs.h);
 * `sh -c` scripts with
 * ;, && and ||), with the pod's env and hostname. Sleeps take no time; a
 * program that would run on returns. Writes what it prints (stdout and
 * stderr, each line ending in '\n') to out and returns its exit status.
 */
int engine_exec(const struct cluster *c, const struct pod *p, const struct container *k, char **argv,
		uint32_t n, struct strbuf *out);

#endif

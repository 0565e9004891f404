/*
 * cluster: the store. It holds every object (one table per kind, arrays of
 * structs addressed by index + generation), the indexes by name, by owner
 * and by node, the shared pod specs, pod logs, and a bounded event log. It
 * knows nothing of controllers or screens: a change is reported through one
 * hook, which the engine uses to enqueue the keys that care.
 *
 * Pointers returned by cluster_get() and friends are valid until the next
 * object of the same kind is added (tables grow); code that adds objects
 * re-fetches. The runner thread owns the cluster; any other thread must hold
 * cluster_lock() and must not keep pointers past cluster_unlock().
 */
#ifndef KSIM_CLUSTER_H
#define KSIM_CLUSTER_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "ksim/labels.h"
#include "ksim/util.h"

enum kind {
	KIND_NODE,
	KIND_POD,
	KIND_RC,
	KIND_RS,
	KIND_DS,
	KIND_JOB,
	KIND_CRONJOB,
	KIND_STS,
	KIND_SVC,
	KIND_EP,
	KIND_PV,
	KIND_PVC,
	KIND_DEPLOY,
	KIND_CM,
	KIND_SECRET,
	KIND_CR,
	KIND_COUNT,
	KIND_NONE = KIND_COUNT,
};

struct kind_info {
	const char *kind;        /* "ReplicaSet" */
	const char *plural;      /* "replicasets" */
	const char *singular;    /* "replicaset" */
	const char *shortname;   /* "rs", or NULL */
	const char *api_version; /* "apps/v1" */
	const char *group;       /* "apps", "" for core (kubectl's "replicaset.apps/x") */
	bool namespaced;
};

struct cluster;
struct meta;

/*
 * A kind's class: all the store knows of the kind, one const entry per kind
 * in the cluster file that knows its struct, gathered in one table by
 * kind_class(). A hook is NULL when the kind has nothing to do there.
 */
struct kind_class {
	struct kind_info info;
	size_t size;     /* of its object struct, which begins with struct meta */
	enum kind child; /* the kind its meta.kids list holds, KIND_NONE when none */
	/* A new object, zeroed, its meta filled: sets what is not zero at first. */
	void (*init)(struct cluster *c, struct meta *m);
	/* Frees what the object owns (not the struct), for removal and for decoded objects. */
	void (*release)(struct cluster *c, struct meta *m);
	/* Marks the string and label-set ids it holds beyond its meta's, for a collection. */
	void (*mark)(struct cluster *c, const struct meta *m);
	/* Takes the object being removed out of the indexes other than by name and owner. */
	void (*unlink)(struct cluster *c, uint32_t idx);
	/* Offsets in its struct (0: the kind has none) of its pod template, its selector and
	 * its spec.replicas (the kinds with a scale subresource), read by kind_template() & co. */
	size_t template, selector, replicas;
	bool generation;       /* it keeps metadata.generation */
	/* `kubectl logs KIND/NAME` picks one of the pods it selects (polymorphichelpers'
	 * SelectorsForObject: RC, RS, Deployment, DaemonSet, StatefulSet, Job, Service) */
	bool logs;
	/* its controller keeps ControllerRevisions of its template (rollout history, undo) */
	bool revisions;
	const char *finalizer; /* the one finalizer the API server puts on it, or NULL */
};
/* The class of k, NULL for KIND_NONE. */
const struct kind_class *kind_class(enum kind k);
const struct kind_info *kind_info(enum kind k);
/* Accepts "pods", "pod", "po", "Pod", "replicasets.apps", ...; KIND_NONE if unknown. */
enum kind kind_parse(const char *word);
struct template;
/* obj's (an object of kind k) pod template, selector, spec.replicas; NULL when k has none. */
const struct template *kind_template(enum kind k, const void *obj);
const struct selector *kind_selector(enum kind k, const void *obj);
int32_t *kind_replicas(enum kind k, void *obj);

/* Common object metadata; every object struct begins with it. */
struct meta {
	uint32_t gen; /* bumped when the slot is freed */
	bool live;
	struct {             /* the engine's own (docs/DESIGN.md, "Data"): no printer reads it */
		uint16_t queued; /* one bit per controller queue holding this key */
	} ctl;
	uint32_t uid;         /* unique for the life of the cluster, never reused */
	uint32_t name, ns;    /* strtab ids; ns 0 for cluster-scoped kinds */
	uint32_t labels;      /* label set id */
	uint32_t annotations; /* label set id */
	uint8_t owner_kind;   /* controller ownerReference, KIND_NONE if none */
	uint32_t owner, owner_gen;
	uint32_t sib_prev, sib_next; /* siblings under the same owner */
	uint32_t kids;               /* first child, in the table of kind_child_of(kind) */
	uint32_t generation;         /* metadata.generation: bumped on spec changes */
	uint64_t rv;                 /* resourceVersion */
	int64_t created_ms;
	int64_t deleted_ms; /* deletionTimestamp, TIME_NONE if not deleting */
	int64_t grace_ms;   /* deletionGracePeriodSeconds, in ms */
};

/* A handle that survives table growth; stale when gen differs. */
struct ref {
	uint32_t idx, gen;
};

/* --- pod specs: shared by templates and the pods made from them --- */

struct resources {
	int64_t cpu_milli;
	int64_t mem_bytes;
};

struct container_port {
	int32_t container_port, host_port;
	uint32_t name, protocol; /* protocol: "TCP" by default */
};

/* A container's volumeMounts entry. */
struct volume_mount {
	uint32_t name, mount_path, sub_path; /* sub_path 0 when unset */
	bool read_only;
};

/* Where an env entry's value comes from: its literal value or one valueFrom source. */
enum env_source { ENV_VALUE, ENV_FIELD_REF, ENV_RESOURCE_REF, ENV_CONFIG_MAP_KEY, ENV_SECRET_KEY };
/* A *bool as the API keeps it: unset differs from false in the stored object. */
enum env_optional { ENV_OPTIONAL_UNSET, ENV_OPTIONAL_FALSE, ENV_OPTIONAL_TRUE };

/* A container's env entry; the ids a source does not use stay 0. */
struct env_var {
	uint32_t name;
	enum env_source source;
	uint32_t value;       /* ENV_VALUE */
	uint32_t path;        /* fieldRef.fieldPath, resourceFieldRef.resource, or the key */
	uint32_t object;      /* the config map or secret, or resourceFieldRef.containerName */
	uint32_t api_version; /* fieldRef.apiVersion, "v1" by default */
	uint32_t divisor;     /* resourceFieldRef.divisor as written, 0 when unset */
	uint8_t optional;     /* enum env_optional, for config map and secret keys */
};

/* A container's envFrom entry: every key of a ConfigMap or Secret, prefixed. */
struct env_from {
	uint32_t object, prefix; /* prefix 0 when unset */
	bool secret;             /* secretRef, else configMapRef */
	uint8_t optional;        /* enum env_optional */
};

/* A container's probes, in the order kubectl describe prints them. */
enum probe_kind { PROBE_LIVENESS, PROBE_READINESS, PROBE_STARTUP, PROBE_KINDS };
enum probe_handler { PROBE_NONE, PROBE_EXEC, PROBE_HTTP_GET, PROBE_TCP_SOCKET, PROBE_GRPC };

/* A port number, or (port 0) a named containerPort. */
struct probe_port {
	int32_t port;
	uint32_t name;
};

/* A probe as the API server defaults it (SetDefaults_Probe); handler PROBE_NONE when absent. */
struct probe {
	uint8_t handler; /* enum probe_handler */
	int32_t initial_delay_s, timeout_s, period_s, success_threshold, failure_threshold;
	int64_t grace_s; /* terminationGracePeriodSeconds, INT64_MIN when unset */
	uint32_t ncommand, *command; /* exec */
	struct probe_port port;      /* httpGet, tcpSocket, grpc */
	uint32_t path, host, scheme; /* httpGet: scheme "HTTP" by default; host 0 is the pod IP */
	uint32_t service;            /* grpc: 0 when unset */
};

struct container {
	uint32_t name, image;
	struct probe *probes; /* PROBE_KINDS entries, NULL when the container has no probe */
	bool sidecar;         /* an init container with restartPolicy Always */
	uint32_t ncommand, nargs, nports, nmounts, nenv, nenv_from;
	uint32_t *command, *args; /* interned words */
	struct container_port *ports;
	struct volume_mount *mounts;
	struct env_var *env;
	struct env_from *env_from;
	struct resources requests, limits;
};

/* The container's probe of that kind, NULL when it has none. */
static inline const struct probe *container_probe(const struct container *k, enum probe_kind kind)
{
	return k->probes && k->probes[kind].handler != PROBE_NONE ? &k->probes[kind] : NULL;
}

/* The sources a pod volume may have; the ones ksim keeps no detail of are VOLUME_OTHER. */
enum volume_source {
	VOLUME_PVC,
	VOLUME_EMPTY_DIR,
	VOLUME_HOST_PATH,
	VOLUME_CONFIG_MAP,
	VOLUME_SECRET,
	VOLUME_NFS,
	VOLUME_OTHER,
};

/* A configMap or secret volume's items entry: the key's file, its mode (-1: defaultMode). */
struct key_to_path {
	uint32_t key, path;
	int32_t mode;
};

/* A pod's volumes entry: its name and its one source. */
struct volume {
	uint32_t name;
	enum volume_source source;
	union {
		struct {
			uint32_t claim_name;
			bool read_only;
		} pvc;
		struct {
			uint32_t medium;    /* "" or "Memory" */
			int64_t size_limit; /* bytes, 0 when unset */
		} empty_dir;
		struct {
			uint32_t path, type; /* type 0 when unset */
		} host_path;
		struct {
			uint32_t name; /* configMap.name, secret.secretName */
			bool optional;
			int32_t default_mode; /* 0644 unless given */
			uint32_t nitems;
			struct key_to_path *items; /* owned by the podspec */
		} object;
		struct {
			uint32_t server, path;
			bool read_only;
		} nfs;
		uint32_t other; /* the source's field name ("downwardAPI") */
	};
};

/*
 * A volume source as Kubernetes names it: the field of a pod's volume or a
 * PersistentVolume's spec that holds it ("hostPath" is both), its kind here,
 * and kubectl describe's Type: wording for a pod's volume.
 */
struct volume_source_type {
	const char *name;
	enum volume_source kind;
	bool in_pod, in_pv; /* a VolumeSource, a PersistentVolumeSource field */
	const char *describe;
};
/* Every source, pod ones in the order validateVolumeSource checks them; ends with { NULL }. */
extern const struct volume_source_type volume_source_types[];
/* The entry of v's source. */
const struct volume_source_type *volume_source_type(const struct cluster *c, const struct volume *v);

/* The claim a volume uses, 0 when its source is not persistentVolumeClaim. */
static inline uint32_t volume_claim(const struct volume *v)
{
	return v->source == VOLUME_PVC ? v->pvc.claim_name : 0;
}

/* A configMap or secret volume: the one source with a list of its own (items). */
static inline bool volume_has_items(const struct volume *v)
{
	return v->source == VOLUME_CONFIG_MAP || v->source == VOLUME_SECRET;
}

enum restart_policy { RESTART_ALWAYS, RESTART_ON_FAILURE, RESTART_NEVER };
enum taint_effect { EFFECT_ALL, EFFECT_NO_SCHEDULE, EFFECT_PREFER_NO_SCHEDULE, EFFECT_NO_EXECUTE };
enum toleration_op { TOL_EQUAL, TOL_EXISTS };

struct toleration {
	uint32_t key, value;
	enum toleration_op op;
	enum taint_effect effect; /* EFFECT_ALL when empty */
	int64_t seconds;          /* tolerationSeconds, -1 = forever */
};

struct taint {
	uint32_t key, value;
	enum taint_effect effect;
	int64_t added_ms;
};

/* One nodeSelectorTerm: all requirements must hold (terms are ORed). */
struct node_term {
	uint32_t nreqs;
	struct selector_req *reqs; /* matchExpressions on labels */
	uint32_t nfields;
	struct selector_req *fields; /* matchFields: only metadata.name */
};

struct podspec {
	uint32_t refs;
	uint32_t ncontainers, ninit;
	struct container *containers, *init_containers;
	enum restart_policy restart_policy;
	uint32_t node_selector; /* label set */
	uint32_t nterms;        /* requiredDuringSchedulingIgnoredDuringExecution */
	struct node_term *terms;
	uint32_t ntolerations;
	struct toleration *tolerations;
	uint32_t node_name, hostname, subdomain, scheduler_name;
	uint32_t service_account; /* serviceAccountName, 0 for the namespace's "default" */
	bool host_network;
	int64_t grace_s;           /* terminationGracePeriodSeconds, default 30 */
	int64_t active_deadline_s; /* -1 if unset */
	bool no_token_automount;   /* automountServiceAccountToken: false */
	bool no_service_links;     /* enableServiceLinks: false */
	uint32_t nvolumes;
	struct volume *volumes;
	struct resources requests; /* sum of containers (max with init containers) */
	struct resources nonzero; /* requests with 100m / 200Mi for unset ones (scheduler scoring) */
	uint64_t hash;
};

/* A pod template: metadata plus a shared spec. */
struct template
{
	uint32_t labels, annotations;
	uint32_t spec; /* podspec id, one reference held */
};

/* --- objects --- */

enum node_condition { NODE_READY, NODE_NOT_READY, NODE_UNKNOWN };

struct node {
	struct meta meta;
	uint32_t ntaints;
	struct taint *taints; /* owned */
	bool unschedulable;
	bool kubelet_up; /* false after `fail node`: the kubelet stops reporting */
	enum node_condition ready;
	int64_t heartbeat_ms; /* last status the kubelet posted */
	int64_t transition_ms;
	struct resources capacity, allocatable;
	int32_t max_pods;
	struct resources requested; /* sum of bound, non-terminal pods: the dashboard shows it */
	uint32_t pods;              /* first pod on this node (pod.node_next list) */
	uint32_t index;             /* ordinal, gives the pod CIDR */
	uint32_t ip;
	uint32_t nimages, images_cap;
	uint32_t *images; /* pulled images (ids): status.images */
	struct {          /* the scheduler's node info and the IP allocator: no printer reads it */
		struct resources nonzero; /* requested with the scheduler's defaults for unset requests */
		uint32_t npods;           /* bound, non-terminal */
		uint32_t next_host;       /* pod IP allocator within the /24 */
		uint32_t nports, ports_cap;
		int32_t *host_ports; /* hostPorts in use */
	} ctl;
};

enum pod_phase { PHASE_PENDING, PHASE_RUNNING, PHASE_SUCCEEDED, PHASE_FAILED, PHASE_UNKNOWN };

enum ctr_state {
	CTR_WAITING, /* not started yet: ContainerCreating / PodInitializing */
	CTR_RUNNING,
	CTR_TERMINATED, /* exited, not to be restarted */
	CTR_BACKOFF,    /* exited, waiting to restart: CrashLoopBackOff */
};

/* A waiting container's image pull: failed (ErrImagePull), backing off or retrying (ImagePullBackOff). */
enum image_pull { PULL_OK, PULL_FAILED, PULL_BACKOFF, PULL_RETRY };

struct ctr_status {
	uint8_t state; /* enum ctr_state */
	uint8_t pull;  /* enum image_pull, while CTR_WAITING */
	bool ready;
	bool started_once;
	bool pulling;      /* its start waits for an image pull it announced */
	bool oom_killed;   /* the last termination was the kernel's OOM kill (exit code 137) */
	bool killing;      /* a failed liveness or startup probe stops it at timer_ms */
	uint16_t step;     /* position in the container's program */
	int32_t exit_code; /* last termination */
	int32_t status;    /* the program's $? between steps; while killing, the exit code to come */
	uint32_t restarts;
	uint32_t image;      /* the image it was started from (the kubelet's container hash) */
	int64_t since_ms;    /* entered this state */
	int64_t timer_ms;    /* the kubelet timer that is current, TIME_NONE if none */
	int64_t finished_ms; /* last termination */
	int64_t backoff_ms;  /* next restart delay */
	uint32_t env;        /* its environment as resolved at its start (engine/podconfig.c) */
	uint32_t config_error; /* CreateContainerConfigError's message, 0 when none */
	bool held_restart;     /* the start its config holds back is a restart */
};

/* A terminated container's reason, as the kubelet reports it. */
static inline const char *ctr_exit_reason(const struct ctr_status *cs)
{
	return cs->oom_killed ? "OOMKilled" : cs->exit_code ? "Error" : "Completed";
}

/* The reason kubectl shows for a CTR_WAITING container. */
static inline const char *ctr_waiting_reason(uint8_t ninit, const struct ctr_status *cs)
{
	if (cs->pull == PULL_FAILED)
		return "ErrImagePull";
	if (cs->pull != PULL_OK)
		return "ImagePullBackOff";
	if (cs->config_error)
		return "CreateContainerConfigError";
	/* The kubelet's default reason is PodInitializing when the pod has init containers. */
	return ninit ? "PodInitializing" : "ContainerCreating";
}

enum pod_flag {
	POD_DAEMON = 1 << 0,        /* DaemonSet pod: its tolerations are added */
	POD_UNSCHEDULABLE = 1 << 1, /* scheduler gave up until the cluster changes */
	POD_EVICTED = 1 << 2,       /* deleted by the taint manager */
	POD_NODE_LOST = 1 << 3,     /* its node's kubelet stopped reporting */
};

/* pod.ctl.flags: what only the engine and the store's node index read. */
enum pod_ctl_flag {
	POD_KILLED = 1 << 0,        /* containers stopped for deletion */
	POD_HOLDS = 1 << 1,         /* counted in its node's requested resources */
	POD_ORPHAN_LISTED = 1 << 2, /* in the engine's list of pods without a controller */
	POD_COUNTED = 1 << 3,       /* its Job has counted its outcome */
};

struct pod {
	struct meta meta;
	uint32_t spec; /* podspec id, one reference held */
	uint32_t node; /* node index, NONE32 while unscheduled */
	uint32_t node_prev, node_next;
	uint32_t pin_node;          /* DaemonSet: node name this pod must land on, else 0 */
	uint32_t ip;                /* 0 until the sandbox exists */
	uint32_t log;               /* log id, 0 when nothing was written */
	uint32_t revision;          /* controller-revision-hash / template spec id */
	uint32_t ordinal;           /* StatefulSet ordinal or Job completion index */
	uint8_t phase;              /* enum pod_phase */
	uint8_t flags;              /* enum pod_flag */
	uint8_t init_done;          /* init containers completed */
	uint8_t ninit, ncontainers; /* ctrs[0..ninit) are init containers */
	int64_t scheduled_ms, started_ms, ready_ms;
	/* the taint-eviction controller's deadline, or TIME_NONE: the dashboard's node box shows it */
	int64_t evict_ms;
	struct ctr_status *ctrs; /* ninit + ncontainers, owned */
	struct probe_status *probes; /* engine/prober.c: ncontainers * PROBE_KINDS, NULL without probes */
	struct { /* the engine's own bookkeeping: no printer, serializer or dashboard reads it */
		/* engine/podconfig.c: FailedMount's next attempt and its delay */
		int64_t mount_retry_ms, mount_backoff_ms;
		int64_t volume_sync_ms;  /* the kubelet's next periodic sync, 0 when none */
		uint32_t frozen_volumes; /* bit i: volume i showed an immutable object, which syncs skip */
		uint8_t flags;           /* enum pod_ctl_flag */
		uint8_t counted;         /* what its ReplicaSet counts it as */
		bool volumes_set_up;     /* its configMap and secret volumes, set up before any container */
	} ctl;
};
/* The pod table holds 100,000 pods in cache (docs/DESIGN.md, "Data"): ctl packs into its padding. */
_Static_assert(sizeof(struct pod) <= 216, "struct pod grew");

enum probe_result { PROBE_UNKNOWN, PROBE_SUCCESS, PROBE_FAILURE };

/*
 * One container probe's worker (pkg/kubelet/prober/worker.go): its ticker's
 * origin (when the kubelet took the pod) and next due time, the last
 * probe's result and how many in a row, and the result that counts once a
 * threshold was reached. Readable by the dashboard with the cluster locked.
 */
struct probe_status {
	int64_t origin_ms;
	int64_t next_ms;    /* TIME_NONE while stopped (container not running, held, gated) */
	int64_t last_ms;    /* the last probe, TIME_NONE before the first */
	uint32_t run;       /* resultRun: the last result, this many times in a row */
	uint8_t last;       /* enum probe_result of the last probe */
	uint8_t result;     /* enum probe_result the results manager holds */
	bool on_hold;       /* liveness/startup failed: no probing until the container restarts */
	char message[160];  /* the last failed probe's output */
};

/* Container i's (app containers only, 0-based) probe of that kind, NULL when it has none. */
static inline const struct probe_status *pod_probe_status(const struct pod *p,
							  const struct container *k, uint32_t i,
							  enum probe_kind kind)
{
	if (!p->probes || !container_probe(k, kind))
		return NULL;
	return &p->probes[i * PROBE_KINDS + kind];
}

struct replicaset {
	struct meta meta;
	int32_t replicas;
	int32_t min_ready_s;
	struct selector sel;
	struct template tpl;
	/*
	 * The engine's own bookkeeping, which the API printers never read: its
	 * pods, counted as they change, so a sync need not list them.
	 */
	struct {
		int32_t active, ready, labeled;
		bool stale; /* recount: selector or template changed, or a pod's labels */
		bool scaled; /* the change being reported is spec.replicas only (the scale subresource) */
	} ctl;
	struct {
		int32_t replicas, fully_labeled, ready, available;
		uint32_t observed_generation;
		/* ReplicaFailure (reason FailedCreate): the API server's refusal, 0 when none */
		uint32_t failure;
		int64_t failure_ms;
	} status;
};

enum deploy_strategy { DEPLOY_ROLLING_UPDATE, DEPLOY_RECREATE };
enum cond_status { COND_UNSET, COND_TRUE, COND_FALSE, COND_UNKNOWN };

/* A status condition as the controller writes it; message is a format with the ReplicaSet's name. */
struct deploy_condition {
	uint8_t status; /* enum cond_status; COND_UNSET when absent */
	const char *reason, *message; /* static strings */
	uint32_t rs_name;             /* the %s of message, 0 when it has none */
	int64_t update_ms, transition_ms;
};

/* Where a Deployment and its ReplicaSets keep their revision (deployment_util.go RevisionAnnotation). */
#define CLUSTER_REVISION_ANNOTATION "deployment.kubernetes.io/revision"
/* The annotation key's value in the set (an annotations label set) as a number, -1 when absent. */
int64_t cluster_annotation_int(const struct cluster *c, uint32_t set, const char *key);

struct deployment {
	struct meta meta;
	int32_t replicas;
	int32_t min_ready_s;
	int32_t history_limit;       /* revisionHistoryLimit, default 10 */
	int32_t progress_deadline_s; /* progressDeadlineSeconds, default 600 */
	bool paused;
	enum deploy_strategy strategy;
	int32_t max_surge, max_unavailable; /* absolute, or percent when *_pct */
	bool max_surge_pct, max_unavailable_pct;
	struct selector sel;
	struct template tpl;
	struct {
		int32_t replicas, updated, ready, available, unavailable;
		int32_t collision_count;
		uint32_t observed_generation;
		struct deploy_condition available_cond, progressing_cond;
		struct deploy_condition failure_cond; /* ReplicaFailure, copied from a set's */
	} status;
	struct { /* the engine's own bookkeeping: the API printers never read it */
		int64_t progress_timer_ms; /* the pending progress-deadline check, 0 when none */
		bool adopt_pending;        /* it or an orphan set changed: look for sets to adopt */
	} ctl;
};

enum ds_strategy { DS_ROLLING_UPDATE, DS_ON_DELETE };

/*
 * A ControllerRevision (KIND_CR), as the DaemonSet and StatefulSet
 * controllers keep them (pkg/controller/history): one per template the
 * owner has run, named "<owner>-<hash>", labelled with the template's labels
 * and controller-revision-hash, annotated with the owner's annotations, its
 * data the template. Numbered as the controllers number them (a template
 * used again takes the next number), pruned to revisionHistoryLimit of those
 * no pod runs (daemon/update.go cleanupHistory, stateful_set_control.go
 * truncateHistory). Owned through meta.owner_kind/owner/owner_gen only (the
 * owner's kids list holds its pods); deleted with its owner.
 */
struct controller_revision {
	struct meta meta;
	uint32_t hash;       /* template_revision of tpl */
	int64_t revision;    /* .revision */
	struct template tpl; /* held: .data.spec.template */
};

/*
 * The revisions that owner (a DaemonSet or StatefulSet) owns, lowest number
 * first, as table indexes; *n of them. The caller frees the array (NULL when none).
 */
uint32_t *cluster_revisions(const struct cluster *c, enum kind owner_kind, uint32_t owner,
			    uint32_t *n);
/* The owner's newest revision (highest number) as a table index, NONE32 when none; no allocation. */
uint32_t cluster_revision_newest(const struct cluster *c, enum kind owner_kind, uint32_t owner);

struct daemonset {
	struct meta meta;
	struct selector sel;
	struct template tpl;
	enum ds_strategy strategy;
	int32_t max_unavailable, max_surge; /* absolute, or percent when *_pct */
	bool max_unavailable_pct, max_surge_pct;
	int32_t min_ready_s;
	int32_t history_limit; /* revisionHistoryLimit, default 10 */
	struct {                 /* the engine's own bookkeeping: no printer reads it */
		int64_t sync_at; /* a batched status sync is due then */
	} ctl;
	struct {
		int32_t desired, current, misscheduled, ready, updated, available, unavailable;
		uint32_t observed_generation;
	} status;
};

enum completion_mode { COMPLETION_NON_INDEXED, COMPLETION_INDEXED };
enum job_condition { JOB_RUNNING, JOB_COMPLETE, JOB_FAILED };

/* The parts of a Job that a CronJob's jobTemplate carries too. */
struct job_spec {
	int32_t completions; /* -1 when unset */
	int32_t parallelism;
	int32_t backoff_limit;
	int64_t active_deadline_s; /* -1 when unset */
	int64_t ttl_s;             /* ttlSecondsAfterFinished, -1 when unset */
	bool suspend;
	bool manual_selector;
	enum completion_mode mode;
	uint32_t labels, annotations; /* jobTemplate.metadata */
	struct selector sel;
	struct template tpl;
};

struct job {
	struct meta meta;
	struct job_spec spec;
	struct {
		int64_t start_ms, completion_ms, condition_ms;
		int32_t active, ready, succeeded, failed, terminating;
		enum job_condition condition;
		uint32_t reason; /* BackoffLimitExceeded, DeadlineExceeded, ... */
		bool suspended;
		uint8_t *index_done; /* Indexed: one byte per completion index */
	} status;
	struct { /* the Job controller's pod failure backoff: no printer reads it */
		int64_t last_failure_ms;        /* finish time of the newest failed pod */
		int32_t failures_since_success; /* the backoff's exponent */
	} ctl;
};

enum concurrency_policy { CONCURRENCY_ALLOW, CONCURRENCY_FORBID, CONCURRENCY_REPLACE };

/* An entry of a CronJob's status.active: the Job, and its name for when it is gone. */
struct active_job {
	struct ref job;
	uint32_t name;
};

struct cron_tz; /* ksim/cron.h */

struct cronjob {
	struct meta meta;
	char *schedule;     /* owned, as written */
	uint32_t time_zone; /* 0 when unset */
	enum concurrency_policy concurrency;
	bool suspend;
	int64_t starting_deadline_s; /* -1 when unset */
	int32_t success_history, failed_history;
	struct job_spec job; /* jobTemplate */
	struct {
		int64_t last_schedule_ms, last_success_ms;
		uint32_t nactive, active_cap;
		struct active_job *active; /* status.active */
	} status;
	/*
	 * ksim's, not API fields: the controller computes them once, the runner's
	 * "next run" and the dashboard read them. next_ms is the next schedule
	 * time, TIME_NONE when suspended, deleted or none; zone the timeZone
	 * loaded, NULL when it does not load (the engine's, lives as long);
	 * resumed_ms when suspend last went false, TIME_NONE if never.
	 */
	int64_t next_ms, resumed_ms;
	const struct cron_tz *zone;
	struct {           /* the CronJob controller's own: its informer's copy and its workqueue */
		bool seen; /* seen_* hold what the last update showed */
		bool seen_suspend;
		uint64_t seen_hash; /* of schedule and timeZone */
		int64_t wake_ms;    /* the pending delayed requeue, TIME_NONE if none */
	} ctl;
};

enum pod_management { PODS_ORDERED_READY, PODS_PARALLEL };
enum sts_strategy { STS_ROLLING_UPDATE, STS_ON_DELETE };

struct claim_template {
	uint32_t name, storage_class; /* storage_class NONE32 when unset */
	uint8_t access_modes;         /* enum access_mode bits */
	int64_t request_bytes;
	uint32_t labels;
};

struct statefulset {
	struct meta meta;
	int32_t replicas;
	uint32_t service_name;
	enum pod_management pod_management;
	enum sts_strategy strategy;
	bool rolling_update_nil; /* type RollingUpdate written without rollingUpdate: not defaulted */
	int32_t partition;
	int32_t min_ready_s;
	int32_t ordinals_start;
	int32_t history_limit; /* revisionHistoryLimit, default 10 */
	bool delete_claims_when_deleted, delete_claims_when_scaled;
	struct selector sel;
	struct template tpl;
	uint32_t nclaims;
	struct claim_template *claims;
	struct {
		int32_t replicas, ready, current, updated, available;
		uint32_t current_revision,
		    update_revision; /* template hashes (controller-revision-hash) */
		struct template current_tpl; /* currentRevision's template (held): pods below the partition */
		uint32_t observed_generation;
	} status;
};

enum service_type { SVC_CLUSTER_IP, SVC_NODE_PORT, SVC_LOAD_BALANCER, SVC_EXTERNAL_NAME };

struct service_port {
	uint32_t name, protocol;
	int32_t port, node_port, target_port; /* target_port 0 when named */
	uint32_t target_port_name;
};

struct service {
	struct meta meta;
	enum service_type type;
	bool headless;
	bool local_traffic;             /* externalTrafficPolicy: Local */
	int32_t health_check_node_port; /* LoadBalancer with Local: allocated, else 0 */
	bool publish_not_ready;
	uint32_t cluster_ip; /* 0 for headless */
	uint32_t selector;   /* label set; services select with a map */
	bool has_selector;
	uint32_t external_ip, external_name; /* strings */
	uint32_t nports;
	struct service_port *ports;
};

struct endpoint_addr {
	uint32_t ip;
	struct ref pod;
	uint32_t node;     /* node name id */
	uint32_t hostname; /* pod hostname when the service is its subdomain */
	bool ready;
};

struct endpoints {
	struct meta meta;
	uint32_t naddrs, addrs_cap;
	struct endpoint_addr *addrs;
};

enum access_mode { ACCESS_RWO = 1, ACCESS_ROX = 2, ACCESS_RWX = 4, ACCESS_RWOP = 8 };
enum volume_phase { VOL_PENDING, VOL_AVAILABLE, VOL_BOUND, VOL_RELEASED, VOL_FAILED, VOL_LOST };
enum reclaim_policy { RECLAIM_RETAIN, RECLAIM_DELETE, RECLAIM_RECYCLE };

struct pv {
	struct meta meta;
	int64_t capacity_bytes;
	uint8_t access_modes;
	enum reclaim_policy reclaim;
	uint32_t storage_class;
	enum volume_phase phase;
	uint32_t claim_ns, claim_name;
	uint32_t claim_uid; /* claimRef.uid: 0 while only pre-bound */
	struct {                  /* the engine's own: no printer reads it */
		bool provisioned; /* made by the provisioner, so Delete deletes it */
	} ctl;
};

struct pvc {
	struct meta meta;
	int64_t request_bytes;
	int64_t capacity_bytes;
	uint8_t access_modes;
	uint32_t storage_class; /* NONE32 when unset (default class applies) */
	uint32_t volume;        /* bound PV name, 0 when unbound */
	enum volume_phase phase;
	uint32_t owner_pod, owner_pod_uid; /* ownerReference to a pod (whenScaled Delete), 0 if none */
	struct {                      /* the engine's own: no printer reads it */
		int64_t provision_ms; /* a dynamically provisioned volume is due then, 0 when none asked */
	} ctl;
};

/*
 * A ConfigMap (KIND_CM) or a Secret (KIND_SECRET): its keys in order, each
 * with its bytes (a Secret's decoded from base64, stringData merged in).
 * meta.rv is the version: it changes on every update of the object.
 */
struct config_entry {
	uint32_t key; /* string id */
	uint32_t len;
	char *value; /* owned: len bytes, then a NUL */
	bool binary; /* a ConfigMap's binaryData key */
};

struct config_object {
	struct meta meta;
	bool immutable;
	uint32_t type; /* a Secret's type ("Opaque"), 0 for a ConfigMap */
	uint32_t nentries, cap;
	struct config_entry *entries; /* owned, sorted by key */
};

/* The ConfigMap or Secret (kind) ns/name, NULL when there is none (or it is being deleted). */
const struct config_object *cluster_config_find(const struct cluster *c, enum kind kind,
						uint32_t ns, uint32_t name);
/* The entry of key in o, NULL when o has no such key. */
const struct config_entry *config_object_key(const struct cluster *c,
					     const struct config_object *o, const char *key);
/* Sets key to len bytes of value, replacing an entry of that key, keeping the keys sorted. */
void config_object_set(struct cluster *c, struct config_object *o, uint32_t key,
		       const void *value, size_t len, bool binary);
/* The sum of the values' lengths (the API server's size limit counts these). */
size_t config_object_bytes(const struct config_object *o);
/* Frees the entries. */
void config_object_clear(struct config_object *o);

/* --- events --- */

enum event_type { EVENT_NORMAL, EVENT_WARNING };

/*
 * An event as kubectl shows it, plus `why`: the rule that fired, in words.
 * Messages are kept as a format and arguments and rendered on demand, so a
 * busy cluster does not pay for text nobody reads. In formats, %s takes a
 * string id (uint32_t), %d an int64_t, %t a time in ms (int64_t, RFC 3339),
 * %m a duration in ms (int64_t) as Go prints it ("2.345s").
 */
struct event_text {
	const char *fmt; /* static string */
	uint8_t nargs;
	uint64_t args[5];
};

struct event {
	uint64_t seq;
	int64_t time_ms;
	enum event_type type;
	enum kind kind;
	uint32_t reason; /* string id */
	uint32_t ns, name, uid;
	uint32_t source; /* component: "replicaset-controller", "kubelet", ... */
	struct event_text msg, why;
};

/* --- the store --- */

struct table {
	void *items;
	size_t elem;
	uint32_t len, cap, live;
	uint32_t free_head; /* freed slots, linked through meta.sib_next */
};

typedef void (*cluster_hook)(void *ctx, enum kind kind, uint32_t idx, int change);
enum change { CHANGE_ADDED, CHANGE_UPDATED, CHANGE_DELETED };

#define CLUSTER_NADDED_TOLERATIONS 6
#define CLUSTER_DEFAULT_TOLERATION_S 300

struct cluster {
	pthread_mutex_t mutex;
	pthread_t owner; /* thread holding the lock, for assertions */
	bool locked;
	struct strtab *strings;
	struct labeltab *labels;
	struct table tables[KIND_COUNT];
	struct name_index *names;
	uint32_t nspecs, specs_cap;
	struct podspec **specs; /* index = spec id; NULL when freed */
	uint32_t spec_free;     /* a freed id to reuse, NONE32 if none */
	struct logstore *logs;
	struct containerfs *fs; /* the container files: the engine's, made and freed with it */
	struct {
		struct event *ring;
		uint32_t cap, count, head; /* head = index of the oldest */
		uint64_t next_seq;
	} events;
	uint32_t nnamespaces;
	uint32_t namespaces[32];
	int64_t namespace_created_ms[32]; /* the built-in ones: when the clock started */
	int64_t now_ms;      /* the virtual clock, set by the engine */
	uint64_t rv;         /* last resourceVersion handed out */
	uint64_t generation; /* bumped on every change: views compare it */
	uint32_t next_uid;
	uint64_t rng; /* the one seeded generator */
	uint32_t next_node_index;
	int64_t default_toleration_s; /* DefaultTolerationSeconds admission: 300 */
	cluster_hook hook;
	void *hook_ctx;
	/* well-known strings, interned at creation */
	struct {
		uint32_t default_ns, kube_system, tcp;
		uint32_t taint_unschedulable, taint_unreachable, taint_not_ready;
		uint32_t added_toleration_keys[CLUSTER_NADDED_TOLERATIONS];
	} s;
};

struct cluster *cluster_new(uint64_t seed, uint32_t event_capacity);
void cluster_free(struct cluster *c);
void cluster_set_hook(struct cluster *c, cluster_hook hook, void *ctx);

void cluster_lock(struct cluster *c);
void cluster_unlock(struct cluster *c);
/* For assert(): true when the calling thread holds the lock or none is in use. */
bool cluster_is_owned(const struct cluster *c);

static inline uint32_t cluster_intern(struct cluster *c, const char *s)
{
	return strtab_intern(c->strings, s);
}
static inline const char *cluster_str(const struct cluster *c, uint32_t id)
{
	return strtab_get(c->strings, id);
}

/* The object at idx (any kind, via its meta), or NULL if the slot is free. */
struct meta *cluster_meta(const struct cluster *c, enum kind kind, uint32_t idx);
/* cluster_meta inlined: controllers walk sibling lists of thousands of pods through it. */
static inline void *cluster_get(const struct cluster *c, enum kind kind, uint32_t idx)
{
	const struct table *t = &c->tables[kind];
	struct meta *m;

	if (idx >= t->len)
		return NULL;
	m = (struct meta *)((char *)t->items + (size_t)idx * t->elem);
	return m->live ? m : NULL;
}
static inline uint32_t cluster_len(const struct cluster *c, enum kind kind)
{
	return c->tables[kind].len;
}
static inline uint32_t cluster_count(const struct cluster *c, enum kind kind)
{
	return c->tables[kind].live;
}
struct ref cluster_ref(const struct cluster *c, enum kind kind, uint32_t idx);
/* The meta if ref is still the same object, else NULL. */
struct meta *cluster_deref(const struct cluster *c, enum kind kind, struct ref r);

/*
 * Adds a zeroed object with meta filled (uid, name, ns, created_ms = now,
 * deleted_ms = TIME_NONE, no owner) and reports CHANGE_ADDED once the caller
 * calls cluster_changed() -- so the caller can fill the object first.
 * Returns NONE32 if the name is taken. For cluster-scoped kinds ns is 0.
 */
uint32_t cluster_add(struct cluster *c, enum kind kind, uint32_t ns, uint32_t name);
/* Finds by namespace and name; NONE32 when absent. */
uint32_t cluster_find(const struct cluster *c, enum kind kind, uint32_t ns, uint32_t name);
/* A status-only update: bumps resourceVersion and the view generation, no hook. */
void cluster_touch(struct cluster *c, enum kind kind, uint32_t idx);
/* Bumps resourceVersion and generation counter, reports the change. */
void cluster_changed(struct cluster *c, enum kind kind, uint32_t idx, enum change change);
/* Removes the object now (after its finalizers): unlinks indexes, frees. */
void cluster_remove(struct cluster *c, enum kind kind, uint32_t idx);
/* Frees what an object struct owns (not the struct): for removal, and for decoded objects never added. */
void cluster_object_release(struct cluster *c, enum kind kind, void *obj);
/* Size of one object struct of the kind. */
static inline size_t kind_size(enum kind kind)
{
	return kind_class(kind)->size;
}

/* Owner index. The child kind of an owner kind is fixed: pods for workloads, jobs for cronjobs. */
static inline enum kind kind_child_of(enum kind owner)
{
	return owner < KIND_COUNT ? kind_class(owner)->child : KIND_NONE;
}
void cluster_set_owner(struct cluster *c, enum kind kind, uint32_t idx, enum kind owner_kind,
		       uint32_t owner);
void cluster_clear_owner(struct cluster *c, enum kind kind, uint32_t idx);
/* The owner's meta if the controller ref is live, else NULL. */
struct meta *cluster_owner(const struct cluster *c, const struct meta *m);
/* Walk children: for (i = m->kids; i != NONE32; i = next->meta.sib_next). */

/*
 * The ServiceAccount admission plugin, which every pod create passes
 * (kubectl's and the controllers'): a pod whose spec s names a service
 * account that does not exist in namespace ns is forbidden. ksim has no
 * ServiceAccount objects, so only "default" exists. name is the pod's name,
 * or its generateName prefix ("web-7d4b-"). False when admitted, else true
 * with the refusal in why: `pods "p" is forbidden: error looking up
 * service account ns/x: serviceaccount "x" not found`.
 */
bool cluster_pod_forbidden(const struct cluster *c, uint32_t ns, const struct podspec *s,
			   const char *name, struct strbuf *why);

/* Prepares a new pod's container statuses from its spec (every creator calls it). */
void cluster_pod_setup(struct cluster *c, uint32_t pod);

/* Node index: binds a pod to a node, keeping requested resources and ports. */
void cluster_pod_bind(struct cluster *c, uint32_t pod, uint32_t node);
/* Releases the pod's resources on its node (terminal or removed); stays listed. */
void cluster_pod_release(struct cluster *c, uint32_t pod);

/* Pod specs: add takes ownership of a heap-allocated spec, computes its requests, returns its id. */
uint32_t cluster_spec_add(struct cluster *c, struct podspec *spec);
const struct podspec *cluster_spec(const struct cluster *c, uint32_t id);
/* The pod's container i in status order (ctrs[], logs): init containers first, then app containers. */
const struct container *cluster_pod_container(const struct cluster *c, const struct pod *p,
					      uint32_t i);
void cluster_spec_ref(struct cluster *c, uint32_t id);
void cluster_spec_unref(struct cluster *c, uint32_t id);
void podspec_free(struct podspec *spec);
/* A deep copy (refs 0), for a pod whose spec is its template's plus its own identity (a StatefulSet's). */
struct podspec *podspec_clone(const struct podspec *src);
/* Hash of the template (labels + spec content), for controller-revision-hash. */
uint64_t cluster_template_hash(const struct cluster *c, const struct template *tpl);
void template_release(struct cluster *c, struct template *tpl);
void template_copy(struct cluster *c, struct template *dst, const struct template *src);

/* Namespaces: default and kube-system always exist. */
bool cluster_has_namespace(const struct cluster *c, uint32_t ns);
void cluster_add_namespace(struct cluster *c, uint32_t ns);

/*
 * Pod logs, per container (ctr indexes init containers first): the kubelet
 * appends to the latest instance and calls cluster_log_restart() when it
 * starts a new one, which keeps the latest as the previous and drops the older.
 */
void cluster_log_append(struct cluster *c, uint32_t pod, uint32_t ctr, const char *line);
void cluster_log_restart(struct cluster *c, uint32_t pod, uint32_t ctr);
/* The latest (or previous) instance's text, "" when empty; valid until the next append or restart. */
const char *cluster_log_text(const struct cluster *c, uint32_t pod, uint32_t ctr, bool previous);
void cluster_log_drop(struct cluster *c, uint32_t pod);

/*
 * The tolerations the API server adds to a pod (p NULL, a template: none)
 * beyond its spec s: the DaemonSet controller's six, forever, for a
 * POD_DAEMON pod; else DefaultTolerationSeconds' not-ready and unreachable
 * for c->default_toleration_s, unless the spec tolerates the key. Returns
 * how many went into out.
 */
uint32_t cluster_pod_added_tolerations(const struct cluster *c, const struct pod *p,
				       const struct podspec *s,
				       struct toleration out[CLUSTER_NADDED_TOLERATIONS]);

/* Events. Returns the stored event so the caller can add event_why(). */
struct event *cluster_event(struct cluster *c, enum kind kind, uint32_t idx, enum event_type type,
			    const char *reason, const char *source, const char *fmt, ...);
void event_why(struct event *ev, const char *fmt, ...);
void event_text_render(const struct cluster *c, const struct event_text *t, struct strbuf *out);
/* Forgets every stored event (the API server's 1 h event TTL, applied at once). */
void cluster_events_clear(struct cluster *c);
/* i-th stored event, oldest first (i < c->events.count). */
const struct event *cluster_event_at(const struct cluster *c, uint32_t i);

/*
 * Frees the strings and label sets no object, spec or stored event holds; an
 * id held anywhere else must be looked up again afterwards. The engine
 * collects between steps, once cluster_should_collect() says enough was added.
 */
bool cluster_should_collect(const struct cluster *c);
void cluster_collect(struct cluster *c);

/* The seeded generator: uniform in [0, n). */
uint32_t cluster_rand(struct cluster *c, uint32_t n);
/* "<prefix><5 chars from bcdfghjklmnpqrstvwxz2456789>", unique among kind in ns. */
uint32_t cluster_generate_name(struct cluster *c, enum kind kind, uint32_t ns, const char *prefix);

/* A ControllerRevision's name "<owner>-<hash>", its hash spelled as the API server spells it. */
void cluster_revision_name(const struct cluster *c, uint32_t owner, uint32_t hash,
			   struct strbuf *out);

/* The object's UID as Kubernetes shows it (a UUID derived from uid). */
void cluster_uid_format(uint32_t uid, struct strbuf *out);
/*
 * A Job's generated selector and controller-uid / job-name template labels
 * (unless manualSelector), for the Job of that uid; a Job without labels of
 * its own shows its template's.
 */
void cluster_job_stamp(struct cluster *c, struct job *j, uint32_t uid);

/*
 * Appends the value of a downward API fieldPath (an env fieldRef) for pod p,
 * as the kubelet resolves it: metadata.name, metadata.namespace,
 * metadata.uid, metadata.labels['k'], metadata.annotations['k'],
 * spec.nodeName, spec.serviceAccountName, status.hostIP(s), status.podIP(s).
 * Appends nothing for a value the pod does not have yet (no node, no IP).
 */
void pod_field_value(const struct cluster *c, const struct pod *p, const char *path,
		     struct strbuf *out);

/* IPv4 in host order <-> dotted text. */
void ip_format(uint32_t ip, char *buf, size_t size);

/*
 * The registry prefix the runtime puts before an image reference (docker's
 * ParseNormalizedNamed): "docker.io/library/" for a bare name, "docker.io/"
 * for user/name, "" when the first part names a registry.
 */
const char *image_registry_prefix(const char *image);

#endif

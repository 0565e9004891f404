/*
 * Shared between the files of the engine module: the engine itself, the
 * controller table, and the helpers controllers use to enqueue keys, set
 * timers and make pods. Nothing here is public.
 */
#ifndef KSIM_ENGINE_INTERNAL_H
#define KSIM_ENGINE_INTERNAL_H

#include "ksim/engine.h"

/* Controller ids: the order in which queues drain at each instant. */
enum ctrl {
	CTRL_NODE_LIFECYCLE,
	CTRL_TAINT_EVICTION,
	CTRL_DEPLOY, /* before the ReplicaSets it scales, as a rollout step is one instant */
	CTRL_RC,
	CTRL_RS,
	CTRL_DS,
	CTRL_JOB,
	CTRL_CRONJOB,
	CTRL_STS,
	CTRL_PVC, /* claims bind (and are provisioned) before the scheduler looks at their pods */
	CTRL_PV,
	CTRL_SCHEDULER,
	CTRL_KUBELET,
	CTRL_PROBER, /* after the kubelet, so a probe sees the containers it started at this instant */
	CTRL_EP,
	CTRL_COUNT,
};

struct controller {
	const char *name; /* event source: "replicaset-controller" */
	enum kind kind;   /* the kind of its keys */
	void (*reconcile)(struct engine *e, uint32_t idx);
	/* Sees every change (before a removal too) and enqueues what it cares about; may be NULL. */
	void (*watch)(struct engine *e, enum kind kind, uint32_t idx, enum change change);
	/* A timer of its came due at `at`: false drops it (superseded by an earlier one); may be NULL. */
	bool (*due)(struct engine *e, uint32_t idx, int64_t at);
};

extern const struct controller *const controllers[CTRL_COUNT];
extern const struct controller controller_node_lifecycle, controller_taint_eviction, controller_rc,
    controller_rs, controller_ds, controller_job, controller_cronjob, controller_sts,
    controller_pvc, controller_pv, controller_scheduler, controller_kubelet, controller_prober, controller_endpoints,
    controller_deploy;

struct key {
	uint32_t idx, gen;
};

struct queue {
	struct key *keys;
	uint32_t head, len, cap; /* ring buffer */
};

struct timer {
	int64_t at;
	uint64_t seq;
	uint8_t ctrl;
	uint32_t idx, gen;
};

struct engine {
	struct cluster *c;
	struct engine_config cfg;
	struct queue queues[CTRL_COUNT];
	struct timer *heap;
	uint32_t nheap, heap_cap;
	uint64_t timer_seq;
	struct engine_stats stats;
	uint32_t collect_holds; /* no collection while a caller keeps ids of its own */
	bool resync_pending;    /* full-resync mode: a change happened this instant */
	int64_t next_resync_ms; /* full-resync mode: the periodic resync */
	uint32_t *scratch;      /* per-node counters for the scheduler, zeroed after use */
	uint32_t scratch_cap;
	/*
	 * The scheduler's spread counts: the active pods of one owner per node,
	 * kept while it places that owner's pods one after another (a set's
	 * burst) and dropped when any pod of that owner, an orphan or a node
	 * changes, so each placement costs the nodes it scores, not the set.
	 */
	struct {
		bool valid;
		uint8_t kind;
		struct ref owner;
		uint32_t *count, cap;
	} spread;
	uint32_t sched_start; /* round-robin start of the scheduler's node search */
	struct feasible {
		uint32_t node;
		int64_t score;
	} * feasible; /* one decision's candidates */
	uint32_t feasible_cap;
	struct ref *unschedulable; /* pods waiting for the cluster to change */
	uint32_t nunsched, unsched_cap;
	struct ref *orphans; /* pods without a controller, candidates for adoption */
	uint32_t norphans, orphans_cap;
	struct rank_cache **rank_caches; /* per ReplicaSet (2 idx) and RC (2 idx + 1) */
	uint32_t rank_caches_cap;
	/*
	 * What history.c last saw of each DaemonSet (2 idx) and StatefulSet
	 * (2 idx + 1): listing an owner's revisions reads the whole revision
	 * table, so a sync skips it while no revision changed (revision_epoch,
	 * raised by every ControllerRevision change) and the template is the
	 * one it recorded as newest.
	 */
	struct history_seen {
		uint32_t uid, hash, n; /* n: the owner's revisions */
		uint64_t epoch;
	} * history_seen;
	uint32_t history_seen_cap;
	uint64_t revision_epoch;
	struct zone_cache *zones; /* CronJob time zones, loaded once by name */
	uint32_t nzones, zones_cap;
};

struct zone_cache {
	char *name; /* text, not an id: ids of unused strings are reused */
	struct cron_tz *tz;
};

static inline struct cluster *E_C(struct engine *e)
{
	return e->c;
}

/* Adds the object to the controller's queue unless already queued. */
void engine_enqueue(struct engine *e, enum ctrl ctrl, uint32_t idx);
/* Asks for ctrl to reconcile idx again at virtual time at (requeue_after). */
void engine_timer(struct engine *e, enum ctrl ctrl, uint32_t idx, int64_t at);

/* --- pods: shared by the kubelet and the controllers --- */

/* Not terminal and not being deleted: what controllers count as "active". */
bool pod_is_active(const struct pod *p);
bool pod_is_terminal(const struct pod *p);
bool pod_is_ready(const struct pod *p);
/*
 * Whether the API server would refuse a pod from tpl, owned by (owner_kind,
 * owner), named name (0: generated, "<owner>-"): its refusal as an interned
 * message (cluster_pod_forbidden), else 0. A refusal is reported as the
 * owner's FailedCreate event from source. Controllers ask before pod_create.
 */
uint32_t pod_refused(struct engine *e, enum kind owner_kind, uint32_t owner,
		     const struct template *tpl, uint32_t name, const char *source);
/* Creates a pod from a template, owned by (owner_kind, owner), named name (0: generated). */
uint32_t pod_create(struct engine *e, enum kind owner_kind, uint32_t owner,
		    const struct template *tpl, uint32_t name);
/* The template's revision (controller-revision-hash): a hash of its content. */
uint32_t template_revision(const struct cluster *c, const struct template *tpl);
/* --- history.c: the ControllerRevisions of a DaemonSet or StatefulSet --- */

/* Makes tpl's revision of owner (kind, owner), or renumbers it to be the newest. */
void history_record(struct engine *e, enum kind kind, uint32_t owner, const struct template *tpl);
/* Deletes the owner's oldest revisions whose hash is not in live until at most limit such remain. */
void history_prune(struct engine *e, enum kind kind, uint32_t owner, int32_t limit,
		   const uint32_t *live, uint32_t nlive);
/* The distinct revisions (template hashes) the owner's pods run, at most cap of them into live. */
uint32_t history_live(const struct cluster *c, const struct meta *owner, uint32_t *live,
		      uint32_t cap);

/* Graceful deletion as the API server does it (deletionTimestamp + grace period). */
void pod_delete(struct engine *e, uint32_t pod, int64_t grace_s);
/* Takes the pod out of the store now (its containers are gone). */
void pod_finalize(struct engine *e, uint32_t pod);
/* Owner of a pod to enqueue when it changes, via the controller of its kind. */
void pod_notify_owner(struct engine *e, const struct pod *p);

void replicaset_caches_free(struct engine *e);
/* Adds each active pod of owner o (none when NULL) to count[its node]; count has a slot per node. */
void count_pods_per_node(const struct cluster *c, const struct meta *o, uint32_t *count);
/* Zeroes the per-node scratch counters count_pods_per_node(e->scratch) raised for owner o. */
void uncount_pods_per_node(struct engine *e, const struct meta *o);
/* Pods without a controller in namespace ns, for adoption; valid until the next change. */
const struct ref *orphan_pods(struct engine *e, uint32_t *n);

/* The node's Ready condition as the controllers see it. */
bool node_is_ready(const struct node *n);

/*
 * Whether the pod tolerates the taint, and for how long (seconds, -1 =
 * forever) when it is NoExecute. Besides the spec's tolerations, a pod
 * tolerates what admission and its controller add
 * (cluster_pod_added_tolerations), the list kubectl prints.
 */
bool pod_tolerates(const struct engine *e, const struct pod *p, const struct podspec *s,
		   const struct taint *t, int64_t *seconds);
bool toleration_matches(const struct toleration *tol, const struct taint *t);
/* Sends every pod waiting for room back to the scheduler's queue. */
void scheduler_retry_unschedulable(struct engine *e);
/* nodeSelector and required node affinity (terms ORed), plus a DaemonSet pod's own node. */
bool scheduler_node_affinity(const struct cluster *c, const struct pod *p, const struct podspec *s,
			     const struct node *n);
/* Called after a child is removed: a foreground-deleted owner goes when its last child has. */
void gc_child_removed(struct engine *e, enum kind owner_kind, uint32_t owner);

/* Whether the node can pull image for pod p (images.c: a catalogue of real tags, ksim.io/image-pull). */
bool image_pullable(const struct cluster *c, const struct pod *p, const char *image);

/* The port a server image listens on by default (images.c), 0 when ksim does not know one. */
int32_t image_listen_port(const char *image);

/* --- the kubelet and its prober (kubelet.c, prober.c) --- */

/* After a container change: the pod's phase and readiness as the kubelet reports them. */
void kubelet_pod_update_status(struct engine *e, uint32_t pod);
/* A failed liveness or startup probe: SIGTERM now, SIGKILL after grace_ms, then the restart policy. */
void kubelet_container_kill(struct engine *e, uint32_t pod, uint32_t i, int64_t grace_ms);
/* The kubelet took the pod: one probe worker per container probe, their tickers start now. */
void prober_pod_admitted(struct engine *e, uint32_t pod);
/* App container j (0-based) started a new instance: true when it is ready at once (no readiness or startup probe). */
bool prober_container_started(struct engine *e, uint32_t pod, uint32_t j);

/* --- storage: statefulset.c and volumes.c --- */

/* persistentVolumeClaimRetentionPolicy whenDeleted: Delete, when the set is deleted without orphaning. */
void sts_delete_claims(struct engine *e, uint32_t sts);
/* Deletes a claim: at once, or Terminating while a pod uses it (kubernetes.io/pvc-protection). */
void volumes_claim_delete(struct engine *e, uint32_t pvc);
/*
 * The VolumeBinding plugin's PreFilter: false when every claim of the pod
 * exists and is bound, else true with the plugin's reason in why.
 */
bool volumes_unbound(struct engine *e, const struct pod *p, struct strbuf *why);

/* --- container programs: what a container does, from its command and image --- */

enum prog_op {
	OP_SLEEP,  /* ms */
	OP_ECHO,   /* text */
	OP_EXIT,   /* code */
	OP_STATUS, /* a command that just exits with code (true, false, cat, rev) */
	OP_DATE,
	OP_PRINTENV, /* text: the variable, or "" for all */
	OP_PI,       /* code: digits */
	OP_FOREVER,  /* servers, tail -f /dev/null, sleep infinity */
	OP_WORK,     /* an unknown program: in a Job it finishes after ms, else runs on */
	OP_LOOP,     /* `done` of `while true`: jump back to code */
	OP_NSLOOKUP, /* text: the name; prints the cluster DNS answer, fails on NXDOMAIN */
	OP_HOSTNAME,
	OP_CAT,   /* text: a file the container has (/etc/resolv.conf, /etc/hostname, ...) */
	OP_FETCH, /* text: a URL; code: enum fetch_client */
	OP_FS,    /* text: a path; code: enum fs_cmd (touch, rm, mkdir, test, ls [-l]) */
	OP_ALLOC, /* ms: bytes the program holds from now on (stress --vm-bytes) */
};

enum fs_cmd { FS_TOUCH, FS_RM, FS_RM_F, FS_RM_R, FS_MKDIR, FS_MKDIR_P, FS_TEST_E, FS_TEST_F, FS_TEST_D, FS_LS,
	      FS_LS_L };

enum prog_join { JOIN_SEQ, JOIN_AND, JOIN_OR };

struct prog_step {
	uint8_t op, join; /* join: how this step follows the previous one */
	bool reverse;     /* piped through rev */
	int32_t code;
	int64_t ms;
	const char *text; /* into program.buf */
	const char *redirect; /* `> FILE` / `>> FILE` (append set), NULL when none */
	bool append;
};

#define PROG_MAX_STEPS 48

struct program {
	uint32_t nsteps;
	bool sigterm_exits; /* PID 1 handles SIGTERM (servers); shells and sleep do not */
	struct prog_step steps[PROG_MAX_STEPS];
	char buf[2048];
};

/* Compiles container k of spec; in_job picks what an unknown program does. */
void program_compile(const struct cluster *c, const struct container *k, bool in_job, uint32_t seed,
		     struct program *out);
/*
 * Renders what an output step of container k prints at time now_ms for pod;
 * lines separated by '\n'. Returns the step's exit status.
 */
int program_output(const struct cluster *c, const struct pod *p, const struct container *k,
		   const struct prog_step *st, int64_t now_ms, struct strbuf *out);
/* Compiles a command line given as words, as container k's command would be. */
void program_compile_words(const struct cluster *c, const struct container *k, char **argv,
			   uint32_t n, struct program *out);

/* --- podconfig.c: ConfigMaps and Secrets in a pod (env, envFrom, configMap and secret volumes) --- */

/*
 * Resolves container i's environment as it starts: true with it kept in its
 * status, else false with CreateContainerConfigError's message set and the
 * kubelet's Failed event.
 */
bool podconfig_env_resolve(struct engine *e, uint32_t pod, uint32_t i);
/* When a container start that failed on its config is tried again (the pod worker's back-off). */
int64_t podconfig_retry_at(struct engine *e);
/* The value of name in the container's environment (appended to out unless NULL). */
bool podconfig_env_get(const struct cluster *c, const struct ctr_status *cs, const char *name,
		       struct strbuf *out);
/* Appends "NAME=VALUE" lines, each after a newline unless out is still at from. */
void podconfig_env_print(const struct cluster *c, const struct ctr_status *cs, size_t from,
			 struct strbuf *out);
/*
 * Sets up the pod's configMap and secret volumes before its first container:
 * true once they are; false after FailedMount events, with a retry timer.
 */
bool podconfig_mount(struct engine *e, uint32_t pod);
/* The kubelet's periodic sync, when due: the volumes' files follow their objects. */
void podconfig_sync(struct engine *e, uint32_t pod);

/* ls.c: `ls -l PATH` in container ctr as busybox or coreutils prints it; a negative errno if PATH is not there. */
int engine_ls_long(const struct cluster *c, const struct pod *p, uint32_t ctr, const char *path,
		   bool busybox, struct strbuf *out);

/* fetch.c: `wget -qO- URL`, `curl URL`, `curl -f URL` (fails on an HTTP error). */
enum fetch_client { FETCH_WGET, FETCH_CURL, FETCH_CURL_FAIL };
/* From pod from; prints the reply or the client's error, returns its exit status. */
int engine_fetch(const struct cluster *c, const struct pod *from, const char *url,
		 enum fetch_client client, struct strbuf *out);
extern const char engine_nginx_index[];

#endif

/*
 * api: what the API server does with objects, below kubectl's verbs and
 * printers. On write: create or update one decoded object with the
 * server's defaults, admission and validation (apply_object.c: a Job's
 * selector, a Service's IPs and node ports, the service account token of
 * token.c). On read: objects as the server serves them (objects.c: the
 * document -o yaml / -o json print, conditions, tolerations), events with
 * their names (events.c), and the spellings of the API's values
 * (values.c). Runs on the thread that owns the cluster (lock held).
 */
#ifndef KSIM_API_H
#define KSIM_API_H

#include <stdbool.h>
#include <stdint.h>

#include "ksim/cluster.h"
#include "ksim/manifest.h"
#include "ksim/tree.h"
#include "ksim/util.h"

/* --- apply_object.c: the server's create-or-update --- */

/* What a write did: kind KIND_NONE for a Namespace (idx is then its name id). */
struct api_written {
	enum kind kind;
	uint32_t idx;
	const char *operation; /* "created", "configured" or "unchanged" */
};
/*
 * The API server's create-or-update of one decoded manifest object, as
 * `kubectl apply` sends it, in namespace api_object_ns(c, ns, ...):
 * server-side defaults (a Job's selector, a Service's IPs), immutable
 * fields, metadata.generation. Always takes mo->obj (frees it, sets it
 * NULL). 0 with *done set, or -1 with err->msg holding kubectl's whole
 * error line.
 */
int api_apply_object(struct cluster *c, uint32_t ns, struct manifest_object *mo,
		     struct api_written *done, struct ksim_error *err);
/*
 * The namespace a decoded object belongs in: its own, or ns (the command's
 * -n) when it names none; 0 for a cluster-scoped kind.
 */
uint32_t api_object_ns(const struct cluster *c, uint32_t ns, enum kind kind, const struct meta *m);

/* --- token.c: the ServiceAccount admission plugin --- */

/* Where the service account token is mounted in every container that does not mount that path. */
extern const char api_token_mount_path[];
/* Whether admission mounts the token in container k, and whether the pod gets its volume. */
bool api_token_mounted(const struct cluster *c, const struct podspec *s, const struct container *k);
bool api_token_volume(const struct cluster *c, const struct podspec *s);
/* "kube-api-access-xxxxx": the token volume admission gives each pod. */
void api_access_volume(const struct pod *p, struct strbuf *out);

/* --- values.c: the API's values as they are spelled --- */

/* Quantities: "100m" / "2" CPU, bytes as "128Mi" / "1Gi". */
void api_cpu_format(int64_t milli, struct strbuf *out);
void api_bytes_format(int64_t bytes, struct strbuf *out);
void api_ip_format(uint32_t ip, struct strbuf *out);
/* Stable stand-ins for what the runtime reports: "containerd://<64 hex>" for
 * container i of a pod, "docker.io/library/nginx@sha256:<64 hex>" for an image. */
void api_container_id_format(const struct pod *p, uint32_t i, struct strbuf *out);
void api_image_id_format(const char *image, struct strbuf *out);
/* True for a time the store has set (TIME_NONE and 0 mean unset). */
bool api_time_is_set(int64_t t);
/* Fixed facts ksim reports for every node's system info. */
extern const char api_kubelet_version[], api_os_image[], api_kernel_version[],
    api_container_runtime[];
/* "RWO,RWX" (GetAccessModesAsString). */
void api_access_modes_format(uint8_t modes, struct strbuf *out);
const char *api_volume_phase_name(enum volume_phase phase);
const char *api_service_type_name(enum service_type type);
/* A port's protocol, "TCP" when unset. */
const char *api_protocol_name(const struct cluster *c, uint32_t id);
/* status.phase: "Pending", "Running", ... */
const char *api_pod_phase_name(enum pod_phase phase);
/* Whether the pod has container statuses (it is on a node, its kubelet reported). */
bool api_pod_has_statuses(const struct pod *p);
/* The pod's Ready condition: running, every container ready, node reporting (MarkPodsNotReady). */
bool api_pod_is_ready(const struct pod *p);
/* "NoSchedule" etc.; EFFECT_ALL (the empty effect) for anything else. */
enum taint_effect api_taint_effect_parse(const char *word);
const char *api_taint_effect_name(enum taint_effect effect);

/* --- events.c: an Event as the API server keeps it (identical occurrences counted) --- */

struct kevent {
	const struct event *first, *last;
	uint32_t count;
	char *message; /* rendered, owned */
};
/* The involved object's namespace as the Event records it. */
uint32_t api_event_ns(const struct cluster *c, const struct event *ev);
/* "nginx-7d4b.17c3a9f2e4b1d0a8": an Event's own name. */
void api_event_name(const struct cluster *c, const struct kevent *e, struct strbuf *out);

/* --- objects.c: objects as the API server serves them --- */

/* A status condition as describe and -o yaml show it. */
struct condition {
	const char *type, *status, *reason, *message;
	int64_t transition_ms, heartbeat_ms;
};
/* The pod's conditions in status order; out holds 5. Returns how many. */
int api_pod_conditions(const struct cluster *c, const struct pod *p, struct condition *out);
/* Available, Progressing and ReplicaFailure as set; out holds 3, their messages go into text. */
int api_deploy_conditions(const struct cluster *c, const struct deployment *d,
			  struct condition *out, char text[3][256]);
/* MemoryPressure, DiskPressure, PIDPressure, Ready; out holds 4. */
int api_node_conditions(const struct cluster *c, const struct node *n, struct condition *out);
/*
 * When the kubelet last reported: it posts node status every 5 min and
 * renews its lease every 10 s while it runs (period), else its last heartbeat.
 */
int64_t api_node_report_time(const struct cluster *c, const struct node *n, int64_t period);
/* A toleration as describe and -o yaml print it ("" for unset strings). */
struct tol_view {
	const char *key, *value, *effect;
	bool exists;
	int64_t seconds; /* -1: forever */
};
/*
 * The tolerations the API server stores: the spec's, plus those the
 * DaemonSet controller or the DefaultTolerationSeconds admission plugin add
 * to a pod (p NULL for a template; cluster_pod_added_tolerations). out holds
 * s->ntolerations + CLUSTER_NADDED_TOLERATIONS.
 */
uint32_t api_pod_tolerations(const struct cluster *c, const struct pod *p, const struct podspec *s,
			     struct tol_view *out);
/* BestEffort, Burstable or Guaranteed. */
const char *api_pod_qos(const struct podspec *s);
/* The message the Job controller pairs with a condition reason, or NULL. */
const char *api_job_reason_message(const char *reason);

/*
 * One field of an object as `kubectl get -o json` shows it, by a path such
 * as "status.succeeded", "spec.template.spec.containers[0].image" (or
 * "containers.0.image") or "metadata.labels.kubernetes\.io/os" (a leading
 * "." is allowed): a string as is, a number, boolean or null as JSON writes
 * it, a map or list as indented JSON. 0, or -1 when the path leads nowhere
 * (out unchanged).
 */
int api_object_field(const struct cluster *c, enum kind kind, uint32_t idx, const char *path,
		     struct strbuf *out);
struct tree *api_object_tree(const struct cluster *c, enum kind kind, uint32_t idx);
struct tree *api_event_tree(const struct cluster *c, const struct kevent *e);
struct tree *api_namespace_tree(const struct cluster *c, uint32_t name);
/* A ConfigMap's or Secret's data (a Secret's in base64, as encoding/json writes []byte), binaryData, immutable, type. */
void api_config_tree_add(const struct cluster *c, enum kind kind, const struct config_object *o,
			 struct tree *root);

#endif

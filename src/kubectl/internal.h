/*
 * Shared between the read-side files of the kubectl module only (get,
 * describe, logs and their printers). Everything runs on the thread that
 * owns the cluster; pointers into the cluster are valid for one command.
 */
#ifndef KSIM_KUBECTL_INTERNAL_H
#define KSIM_KUBECTL_INTERNAL_H

#include "ksim/kubectl.h"
#include "ksim/manifest.h"

/* --- table.c: Go's text/tabwriter --- */

struct table_out *table_new_with(int minwidth, int padding);
/* Formats text whose cells end in '\t' and lines in '\n', as tabwriter does. */
void tabwriter_format(const char *text, int minwidth, int padding, struct strbuf *out);

/* --- kubectl.c --- */

/* The object's index in the command's namespace, NONE32 when absent (nothing printed). */
uint32_t kubectl_find(const struct kubectl *k, enum kind kind, const char *name);
/* The error for "TYPE TYPE/NAME" mixes. */
void kubectl_mixed_args(struct kubectl *k);
/* The types of the "all" category, in discovery order. */
enum { KUBECTL_NALL = 9 };
extern const enum kind kubectl_all_kinds[KUBECTL_NALL];
/* Parses "pods", "pod,svc", "all" into kinds; reports an unknown type and returns 1. */
int kubectl_parse_kinds(struct kubectl *k, const char *word, enum kind *kinds, int *nkinds);

/* --- fmt.c: values as kubectl spells them --- */

/* HumanDuration of now - t, or "<unknown>" when t is unset. */
void fmt_age(const struct cluster *c, int64_t t, struct strbuf *out);
/* "Mon, 02 Jan 2006 15:04:05 +0000" (Go's time.RFC1123Z, in UTC). */
void fmt_rfc1123z(int64_t ms, struct strbuf *out);
/* "k=v,k2=v2", or "<none>" for the empty set (labels.FormatLabels). */
void fmt_labels(const struct cluster *c, uint32_t set, struct strbuf *out);
/* "namespace/name", as kubectl names a claim or an evicted pod. */
void fmt_ns_name(const struct cluster *c, uint32_t ns, uint32_t name, struct strbuf *out);
/* A LabelSelector as metav1.FormatLabelSelector prints it ("<none>" when empty). */
void fmt_selector(const struct cluster *c, const struct selector *sel, struct strbuf *out);
/* Container names or images of a template, comma-separated (layoutContainerCells). */
void fmt_containers(const struct cluster *c, const struct template *tpl, bool images,
		    struct strbuf *out);
/* "ReplicaSet/web-7d4b" for Controlled By:, or "" */
void fmt_controller(const struct cluster *c, const struct meta *m, struct strbuf *out);
/* --- list.c: the objects a command sees --- */

struct objlist {
	uint32_t *idx;
	uint32_t n;
};
/*
 * The objects of a kind in the command's scope (its namespace, or all with
 * -A; every one for cluster-scoped kinds) matching sel (NULL: all), sorted
 * by namespace then name as the API server lists them.
 */
void objlist_collect(const struct kubectl *k, enum kind kind, const struct selector *sel,
		     struct objlist *out);
void objlist_free(struct objlist *l);
/* Namespace name of an object for printing ("" for cluster-scoped). */
const char *object_ns(const struct cluster *c, const struct meta *m);

/* --- events.c: events as the API server keeps them (identical ones counted) --- */

struct keventlist {
	struct kevent *v;
	uint32_t n;
};
/*
 * Events in scope, aggregated and sorted by last time, oldest first. With
 * kind != KIND_NONE only those about that object (kind, ns, name, uid).
 * Events about cluster-scoped objects live in the default namespace.
 */
void events_collect(const struct kubectl *k, enum kind kind, const struct meta *m,
		    struct keventlist *out);
void events_free(struct keventlist *l);
/* --- print.c: kubectl get tables --- */

/*
 * "10.244.1.5:80,10.244.2.3:80 + 2 more...", or "<none>" (formatEndpoints);
 * port is the index of the Service port to show, -1 for all.
 */
void fmt_endpoints(const struct cluster *c, const struct endpoints *ep, int port, struct strbuf *out);
struct print_opts {
	bool wide, show_kind, show_ns, show_labels, no_headers;
};
/* Writes the table for objects of one kind (header first) through a tabwriter. */
void print_table(const struct kubectl *k, enum kind kind, const struct objlist *l,
		 const struct print_opts *o, struct strbuf *out);
void print_events(const struct kubectl *k, const struct keventlist *l, const struct print_opts *o,
		  struct strbuf *out);

/* --- jsonpath.c: kubectl's JSONPath templates --- */

struct jsonpath;
/* Parses a template; NULL with kubectl's "error: error parsing jsonpath ..." line on err. */
struct jsonpath *jsonpath_parse(const char *text, struct strbuf *err);
void jsonpath_free(struct jsonpath *jp);
/*
 * Writes the template's text over root (missing keys print nothing). 0, or
 * 1 with kubectl's error for an index out of bounds (text is the template).
 */
int jsonpath_exec(const struct jsonpath *jp, const char *text, const struct tree *root,
		  struct strbuf *out, struct strbuf *err);
/* Calls each for every value the template's paths select from root, in order. */
void jsonpath_values(const struct jsonpath *jp, const struct tree *root,
		     void (*each)(const struct tree *, void *), void *arg);

/* --- customcolumns.c, gotemplate.c: the other template printers --- */

/* "NAME:.metadata.name,..." over a document (a List prints a row per item). 0, or 1 with err. */
int customcolumns_print(const char *spec, const struct tree *doc, bool no_headers,
			struct strbuf *out, struct strbuf *err);
/* A Go text/template as kubectl runs it over a document. 0, or 1 with kubectl's error on err. */
int gotemplate_print(const char *text, const struct tree *doc, struct strbuf *out,
		     struct strbuf *err);

/* --- exec.c --- */

/* A command that is only a shell with no script ("sh", "/bin/bash"): what a terminal would drive. */
bool kubectl_interactive_shell(int argc, char **argv);

/* --- objects.c: objects as the API server serves them --- */

/* kubectl create deployment NAME --image=I [--replicas=N] [--port=P] [-- COMMAND...] (create_deployment.c). */
int create_deployment(struct kubectl *k, int argc, char **argv, const char *image,
		      const char *replicas, const char *port);
/* rollout for Deployments (rollout_deploy.c): 0, or 1 with kubectl's error (status: in line). */
int rollout_deploy_status(const struct cluster *c, const struct deployment *d, struct strbuf *line,
			  bool *done);
int rollout_deploy_history(struct kubectl *k, uint32_t didx, int64_t revision);
/* --- revisions.c: DaemonSets' and StatefulSets' ControllerRevisions --- */
int revisions_history(struct kubectl *k, enum kind kind, uint32_t idx, int64_t revision);
int revisions_undo(struct kubectl *k, enum kind kind, uint32_t idx, int64_t to);
int rollout_deploy_undo(struct kubectl *k, uint32_t didx, int64_t to);
int rollout_deploy_pause(struct kubectl *k, uint32_t didx, bool pause);
/* --- create_config.c --- */

/* `create configmap NAME ...` and `create secret generic|tls|docker-registry NAME ...` (argv[1] names which). */
int create_config(struct kubectl *k, int argc, char **argv);

/* --- rewrite.c: an object changed as text (patch, edit) --- */

/* The object as `kubectl get -o yaml` prints it. */
void object_yaml(const struct cluster *c, enum kind kind, uint32_t idx, struct strbuf *out);
/*
 * Decodes yaml (errors name it file) as the new version of the object and
 * applies it; prints "KIND/NAME done". A field Kubernetes does not have is
 * treated as validation says (kubectl's --validate). 0 or 1.
 */
int object_replace(struct kubectl *k, enum kind kind, uint32_t idx, const char *yaml,
		   const char *file, const char *done, enum manifest_validation validation);

/* --- describe.c: pieces every description shares, as describe.go writes them --- */

/* Writes level*2 spaces, then the formatted text (PrefixWriter.Write). */
void dwrite(struct strbuf *sb, int level, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* "Labels:\tk=v\n\tk2=v2\n" or "Labels:\t<none>\n" (printLabelsMultilineWithIndent). */
void describe_labels(const struct cluster *c, struct strbuf *sb, const char *indent,
		     const char *title, uint32_t set);
void describe_annotations(const struct cluster *c, struct strbuf *sb, const char *title,
			  uint32_t set);
/* Sorts t by key and prints it as printTolerationsMultilineWithIndent does. */
void describe_tolerations(struct strbuf *sb, const char *title, struct tol_view *t, uint32_t n);
/* Containers of a pod (p set, with their state) or of a template (p NULL, space "  "). */
void describe_containers(const struct cluster *c, const struct pod *p, bool init,
			 const struct podspec *s, const char *space, struct strbuf *sb);
void describe_pod_template(const struct cluster *c, const struct template *tpl, struct strbuf *sb);
/* describe_generic.c: describe.go's genericDescriber, for a kind without a describer of its own. */
void describe_unstructured(const struct kubectl *k, enum kind kind, uint32_t idx, struct strbuf *out);
/* The Events: table for one object. */
void describe_events(const struct kubectl *k, enum kind kind, const struct meta *m,
		     struct strbuf *sb);
void describe_pods_status(const struct cluster *c, const struct meta *owner, struct strbuf *sb);
/* --- describe_volumes.c --- */

/* A container's Environment: section; p (NULL for a template) resolves fieldRef values. */
void describe_env(const struct cluster *c, const struct pod *p, const struct container *k,
		  struct strbuf *sb);
/* A container's Liveness:/Readiness:/Startup: lines; for a pod (p set) with the last result of app container j's probes. */
void describe_probes(const struct cluster *c, const struct pod *p, const struct container *k,
		     uint32_t j, struct strbuf *sb);
/* A container's Mounts: section, the pod's token mount included when p is set. */
void describe_mounts(const struct cluster *c, const struct pod *p, const struct podspec *s,
		     const struct container *k, struct strbuf *sb);
/* The Volumes: section of a pod (p set: with its token volume) or a template (space "  "). */
void describe_volumes(const struct cluster *c, const struct pod *p, const struct podspec *s,
		      const char *space, struct strbuf *sb);

/* --- describe_kinds.c --- */

/* kubectl describe's text for one object, before tab alignment. */
void describe_object(const struct kubectl *k, enum kind kind, uint32_t idx, struct strbuf *out);

/* --- fields.c: --field-selector --- */

struct field_selector {
	char *text; /* as given, for messages */
	uint32_t n;
	struct {
		char *field, *value;
		bool neg; /* != */
	} *terms;
};
/* 0, or -1 with the API server's words in err ("invalid selector: ..."); free fs either way. */
int field_selector_parse(const char *text, struct field_selector *fs, struct strbuf *err);
void field_selector_free(struct field_selector *fs);
/* 0 when kind can be selected by every field of fs; else -1 with why in err. */
int field_selector_check(enum kind kind, const struct field_selector *fs, struct strbuf *err);
bool field_selector_matches(const struct cluster *c, enum kind kind, uint32_t idx,
			    const struct field_selector *fs);
/* For events (kind KIND_NONE in field_selector_check and field_selector_error). */
bool field_selector_event_matches(const struct cluster *c, const struct kevent *e,
				  const struct field_selector *fs);
/* "Error from server (BadRequest): Unable to find ... that match ...: why", as kubectl says it. */
void field_selector_error(const struct kubectl *k, enum kind kind, const char *labels,
			  const struct field_selector *fs, const char *why);

/* --- watch.c: get -w --- */

/* How a watch prints each event's object. */
struct watch_format {
	bool wide, name, yaml, json, show_ns, show_labels;
};
/*
 * A watch of kind (KIND_NONE: events) as the command k asks it (namespace, selectors as
 * given), knowing the objects the list printed (NULL for events); named: the list named
 * its one object.
 */
struct kubectl_watch *watch_new(struct kubectl *k, enum kind kind, const char *labels,
				const char *fields, const struct objlist *listed, bool named,
				const struct watch_format *fmt);

#endif

/*
 * Objects as the API server serves them to `kubectl get -o yaml|json`:
 * apiVersion, kind, metadata, spec with the defaults the API server fills
 * in, and status. Built as a struct tree; util/tree.c prints it. Pod and node
 * conditions are derived here too, for describe as well.
 */
#include "ksim/api.h"
#include "ksim/configdata.h"
#include "ksim/engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void (*build_fn)(const struct cluster *c, const void *obj, struct tree *root);

static void add_time(struct tree *t, const char *key, int64_t ms)
{
	char buf[32];

	if (!api_time_is_set(ms)) {
		tree_add_null(t, key);
		return;
	}
	time_rfc3339(ms, buf, sizeof buf);
	tree_add_str(t, key, buf);
}

static void add_id(const struct cluster *c, struct tree *t, const char *key, uint32_t id)
{
	tree_add_str(t, key, cluster_str(c, id));
}

static void add_fmt(struct tree *t, const char *key, void (*fmt)(int64_t, struct strbuf *), int64_t v)
{
	struct strbuf sb;

	sb_init(&sb);
	fmt(v, &sb);
	tree_add_str(t, key, sb.data);
	sb_free(&sb);
}

static void add_uid(struct tree *t, const char *key, uint32_t uid)
{
	struct strbuf sb;

	sb_init(&sb);
	cluster_uid_format(uid, &sb);
	tree_add_str(t, key, sb.data);
	sb_free(&sb);
}

static void add_labels(const struct cluster *c, struct tree *t, const char *key, uint32_t set)
{
	uint32_t n;
	const struct label *l = labels_get(c->labels, set, &n);
	struct tree *m;

	if (!n)
		return;
	m = tree_add_map(t, key);
	for (uint32_t i = 0; i < n; i++)
		add_id(c, m, cluster_str(c, l[i].key), l[i].val);
}

static void add_selector(const struct cluster *c, struct tree *t, const char *key,
			 const struct selector *sel)
{
	static const char *const ops[] = { "In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt" };
	struct tree *s = tree_add_map(t, key), *exprs;

	add_labels(c, s, "matchLabels", sel->match_labels);
	if (!sel->nreqs)
		return;
	exprs = tree_add_list(s, "matchExpressions");
	for (uint32_t i = 0; i < sel->nreqs; i++) {
		const struct selector_req *r = &sel->reqs[i];
		struct tree *e = tree_add_map(exprs, NULL), *vals;
		add_id(c, e, "key", r->key);
		tree_add_str(e, "operator", ops[r->op]);
		if (!r->nvalues)
			continue;
		vals = tree_add_list(e, "values");
		for (uint32_t j = 0; j < r->nvalues; j++)
			add_id(c, vals, NULL, r->values[j]);
	}
}

/* --- metadata --- */

static void add_owner(const struct cluster *c, const struct meta *m, struct tree *md)
{
	const struct meta *o = cluster_owner(c, m);
	const struct kind_info *ki;
	struct tree *ref;

	if (!o)
		return;
	ki = kind_info((enum kind)m->owner_kind);
	ref = tree_add_map(tree_add_list(md, "ownerReferences"), NULL);
	tree_add_str(ref, "apiVersion", ki->api_version);
	tree_add_bool(ref, "blockOwnerDeletion", true);
	tree_add_bool(ref, "controller", true);
	tree_add_str(ref, "kind", ki->kind);
	add_id(c, ref, "name", o->name);
	add_uid(ref, "uid", o->uid);
}

/* The prefix a controller asked the API server to complete: "<owner>-", "<job>-<index>-". */
static const char *generate_name(const struct cluster *c, const struct meta *m, char *buf, size_t size)
{
	const struct meta *o = cluster_owner(c, m);
	const struct job *j = m->owner_kind == KIND_JOB ? (const struct job *)o : NULL;

	if (j && j->spec.mode == COMPLETION_INDEXED)
		snprintf(buf, size, "%s-%u-", cluster_str(c, o->name),
			 ((const struct pod *)m)->ordinal);
	else
		snprintf(buf, size, "%s-", cluster_str(c, o->name));
	return buf;
}

static void add_metadata(const struct cluster *c, enum kind kind, const struct meta *m,
			 struct tree *root)
{
	struct tree *md = tree_add_map(root, "metadata");
	char rv[24], gen[300];

	add_labels(c, md, "annotations", m->annotations);
	add_time(md, "creationTimestamp", m->created_ms);
	if (m->deleted_ms != TIME_NONE) {
		tree_add_int(md, "deletionGracePeriodSeconds", m->grace_ms / 1000);
		add_time(md, "deletionTimestamp", m->deleted_ms);
	}
	if (kind_class(kind)->finalizer)
		tree_add_str(tree_add_list(md, "finalizers"), NULL, kind_class(kind)->finalizer);
	if (kind == KIND_POD && cluster_owner(c, m) && m->owner_kind != KIND_STS)
		tree_add_str(md, "generateName", generate_name(c, m, gen, sizeof gen));
	if (kind_class(kind)->generation)
		tree_add_int(md, "generation", m->generation);
	add_labels(c, md, "labels", m->labels);
	add_id(c, md, "name", m->name);
	if (kind_info(kind)->namespaced)
		add_id(c, md, "namespace", m->ns);
	add_owner(c, m, md);
	snprintf(rv, sizeof rv, "%llu", (unsigned long long)m->rv);
	tree_add_str(md, "resourceVersion", rv);
	add_uid(md, "uid", m->uid);
}

/* --- pod specs --- */

static const char *image_pull_policy(const char *image)
{
	const char *slash = strrchr(image, '/'), *colon = strrchr(slash ? slash : image, ':');

	/* The API server defaults to Always for :latest or an untagged image. */
	return !colon || strcmp(colon, ":latest") == 0 ? "Always" : "IfNotPresent";
}

static void add_resources(struct tree *t, const char *key, const struct resources *r)
{
	struct tree *m;

	if (!r->cpu_milli && !r->mem_bytes)
		return;
	m = tree_add_map(t, key);
	if (r->cpu_milli)
		add_fmt(m, "cpu", api_cpu_format, r->cpu_milli);
	if (r->mem_bytes)
		add_fmt(m, "memory", api_bytes_format, r->mem_bytes);
}

static void add_words(const struct cluster *c, struct tree *t, const char *key,
		      const uint32_t *words, uint32_t n)
{
	struct tree *l;

	if (!n)
		return;
	l = tree_add_list(t, key);
	for (uint32_t i = 0; i < n; i++)
		add_id(c, l, NULL, words[i]);
}

/* A fieldRef, resourceFieldRef, configMapKeyRef or secretKeyRef as the API server stores it. */
static void add_value_from(const struct cluster *c, struct tree *entry, const struct env_var *v)
{
	static const char *const keys[] = { [ENV_FIELD_REF] = "fieldRef",
					    [ENV_RESOURCE_REF] = "resourceFieldRef",
					    [ENV_CONFIG_MAP_KEY] = "configMapKeyRef",
					    [ENV_SECRET_KEY] = "secretKeyRef" };
	struct tree *src = tree_add_map(tree_add_map(entry, "valueFrom"), keys[v->source]);

	switch (v->source) {
	case ENV_FIELD_REF:
		add_id(c, src, "apiVersion", v->api_version);
		add_id(c, src, "fieldPath", v->path);
		break;
	case ENV_RESOURCE_REF:
		if (v->object)
			add_id(c, src, "containerName", v->object);
		/* divisor is a Quantity, never omitted: a zero one reads "0". */
		tree_add_str(src, "divisor", v->divisor ? cluster_str(c, v->divisor) : "0");
		add_id(c, src, "resource", v->path);
		break;
	default:
		add_id(c, src, "key", v->path);
		add_id(c, src, "name", v->object);
		if (v->optional != ENV_OPTIONAL_UNSET)
			tree_add_bool(src, "optional", v->optional == ENV_OPTIONAL_TRUE);
		break;
	}
}

static void add_env(const struct cluster *c, struct tree *container, const struct container *k)
{
	struct tree *list;

	if (!k->nenv)
		return;
	list = tree_add_list(container, "env");
	for (uint32_t i = 0; i < k->nenv; i++) {
		const struct env_var *v = &k->env[i];
		struct tree *entry = tree_add_map(list, NULL);

		add_id(c, entry, "name", v->name);
		if (v->source == ENV_VALUE) {
			if (v->value)
				add_id(c, entry, "value", v->value);
		} else {
			add_value_from(c, entry, v);
		}
	}
}

static void add_env_from(const struct cluster *c, struct tree *container, const struct container *k)
{
	struct tree *list;

	if (!k->nenv_from)
		return;
	list = tree_add_list(container, "envFrom");
	for (uint32_t i = 0; i < k->nenv_from; i++) {
		const struct env_from *f = &k->env_from[i];
		struct tree *entry = tree_add_map(list, NULL), *ref;

		ref = tree_add_map(entry, f->secret ? "secretRef" : "configMapRef");
		add_id(c, ref, "name", f->object);
		if (f->optional != ENV_OPTIONAL_UNSET)
			tree_add_bool(ref, "optional", f->optional == ENV_OPTIONAL_TRUE);
		if (f->prefix)
			add_id(c, entry, "prefix", f->prefix);
	}
}

/* A container's volumeMounts, then the service account token admission adds (token_pod set). */
static void add_mounts(const struct cluster *c, struct tree *container, const struct container *k,
		       const struct pod *token_pod)
{
	struct tree *list, *m;
	struct strbuf name;

	if (!k->nmounts && !token_pod)
		return;
	list = tree_add_list(container, "volumeMounts");
	for (uint32_t i = 0; i < k->nmounts; i++) {
		m = tree_add_map(list, NULL);
		add_id(c, m, "mountPath", k->mounts[i].mount_path);
		add_id(c, m, "name", k->mounts[i].name);
		if (k->mounts[i].read_only)
			tree_add_bool(m, "readOnly", true);
		if (k->mounts[i].sub_path)
			add_id(c, m, "subPath", k->mounts[i].sub_path);
	}
	if (!token_pod)
		return;
	m = tree_add_map(list, NULL);
	sb_init(&name);
	api_access_volume(token_pod, &name);
	tree_add_str(m, "mountPath", api_token_mount_path);
	tree_add_str(m, "name", name.data);
	tree_add_bool(m, "readOnly", true);
	sb_free(&name);
}

/* A volume as the API server stores it, defaults filled in (SetDefaults_*VolumeSource). */
static void add_volume(const struct cluster *c, struct tree *vols, const struct volume *v)
{
	struct tree *m = tree_add_map(vols, NULL), *src;

	add_id(c, m, "name", v->name);
	src = tree_add_map(m, volume_source_type(c, v)->name);
	switch (v->source) {
	case VOLUME_PVC:
		add_id(c, src, "claimName", v->pvc.claim_name);
		if (v->pvc.read_only)
			tree_add_bool(src, "readOnly", true);
		break;
	case VOLUME_EMPTY_DIR:
		if (v->empty_dir.medium)
			add_id(c, src, "medium", v->empty_dir.medium);
		if (v->empty_dir.size_limit > 0)
			add_fmt(src, "sizeLimit", api_bytes_format, v->empty_dir.size_limit);
		break;
	case VOLUME_HOST_PATH:
		add_id(c, src, "path", v->host_path.path);
		tree_add_str(src, "type", cluster_str(c, v->host_path.type));
		break;
	case VOLUME_CONFIG_MAP:
	case VOLUME_SECRET:
		tree_add_int(src, "defaultMode", v->object.default_mode);
		if (v->object.nitems) {
			struct tree *items = tree_add_list(src, "items");
			for (uint32_t i = 0; i < v->object.nitems; i++) {
				const struct key_to_path *kp = &v->object.items[i];
				struct tree *item = tree_add_map(items, NULL);
				add_id(c, item, "key", kp->key);
				if (kp->mode >= 0)
					tree_add_int(item, "mode", kp->mode);
				add_id(c, item, "path", kp->path);
			}
		}
		if (v->object.name)
			add_id(c, src, v->source == VOLUME_SECRET ? "secretName" : "name",
			       v->object.name);
		if (v->object.optional)
			tree_add_bool(src, "optional", true);
		break;
	case VOLUME_NFS:
		add_id(c, src, "path", v->nfs.path);
		if (v->nfs.read_only)
			tree_add_bool(src, "readOnly", true);
		add_id(c, src, "server", v->nfs.server);
		break;
	case VOLUME_OTHER:
		break;
	}
}

static void add_token_volume(const struct pod *p, struct tree *vols)
{
	struct tree *v = tree_add_map(vols, NULL), *proj, *src, *item, *ref;
	struct strbuf name;

	sb_init(&name);
	api_access_volume(p, &name);
	tree_add_str(v, "name", name.data);
	sb_free(&name);
	proj = tree_add_map(v, "projected");
	tree_add_int(proj, "defaultMode", 420);
	src = tree_add_list(proj, "sources");
	item = tree_add_map(tree_add_map(src, NULL), "serviceAccountToken");
	tree_add_int(item, "expirationSeconds", 3607);
	tree_add_str(item, "path", "token");
	item = tree_add_map(tree_add_map(src, NULL), "configMap");
	ref = tree_add_map(tree_add_list(item, "items"), NULL);
	tree_add_str(ref, "key", "ca.crt");
	tree_add_str(ref, "path", "ca.crt");
	tree_add_str(item, "name", "kube-root-ca.crt");
	item = tree_add_map(
	    tree_add_list(tree_add_map(tree_add_map(src, NULL), "downwardAPI"), "items"), NULL);
	ref = tree_add_map(item, "fieldRef");
	tree_add_str(ref, "apiVersion", "v1");
	tree_add_str(ref, "fieldPath", "metadata.namespace");
	tree_add_str(item, "path", "namespace");
}

static void add_probe_port(const struct cluster *c, struct tree *m, const struct probe *pr)
{
	if (pr->port.name)
		add_id(c, m, "port", pr->port.name);
	else
		tree_add_int(m, "port", pr->port.port);
}

/* A container's probe as the API server stores it (defaults filled, keys in order). */
static void add_probe(const struct cluster *c, struct tree *container, const struct container *k,
		      enum probe_kind kind)
{
	static const char *const keys[PROBE_KINDS] = { "livenessProbe", "readinessProbe",
						       "startupProbe" };
	const struct probe *pr = container_probe(k, kind);
	struct tree *m, *h;

	if (!pr)
		return;
	m = tree_add_map(container, keys[kind]);
	if (pr->handler == PROBE_EXEC)
		add_words(c, tree_add_map(m, "exec"), "command", pr->command, pr->ncommand);
	tree_add_int(m, "failureThreshold", pr->failure_threshold);
	if (pr->handler == PROBE_GRPC) {
		h = tree_add_map(m, "grpc");
		tree_add_int(h, "port", pr->port.port);
		tree_add_str(h, "service", cluster_str(c, pr->service));
	}
	if (pr->handler == PROBE_HTTP_GET) {
		h = tree_add_map(m, "httpGet");
		if (pr->host)
			add_id(c, h, "host", pr->host);
		tree_add_str(h, "path", cluster_str(c, pr->path));
		add_probe_port(c, h, pr);
		tree_add_str(h, "scheme", cluster_str(c, pr->scheme));
	}
	if (pr->initial_delay_s)
		tree_add_int(m, "initialDelaySeconds", pr->initial_delay_s);
	tree_add_int(m, "periodSeconds", pr->period_s);
	tree_add_int(m, "successThreshold", pr->success_threshold);
	if (pr->handler == PROBE_TCP_SOCKET) {
		h = tree_add_map(m, "tcpSocket");
		if (pr->host)
			add_id(c, h, "host", pr->host);
		add_probe_port(c, h, pr);
	}
	if (pr->grace_s != INT64_MIN)
		tree_add_int(m, "terminationGracePeriodSeconds", pr->grace_s);
	tree_add_int(m, "timeoutSeconds", pr->timeout_s);
}

static void add_containers(const struct cluster *c, struct tree *t, const char *key,
			   const struct podspec *s, bool init, const struct pod *p)
{
	const struct container *cs = init ? s->init_containers : s->containers;
	uint32_t n = init ? s->ninit : s->ncontainers;
	struct tree *list;

	if (!n)
		return;
	list = tree_add_list(t, key);
	for (uint32_t i = 0; i < n; i++) {
		const struct container *k = &cs[i];
		struct tree *m = tree_add_map(list, NULL), *res;
		add_words(c, m, "args", k->args, k->nargs);
		add_words(c, m, "command", k->command, k->ncommand);
		add_env(c, m, k);
		add_env_from(c, m, k);
		add_id(c, m, "image", k->image);
		tree_add_str(m, "imagePullPolicy", image_pull_policy(cluster_str(c, k->image)));
		add_probe(c, m, k, PROBE_LIVENESS);
		add_id(c, m, "name", k->name);
		if (k->nports) {
			struct tree *ports = tree_add_list(m, "ports");
			for (uint32_t j = 0; j < k->nports; j++) {
				struct tree *port = tree_add_map(ports, NULL);
				tree_add_int(port, "containerPort", k->ports[j].container_port);
				if (k->ports[j].host_port)
					tree_add_int(port, "hostPort", k->ports[j].host_port);
				if (k->ports[j].name)
					add_id(c, port, "name", k->ports[j].name);
				tree_add_str(port, "protocol",
					     api_protocol_name(c, k->ports[j].protocol));
			}
		}
		add_probe(c, m, k, PROBE_READINESS);
		res = tree_add_map(m, "resources");
		add_resources(res, "limits", &k->limits);
		add_resources(res, "requests", &k->requests);
		if (k->sidecar)
			tree_add_str(m, "restartPolicy", "Always");
		add_probe(c, m, k, PROBE_STARTUP);
		tree_add_str(m, "terminationMessagePath", "/dev/termination-log");
		tree_add_str(m, "terminationMessagePolicy", "File");
		add_mounts(c, m, k, p && api_token_mounted(c, s, k) ? p : NULL);
	}
}

uint32_t api_pod_tolerations(const struct cluster *c, const struct pod *p, const struct podspec *s,
			     struct tol_view *out)
{
	struct toleration added[CLUSTER_NADDED_TOLERATIONS];
	uint32_t n = 0, nadded = cluster_pod_added_tolerations(c, p, s, added);

	for (uint32_t i = 0; i < s->ntolerations + nadded; i++) {
		const struct toleration *tol =
		    i < s->ntolerations ? &s->tolerations[i] : &added[i - s->ntolerations];
		out[n++] = (struct tol_view){ cluster_str(c, tol->key), cluster_str(c, tol->value),
					      api_taint_effect_name(tol->effect),
					      tol->op == TOL_EXISTS, tol->seconds };
	}
	return n;
}

static void add_tolerations(const struct cluster *c, struct tree *t, const struct pod *p,
			    const struct podspec *s)
{
	struct tol_view *tols = xcalloc(s->ntolerations + CLUSTER_NADDED_TOLERATIONS + 1,
					sizeof *tols);
	uint32_t n = api_pod_tolerations(c, p, s, tols);
	struct tree *list = n ? tree_add_list(t, "tolerations") : NULL;

	for (uint32_t i = 0; i < n; i++) {
		struct tree *m = tree_add_map(list, NULL);
		if (*tols[i].effect)
			tree_add_str(m, "effect", tols[i].effect);
		if (*tols[i].key)
			tree_add_str(m, "key", tols[i].key);
		tree_add_str(m, "operator", tols[i].exists ? "Exists" : "Equal");
		if (tols[i].seconds >= 0)
			tree_add_int(m, "tolerationSeconds", tols[i].seconds);
		if (*tols[i].value)
			tree_add_str(m, "value", tols[i].value);
	}
	free(tols);
}

static void add_affinity(const struct cluster *c, struct tree *t, const struct podspec *s)
{
	static const char *const ops[] = { "In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt" };
	struct tree *terms;

	if (!s->nterms)
		return;
	terms = tree_add_list(tree_add_map(tree_add_map(tree_add_map(t, "affinity"), "nodeAffinity"),
					   "requiredDuringSchedulingIgnoredDuringExecution"),
			      "nodeSelectorTerms");
	for (uint32_t i = 0; i < s->nterms; i++) {
		const struct node_term *nt = &s->terms[i];
		struct tree *term = tree_add_map(terms, NULL);
		for (int f = 0; f < 2; f++) {
			const struct selector_req *reqs = f ? nt->fields : nt->reqs;
			uint32_t n = f ? nt->nfields : nt->nreqs;
			struct tree *list = n ? tree_add_list(term, f ? "matchFields"
								      : "matchExpressions")
					      : NULL;
			for (uint32_t j = 0; j < n; j++) {
				struct tree *e = tree_add_map(list, NULL);
				add_id(c, e, "key", reqs[j].key);
				tree_add_str(e, "operator", ops[reqs[j].op]);
				add_words(c, e, "values", reqs[j].values, reqs[j].nvalues);
			}
		}
	}
}

/* A pod's spec (p set) or a template's. */
static void add_podspec(const struct cluster *c, struct tree *root, uint32_t spec_id,
			const struct pod *p)
{
	static const char *const policies[] = { "Always", "OnFailure", "Never" };
	const struct podspec *s = cluster_spec(c, spec_id);
	const struct node *n = p && p->node != NONE32 ? cluster_get(c, KIND_NODE, p->node) : NULL;
	uint32_t node = n ? n->meta.name : 0;
	bool pod = p != NULL;
	struct tree *t = tree_add_map(root, "spec");

	if (s->active_deadline_s >= 0)
		tree_add_int(t, "activeDeadlineSeconds", s->active_deadline_s);
	add_affinity(c, t, s);
	if (s->no_token_automount)
		tree_add_bool(t, "automountServiceAccountToken", false);
	add_containers(c, t, "containers", s, false, p);
	tree_add_str(t, "dnsPolicy", "ClusterFirst");
	if (pod || s->no_service_links)
		tree_add_bool(t, "enableServiceLinks", !s->no_service_links);
	if (s->host_network)
		tree_add_bool(t, "hostNetwork", true);
	if (s->hostname)
		add_id(c, t, "hostname", s->hostname);
	add_containers(c, t, "initContainers", s, true, p);
	if (node || s->node_name)
		add_id(c, t, "nodeName", node ? node : s->node_name);
	add_labels(c, t, "nodeSelector", s->node_selector);
	if (pod) {
		tree_add_str(t, "preemptionPolicy", "PreemptLowerPriority");
		tree_add_int(t, "priority", 0);
	}
	tree_add_str(t, "restartPolicy", policies[s->restart_policy]);
	tree_add_str(t, "schedulerName",
		     s->scheduler_name ? cluster_str(c, s->scheduler_name) : "default-scheduler");
	tree_add_map(t, "securityContext");
	/* the API server fills the deprecated serviceAccount from serviceAccountName */
	if (pod || s->service_account) {
		const char *sa = s->service_account ? cluster_str(c, s->service_account) : "default";
		tree_add_str(t, "serviceAccount", sa);
		tree_add_str(t, "serviceAccountName", sa);
	}
	if (s->subdomain)
		add_id(c, t, "subdomain", s->subdomain);
	tree_add_int(t, "terminationGracePeriodSeconds", s->grace_s);
	add_tolerations(c, t, p, s);
	if (s->nvolumes || (p && api_token_volume(c, s))) {
		struct tree *vols = tree_add_list(t, "volumes");
		for (uint32_t i = 0; i < s->nvolumes; i++)
			add_volume(c, vols, &s->volumes[i]);
		if (p && api_token_volume(c, s))
			add_token_volume(p, vols);
	}
}

static struct tree *add_template(const struct cluster *c, struct tree *t, const struct template *tpl)
{
	struct tree *tt = tree_add_map(t, "template"), *md = tree_add_map(tt, "metadata");

	add_labels(c, md, "annotations", tpl->annotations);
	tree_add_null(md, "creationTimestamp");
	add_labels(c, md, "labels", tpl->labels);
	add_podspec(c, tt, tpl->spec, NULL);
	return tt;
}

/* --- conditions --- */

int api_pod_conditions(const struct cluster *c, const struct pod *p, struct condition *out)
{
	bool scheduled = p->node != NONE32,
	     terminal = p->phase == PHASE_SUCCEEDED || p->phase == PHASE_FAILED;
	bool initialized = p->init_done >= p->ninit, ready = api_pod_is_ready(p);
	bool ctrs_ready = ready || (p->phase == PHASE_RUNNING && (p->flags & POD_NODE_LOST));
	const char *not_ready = terminal ? "PodCompleted" : "ContainersNotReady";
	int n = 0;

	if (!scheduled) {
		if (p->flags & POD_UNSCHEDULABLE)
			out[n++] = (struct condition){ "PodScheduled",     "False",
						       "Unschedulable",    NULL,
						       p->meta.created_ms, TIME_NONE };
		return n;
	}
	out[n++] = (struct condition){ "PodReadyToStartContainers",
				       p->ip && !terminal ? "True" : "False",
				       NULL,
				       NULL,
				       p->started_ms,
				       TIME_NONE };
	out[n++] = (struct condition){ "Initialized",
				       initialized ? "True" : "False",
				       initialized ? NULL : "ContainersNotInitialized",
				       NULL,
				       p->started_ms,
				       TIME_NONE };
	/* The node controller flips Ready alone, keeping its (empty) reason: MarkPodsNotReady. */
	const struct node *lost = ctrs_ready && !ready ? cluster_get(c, KIND_NODE, p->node) : NULL;
	out[n++] = (struct condition){ "Ready",
				       ready ? "True" : "False",
				       ready || lost ? NULL : not_ready,
				       NULL,
				       lost                           ? lost->transition_ms
				       : api_time_is_set(p->ready_ms) ? p->ready_ms
								      : p->started_ms,
				       TIME_NONE };
	out[n++] = (struct condition){ "ContainersReady",
				       ctrs_ready ? "True" : "False",
				       ctrs_ready ? NULL : not_ready,
				       NULL,
				       api_time_is_set(p->ready_ms) ? p->ready_ms : p->started_ms,
				       TIME_NONE };
	out[n++] = (struct condition){ "PodScheduled", "True",          NULL,
				       NULL,           p->scheduled_ms, TIME_NONE };
	return n;
}

int64_t api_node_report_time(const struct cluster *c, const struct node *n, int64_t period)
{
	if (!n->kubelet_up)
		return n->heartbeat_ms;
	return c->now_ms - (c->now_ms - n->meta.created_ms) % period;
}

int api_node_conditions(const struct cluster *c, const struct node *n, struct condition *out)
{
	static const struct {
		const char *type, *reason, *message;
	} healthy[] = {
		{ "MemoryPressure", "KubeletHasSufficientMemory",
		  "kubelet has sufficient memory available" },
		{ "DiskPressure", "KubeletHasNoDiskPressure", "kubelet has no disk pressure" },
		{ "PIDPressure", "KubeletHasSufficientPID", "kubelet has sufficient PID available" },
		{ "Ready", "KubeletReady", "kubelet is posting ready status" },
	};
	bool lost = n->ready == NODE_UNKNOWN;

	for (int i = 0; i < 4; i++) {
		bool is_ready = i == 3;
		out[i] = (struct condition){ healthy[i].type,
					     is_ready ? "True" : "False",
					     healthy[i].reason,
					     healthy[i].message,
					     is_ready ? n->transition_ms : n->meta.created_ms,
					     api_node_report_time(c, n, 300000) };
		if (lost) {
			out[i].status = "Unknown";
			out[i].reason = "NodeStatusUnknown";
			out[i].message = "Kubelet stopped posting node status.";
			out[i].transition_ms = n->transition_ms;
		} else if (is_ready && n->ready == NODE_NOT_READY) {
			out[i].status = "False";
			out[i].reason = "KubeletNotReady";
			out[i].message = "container runtime is down";
		}
	}
	return 4;
}

static void add_conditions(struct tree *t, const struct condition *conds, int n, bool heartbeat)
{
	struct tree *list;

	if (!n)
		return;
	list = tree_add_list(t, "conditions");
	for (int i = 0; i < n; i++) {
		struct tree *m = tree_add_map(list, NULL);
		if (heartbeat)
			add_time(m, "lastHeartbeatTime", conds[i].heartbeat_ms);
		else
			tree_add_null(m, "lastProbeTime");
		add_time(m, "lastTransitionTime", conds[i].transition_ms);
		if (conds[i].message)
			tree_add_str(m, "message", conds[i].message);
		if (conds[i].reason)
			tree_add_str(m, "reason", conds[i].reason);
		tree_add_str(m, "status", conds[i].status);
		tree_add_str(m, "type", conds[i].type);
	}
}

static const char *const cond_status_names[] = { "", "True", "False", "Unknown" };

int api_deploy_conditions(const struct cluster *c, const struct deployment *d,
			  struct condition *out, char text[3][256])
{
	const struct deploy_condition *conds[3] = { &d->status.available_cond,
						     &d->status.progressing_cond,
						     &d->status.failure_cond };
	static const char *const types[3] = { "Available", "Progressing", "ReplicaFailure" };
	int n = 0;

	for (int i = 0; i < 3; i++) {
		if (conds[i]->status == COND_UNSET)
			continue;
		snprintf(text[n], sizeof text[n], conds[i]->message,
			 conds[i]->rs_name ? cluster_str(c, conds[i]->rs_name) : "");
		out[n] = (struct condition){ types[i], cond_status_names[conds[i]->status],
					     conds[i]->reason, text[n], conds[i]->transition_ms,
					     conds[i]->update_ms };
		n++;
	}
	return n;
}

/* --- kinds --- */

/* pkg/apis/core/helper/qos/qos.go GetPodQOS: init containers count as the others do. */
const char *api_pod_qos(const struct podspec *s)
{
	bool any = false, guaranteed = s->ncontainers > 0;

	for (uint32_t i = 0; i < s->ninit + s->ncontainers; i++) {
		const struct container *k =
		    i < s->ninit ? &s->init_containers[i] : &s->containers[i - s->ninit];
		any |= k->requests.cpu_milli || k->requests.mem_bytes || k->limits.cpu_milli ||
		       k->limits.mem_bytes;
		guaranteed &= k->limits.cpu_milli && k->limits.mem_bytes &&
			      (!k->requests.cpu_milli ||
			       k->requests.cpu_milli == k->limits.cpu_milli) &&
			      (!k->requests.mem_bytes ||
			       k->requests.mem_bytes == k->limits.mem_bytes);
	}
	return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
}

static void add_str_of(struct tree *t, const char *key,
		       void (*fmt)(const struct pod *, uint32_t, struct strbuf *),
		       const struct pod *p, uint32_t i)
{
	struct strbuf sb;

	sb_init(&sb);
	fmt(p, i, &sb);
	tree_add_str(t, key, sb.data);
	sb_free(&sb);
}

static void add_terminated(struct tree *t, const struct pod *p, uint32_t i, int64_t started)
{
	const struct ctr_status *cs = &p->ctrs[i];

	add_str_of(t, "containerID", api_container_id_format, p, i);
	tree_add_int(t, "exitCode", cs->exit_code);
	add_time(t, "finishedAt", cs->finished_ms);
	tree_add_str(t, "reason", ctr_exit_reason(cs));
	add_time(t, "startedAt", started);
}

static void add_container_state(const struct cluster *c, const struct pod *p, uint32_t i,
				struct tree *st)
{
	const struct ctr_status *cs = &p->ctrs[i];

	switch ((enum ctr_state)cs->state) {
	case CTR_RUNNING:
		add_time(tree_add_map(st, "running"), "startedAt", cs->since_ms);
		break;
	case CTR_TERMINATED:
		add_terminated(tree_add_map(st, "terminated"), p, i, cs->since_ms);
		break;
	case CTR_BACKOFF:
		tree_add_str(tree_add_map(st, "waiting"), "reason", "CrashLoopBackOff");
		break;
	case CTR_WAITING: {
		struct tree *w = tree_add_map(st, "waiting");
		if (cs->config_error && cs->pull == PULL_OK)
			add_id(c, w, "message", cs->config_error);
		tree_add_str(w, "reason", ctr_waiting_reason(p->ninit, cs));
		break;
	}
	}
}

static void add_container_statuses(const struct cluster *c, const struct pod *p, struct tree *st,
				   const char *key, uint32_t first, uint32_t n,
				   const struct container *specs)
{
	struct tree *list;

	if (!n)
		return;
	list = tree_add_list(st, key);
	for (uint32_t i = 0; i < n; i++) {
		const struct ctr_status *cs = &p->ctrs[first + i];
		struct tree *m = tree_add_map(list, NULL), *last;
		struct strbuf image;
		if (cs->started_once)
			add_str_of(m, "containerID", api_container_id_format, p, first + i);
		add_id(c, m, "image", specs[i].image);
		sb_init(&image);
		if (cs->started_once)
			api_image_id_format(cluster_str(c, specs[i].image), &image);
		tree_add_str(m, "imageID", image.data);
		sb_free(&image);
		last = tree_add_map(m, "lastState");
		if (cs->restarts && api_time_is_set(cs->finished_ms) && cs->state != CTR_TERMINATED)
			add_terminated(tree_add_map(last, "terminated"), p, first + i,
				       cs->state == CTR_RUNNING ? cs->finished_ms : cs->since_ms);
		add_id(c, m, "name", specs[i].name);
		tree_add_bool(m, "ready", cs->ready && cs->state == CTR_RUNNING);
		tree_add_int(m, "restartCount", cs->restarts);
		{
			/* prober_manager.go: started once the startup probe succeeded, if there is one */
			const struct probe_status *ps =
			    specs == cluster_spec(c, p->spec)->containers
				? pod_probe_status(p, &specs[i], i, PROBE_STARTUP)
				: NULL;
			tree_add_bool(m, "started",
				      cs->state == CTR_RUNNING && (!ps || ps->result == PROBE_SUCCESS));
		}
		add_container_state(c, p, first + i, tree_add_map(m, "state"));
	}
}

static void add_ip(struct tree *t, const char *key, const char *list_key, uint32_t ip)
{
	struct strbuf sb;

	sb_init(&sb);
	api_ip_format(ip, &sb);
	tree_add_str(t, key, sb.data);
	tree_add_str(tree_add_map(tree_add_list(t, list_key), NULL), "ip", sb.data);
	sb_free(&sb);
}

static void build_pod(const struct cluster *c, const void *obj, struct tree *root)
{
	const struct pod *p = obj;
	const struct podspec *s = cluster_spec(c, p->spec);
	const struct node *n = p->node != NONE32 ? cluster_get(c, KIND_NODE, p->node) : NULL;
	struct tree *st;
	struct condition conds[5];

	add_podspec(c, root, p->spec, p);
	st = tree_add_map(root, "status");
	add_conditions(st, conds, api_pod_conditions(c, p, conds), false);
	if (n && p->ctrs) {
		add_container_statuses(c, p, st, "containerStatuses", p->ninit, p->ncontainers,
				       s->containers);
		add_ip(st, "hostIP", "hostIPs", n->ip);
		add_container_statuses(c, p, st, "initContainerStatuses", 0, p->ninit,
				       s->init_containers);
	}
	tree_add_str(st, "phase", api_pod_phase_name((enum pod_phase)p->phase));
	if (p->ip)
		add_ip(st, "podIP", "podIPs", p->ip);
	tree_add_str(st, "qosClass", api_pod_qos(s));
	if (n)
		add_time(st, "startTime", p->started_ms);
}

static void add_int_nonzero(struct tree *t, const char *key, int64_t v)
{
	if (v)
		tree_add_int(t, key, v);
}

static void add_rs(const struct cluster *c, const struct replicaset *rs, struct tree *root,
		   bool map_selector)
{
	struct tree *spec = tree_add_map(root, "spec"), *st;

	add_int_nonzero(spec, "minReadySeconds", rs->min_ready_s);
	tree_add_int(spec, "replicas", rs->replicas);
	if (map_selector)
		add_labels(c, spec, "selector", rs->sel.match_labels);
	else
		add_selector(c, spec, "selector", &rs->sel);
	add_template(c, spec, &rs->tpl);
	st = tree_add_map(root, "status");
	add_int_nonzero(st, "availableReplicas", rs->status.available);
	if (rs->status.failure) {
		struct tree *m = tree_add_map(tree_add_list(st, "conditions"), NULL);
		add_time(m, "lastTransitionTime", rs->status.failure_ms);
		tree_add_str(m, "message", cluster_str(c, rs->status.failure));
		tree_add_str(m, "reason", "FailedCreate");
		tree_add_str(m, "status", "True");
		tree_add_str(m, "type", "ReplicaFailure");
	}
	add_int_nonzero(st, "fullyLabeledReplicas", rs->status.fully_labeled);
	add_int_nonzero(st, "observedGeneration", rs->status.observed_generation);
	add_int_nonzero(st, "readyReplicas", rs->status.ready);
	tree_add_int(st, "replicas", rs->status.replicas);
}

static void build_replicaset(const struct cluster *c, const void *obj, struct tree *root)
{
	add_rs(c, obj, root, false);
}

/* A ReplicationController's selector is a plain map. */
static void build_rc(const struct cluster *c, const void *obj, struct tree *root)
{
	add_rs(c, obj, root, true);
}

static void add_int_or_percent(struct tree *t, const char *key, int32_t v, bool pct)
{
	char buf[16];

	if (!pct) {
		tree_add_int(t, key, v);
		return;
	}
	snprintf(buf, sizeof buf, "%d%%", v);
	tree_add_str(t, key, buf);
}

static void build_daemonset(const struct cluster *c, const void *obj, struct tree *root)
{
	const struct daemonset *ds = obj;
	struct tree *spec = tree_add_map(root, "spec"), *st, *us;

	add_int_nonzero(spec, "minReadySeconds", ds->min_ready_s);
	tree_add_int(spec, "revisionHistoryLimit", 10);
	add_selector(c, spec, "selector", &ds->sel);
	add_template(c, spec, &ds->tpl);
	us = tree_add_map(spec, "updateStrategy");
	if (ds->strategy == DS_ROLLING_UPDATE) {
		struct tree *ru = tree_add_map(us, "rollingUpdate");
		add_int_or_percent(ru, "maxSurge", ds->max_surge, ds->max_surge_pct);
		add_int_or_percent(ru, "maxUnavailable", ds->max_unavailable,
				   ds->max_unavailable_pct);
	}
	tree_add_str(us, "type", ds->strategy == DS_ROLLING_UPDATE ? "RollingUpdate" : "OnDelete");
	st = tree_add_map(root, "status");
	tree_add_int(st, "currentNumberScheduled", ds->status.current);
	tree_add_int(st, "desiredNumberScheduled", ds->status.desired);
	add_int_nonzero(st, "numberAvailable", ds->status.available);
	tree_add_int(st, "numberMisscheduled", ds->status.misscheduled);
	tree_add_int(st, "numberReady", ds->status.ready);
	add_int_nonzero(st, "numberUnavailable", ds->status.unavailable);
	add_int_nonzero(st, "observedGeneration", ds->status.observed_generation);
	add_int_nonzero(st, "updatedNumberScheduled", ds->status.updated);
}

static void build_deployment(const struct cluster *c, const void *obj, struct tree *root)
{
	const struct deployment *d = obj;
	struct tree *spec = tree_add_map(root, "spec"), *st, *strategy, *list;
	struct condition conds[3];
	char text[3][256];
	int n = api_deploy_conditions(c, d, conds, text);

	add_int_nonzero(spec, "minReadySeconds", d->min_ready_s);
	if (d->paused)
		tree_add_bool(spec, "paused", true);
	tree_add_int(spec, "progressDeadlineSeconds", d->progress_deadline_s);
	tree_add_int(spec, "replicas", d->replicas);
	tree_add_int(spec, "revisionHistoryLimit", d->history_limit);
	add_selector(c, spec, "selector", &d->sel);
	strategy = tree_add_map(spec, "strategy");
	if (d->strategy == DEPLOY_ROLLING_UPDATE) {
		struct tree *ru = tree_add_map(strategy, "rollingUpdate");
		add_int_or_percent(ru, "maxSurge", d->max_surge, d->max_surge_pct);
		add_int_or_percent(ru, "maxUnavailable", d->max_unavailable,
				   d->max_unavailable_pct);
	}
	tree_add_str(strategy, "type",
		     d->strategy == DEPLOY_ROLLING_UPDATE ? "RollingUpdate" : "Recreate");
	add_template(c, spec, &d->tpl);
	st = tree_add_map(root, "status");
	add_int_nonzero(st, "availableReplicas", d->status.available);
	add_int_nonzero(st, "collisionCount", d->status.collision_count);
	if (n) {
		list = tree_add_list(st, "conditions");
		for (int i = 0; i < n; i++) {
			struct tree *m = tree_add_map(list, NULL);
			add_time(m, "lastTransitionTime", conds[i].transition_ms);
			add_time(m, "lastUpdateTime", conds[i].heartbeat_ms);
			tree_add_str(m, "message", conds[i].message);
			tree_add_str(m, "reason", conds[i].reason);
			tree_add_str(m, "status", conds[i].status);
			tree_add_str(m, "type", conds[i].type);
		}
	}
	add_int_nonzero(st, "observedGeneration", d->status.observed_generation);
	add_int_nonzero(st, "readyReplicas", d->status.ready);
	add_int_nonzero(st, "replicas", d->status.replicas);
	add_int_nonzero(st, "unavailableReplicas", d->status.unavailable);
	add_int_nonzero(st, "updatedReplicas", d->status.updated);
}

static void add_job_spec(const struct cluster *c, const struct job_spec *js, struct tree *spec)
{
	if (js->active_deadline_s >= 0)
		tree_add_int(spec, "activeDeadlineSeconds", js->active_deadline_s);
	tree_add_int(spec, "backoffLimit", js->backoff_limit);
	tree_add_str(spec, "completionMode",
		     js->mode == COMPLETION_INDEXED ? "Indexed" : "NonIndexed");
	if (js->completions >= 0)
		tree_add_int(spec, "completions", js->completions);
	if (js->manual_selector)
		tree_add_bool(spec, "manualSelector", true);
	tree_add_int(spec, "parallelism", js->parallelism);
	tree_add_str(spec, "podReplacementPolicy", "TerminatingOrFailed");
	if (!selector_empty(&js->sel))
		add_selector(c, spec, "selector", &js->sel);
	tree_add_bool(spec, "suspend", js->suspend);
	add_template(c, spec, &js->tpl);
	if (js->ttl_s >= 0)
		tree_add_int(spec, "ttlSecondsAfterFinished", js->ttl_s);
}

/* The message the Job controller writes with a condition's reason. */
const char *api_job_reason_message(const char *reason)
{
	static const char *const messages[][2] = {
		{ "BackoffLimitExceeded", "Job has reached the specified backoff limit" },
		{ "DeadlineExceeded", "Job was active longer than specified deadline" },
		{ "JobSuspended", "Job suspended" },
	};
	for (size_t i = 0; i < ARRAY_LEN(messages); i++)
		if (strcmp(reason, messages[i][0]) == 0)
			return messages[i][1];
	return NULL;
}

static void build_job(const struct cluster *c, const void *obj, struct tree *root)
{
	const struct job *j = obj;
	struct tree *st;
	struct condition cond = { NULL, "True", NULL, NULL, j->status.condition_ms, TIME_NONE };

	add_job_spec(c, &j->spec, tree_add_map(root, "spec"));
	st = tree_add_map(root, "status");
	add_int_nonzero(st, "active", j->status.active);
	if (api_time_is_set(j->status.completion_ms))
		add_time(st, "completionTime", j->status.completion_ms);
	if (j->status.condition != JOB_RUNNING) {
		cond.type = j->status.condition == JOB_COMPLETE ? "Complete" : "Failed";
		cond.reason = j->status.reason ? cluster_str(c, j->status.reason) : NULL;
		cond.message = cond.reason ? api_job_reason_message(cond.reason) : NULL;
	} else if (j->status.suspended) {
		cond = (struct condition){ "Suspended",
					   "True",
					   "JobSuspended",
					   "Job suspended",
					   j->status.condition_ms,
					   TIME_NONE };
	}
	if (cond.type)
		add_conditions(st, &cond, 1, false);
	add_int_nonzero(st, "failed", j->status.failed);
	tree_add_int(st, "ready", j->status.ready);
	if (api_time_is_set(j->status.start_ms))
		add_time(st, "startTime", j->status.start_ms);
	add_int_nonzero(st, "succeeded", j->status.succeeded);
	tree_add_int(st, "terminating", j->status.terminating);
	tree_add_map(st, "uncountedTerminatedPods");
}

static void build_cronjob(const struct cluster *c, const void *obj, struct tree *root)
{
	static const char *const policies[] = { "Allow", "Forbid", "Replace" };
	const struct cronjob *cj = obj;
	struct tree *spec = tree_add_map(root, "spec"), *jt, *md, *st;

	tree_add_str(spec, "concurrencyPolicy", policies[cj->concurrency]);
	tree_add_int(spec, "failedJobsHistoryLimit", cj->failed_history);
	jt = tree_add_map(spec, "jobTemplate");
	md = tree_add_map(jt, "metadata");
	add_labels(c, md, "annotations", cj->job.annotations);
	tree_add_null(md, "creationTimestamp");
	add_labels(c, md, "labels", cj->job.labels);
	add_job_spec(c, &cj->job, tree_add_map(jt, "spec"));
	tree_add_str(spec, "schedule", cj->schedule ? cj->schedule : "");
	if (cj->starting_deadline_s >= 0)
		tree_add_int(spec, "startingDeadlineSeconds", cj->starting_deadline_s);
	tree_add_int(spec, "successfulJobsHistoryLimit", cj->success_history);
	tree_add_bool(spec, "suspend", cj->suspend);
	if (cj->time_zone)
		add_id(c, spec, "timeZone", cj->time_zone);
	st = tree_add_map(root, "status");
	if (cj->status.nactive) {
		struct tree *list = tree_add_list(st, "active");
		for (uint32_t i = 0; i < cj->status.nactive; i++) {
			const struct meta *m = cluster_deref(c, KIND_JOB, cj->status.active[i].job);
			struct tree *ref;
			char rv[24];
			if (!m)
				continue;
			ref = tree_add_map(list, NULL);
			tree_add_str(ref, "apiVersion", "batch/v1");
			tree_add_str(ref, "kind", "Job");
			add_id(c, ref, "name", m->name);
			add_id(c, ref, "namespace", m->ns);
			snprintf(rv, sizeof rv, "%llu", (unsigned long long)m->rv);
			tree_add_str(ref, "resourceVersion", rv);
			add_uid(ref, "uid", m->uid);
		}
	}
	if (api_time_is_set(cj->status.last_schedule_ms))
		add_time(st, "lastScheduleTime", cj->status.last_schedule_ms);
	if (api_time_is_set(cj->status.last_success_ms))
		add_time(st, "lastSuccessfulTime", cj->status.last_success_ms);
}

static void add_claim_template(const struct cluster *c, const struct claim_template *ct,
			       struct tree *list)
{
	struct tree *m = tree_add_map(list, NULL), *md, *spec;
	struct strbuf modes;

	tree_add_str(m, "apiVersion", "v1");
	tree_add_str(m, "kind", "PersistentVolumeClaim");
	md = tree_add_map(m, "metadata");
	tree_add_null(md, "creationTimestamp");
	add_labels(c, md, "labels", ct->labels);
	add_id(c, md, "name", ct->name);
	spec = tree_add_map(m, "spec");
	sb_init(&modes);
	api_access_modes_format(ct->access_modes, &modes);
	for (char *tok = modes.data, *next; *tok; tok = next) {
		static const char *const long_names[][2] = {
			{ "RWO", "ReadWriteOnce" },
			{ "ROX", "ReadOnlyMany" },
			{ "RWX", "ReadWriteMany" },
			{ "RWOP", "ReadWriteOncePod" },
		};
		size_t len = strcspn(tok, ",");
		next = tok + len + (tok[len] == ',');
		for (size_t i = 0; i < ARRAY_LEN(long_names); i++)
			if (strlen(long_names[i][0]) == len &&
			    strncmp(tok, long_names[i][0], len) == 0)
				tree_add_str(tree_add_list(spec, "accessModes"), NULL,
					     long_names[i][1]);
	}
	sb_free(&modes);
	add_fmt(tree_add_map(tree_add_map(spec, "resources"), "requests"), "storage",
		api_bytes_format, ct->request_bytes);
	if (ct->storage_class != NONE32)
		add_id(c, spec, "storageClassName", ct->storage_class);
	tree_add_str(spec, "volumeMode", "Filesystem");
	tree_add_str(tree_add_map(m, "status"), "phase", "Pending");
}

/* A ControllerRevision's name, as the StatefulSet controller writes it in status. */
static void add_revision_name(const struct cluster *c, struct tree *t, const char *key,
			      uint32_t owner, uint32_t hash)
{
	struct strbuf name;

	sb_init(&name);
	cluster_revision_name(c, owner, hash, &name);
	tree_add_str(t, key, name.data);
	sb_free(&name);
}

static void build_statefulset(const struct cluster *c, const void *obj, struct tree *root)
{
	const struct statefulset *s = obj;
	struct tree *spec = tree_add_map(root, "spec"), *st, *ret, *us;

	add_int_nonzero(spec, "minReadySeconds", s->min_ready_s);
	ret = tree_add_map(spec, "persistentVolumeClaimRetentionPolicy");
	tree_add_str(ret, "whenDeleted", s->delete_claims_when_deleted ? "Delete" : "Retain");
	tree_add_str(ret, "whenScaled", s->delete_claims_when_scaled ? "Delete" : "Retain");
	tree_add_str(spec, "podManagementPolicy",
		     s->pod_management == PODS_PARALLEL ? "Parallel" : "OrderedReady");
	tree_add_int(spec, "replicas", s->replicas);
	tree_add_int(spec, "revisionHistoryLimit", s->history_limit);
	add_selector(c, spec, "selector", &s->sel);
	add_id(c, spec, "serviceName", s->service_name);
	add_template(c, spec, &s->tpl);
	us = tree_add_map(spec, "updateStrategy");
	if (s->strategy == STS_ROLLING_UPDATE && !s->rolling_update_nil)
		tree_add_int(tree_add_map(us, "rollingUpdate"), "partition", s->partition);
	tree_add_str(us, "type", s->strategy == STS_ROLLING_UPDATE ? "RollingUpdate" : "OnDelete");
	if (s->nclaims) {
		struct tree *list = tree_add_list(spec, "volumeClaimTemplates");
		for (uint32_t i = 0; i < s->nclaims; i++)
			add_claim_template(c, &s->claims[i], list);
	}
	st = tree_add_map(root, "status");
	add_int_nonzero(st, "availableReplicas", s->status.available);
	tree_add_int(st, "collisionCount", 0);
	add_int_nonzero(st, "currentReplicas", s->status.current);
	if (s->status.current_tpl.spec)
		add_revision_name(c, st, "currentRevision", s->meta.name, s->status.current_revision);
	add_int_nonzero(st, "observedGeneration", s->status.observed_generation);
	add_int_nonzero(st, "readyReplicas", s->status.ready);
	tree_add_int(st, "replicas", s->status.replicas);
	if (s->status.current_tpl.spec)
		add_revision_name(c, st, "updateRevision", s->meta.name, s->status.update_revision);
	add_int_nonzero(st, "updatedReplicas", s->status.updated);
}

/* data: the template as the controllers' strategic merge patch (daemon/update.go and stateful_set_utils.go getPatch). */
static void build_revision(const struct cluster *c, const void *obj, struct tree *root)
{
	const struct controller_revision *r = obj;
	struct tree *tt = add_template(c, tree_add_map(tree_add_map(root, "data"), "spec"), &r->tpl);

	tree_add_str(tt, "$patch", "replace");
	tree_add_int(root, "revision", r->revision);
}

static void build_service(const struct cluster *c, const void *obj, struct tree *root)
{
	const struct service *s = obj;
	struct tree *spec = tree_add_map(root, "spec");

	if (s->type != SVC_EXTERNAL_NAME) {
		struct strbuf ip;
		sb_init(&ip);
		if (s->headless)
			sb_add(&ip, "None");
		else
			api_ip_format(s->cluster_ip, &ip);
		tree_add_str(spec, "clusterIP", ip.data);
		tree_add_str(tree_add_list(spec, "clusterIPs"), NULL, ip.data);
		sb_free(&ip);
	}
	if (s->type == SVC_NODE_PORT || s->type == SVC_LOAD_BALANCER)
		tree_add_str(spec, "externalTrafficPolicy", s->local_traffic ? "Local" : "Cluster");
	if (s->health_check_node_port)
		tree_add_int(spec, "healthCheckNodePort", s->health_check_node_port);
	if (s->type == SVC_EXTERNAL_NAME)
		add_id(c, spec, "externalName", s->external_name);
	if (s->type != SVC_EXTERNAL_NAME) {
		tree_add_str(spec, "internalTrafficPolicy", "Cluster");
		tree_add_str(tree_add_list(spec, "ipFamilies"), NULL, "IPv4");
		tree_add_str(spec, "ipFamilyPolicy", "SingleStack");
	}
	if (s->nports) {
		struct tree *ports = tree_add_list(spec, "ports");
		for (uint32_t i = 0; i < s->nports; i++) {
			const struct service_port *sp = &s->ports[i];
			struct tree *m = tree_add_map(ports, NULL);
			if (sp->name)
				add_id(c, m, "name", sp->name);
			if (sp->node_port)
				tree_add_int(m, "nodePort", sp->node_port);
			tree_add_int(m, "port", sp->port);
			tree_add_str(m, "protocol", api_protocol_name(c, sp->protocol));
			if (sp->target_port_name)
				add_id(c, m, "targetPort", sp->target_port_name);
			else
				tree_add_int(m, "targetPort",
					     sp->target_port ? sp->target_port : sp->port);
		}
	}
	if (s->publish_not_ready)
		tree_add_bool(spec, "publishNotReadyAddresses", true);
	add_labels(c, spec, "selector", s->selector);
	tree_add_str(spec, "sessionAffinity", "None");
	tree_add_str(spec, "type", api_service_type_name(s->type));
	tree_add_map(tree_add_map(root, "status"), "loadBalancer");
}

static void add_addresses(const struct cluster *c, const struct endpoints *ep, struct tree *subset,
			  const char *key, bool ready)
{
	struct tree *list = NULL;

	for (uint32_t i = 0; i < ep->naddrs; i++) {
		const struct endpoint_addr *a = &ep->addrs[i];
		const struct meta *pod = cluster_deref(c, KIND_POD, a->pod);
		struct tree *m, *ref;
		struct strbuf ip;
		if (a->ready != ready)
			continue;
		if (!list)
			list = tree_add_list(subset, key);
		m = tree_add_map(list, NULL);
		if (a->hostname)
			add_id(c, m, "hostname", a->hostname);
		sb_init(&ip);
		api_ip_format(a->ip, &ip);
		tree_add_str(m, "ip", ip.data);
		sb_free(&ip);
		if (a->node)
			add_id(c, m, "nodeName", a->node);
		if (!pod)
			continue;
		ref = tree_add_map(m, "targetRef");
		tree_add_str(ref, "kind", "Pod");
		add_id(c, ref, "name", pod->name);
		add_id(c, ref, "namespace", pod->ns);
		add_uid(ref, "uid", pod->uid);
	}
}

static void build_endpoints(const struct cluster *c, const void *obj, struct tree *root)
{
	const struct endpoints *ep = obj;
	uint32_t svc = cluster_find(c, KIND_SVC, ep->meta.ns, ep->meta.name);
	const struct service *s = svc != NONE32 ? cluster_get(c, KIND_SVC, svc) : NULL;
	struct tree *subset;

	if (!ep->naddrs)
		return;
	subset = tree_add_map(tree_add_list(root, "subsets"), NULL);
	add_addresses(c, ep, subset, "addresses", true);
	add_addresses(c, ep, subset, "notReadyAddresses", false);
	if (s && s->nports) {
		struct tree *ports = tree_add_list(subset, "ports");
		for (uint32_t i = 0; i < s->nports; i++) {
			struct tree *m = tree_add_map(ports, NULL);
			if (s->ports[i].name)
				add_id(c, m, "name", s->ports[i].name);
			tree_add_int(m, "port", engine_endpoint_port(c, &s->ports[i], &ep->addrs[0]));
			tree_add_str(m, "protocol", api_protocol_name(c, s->ports[i].protocol));
		}
	}
}

static void add_access_modes(uint8_t modes, struct tree *spec)
{
	static const struct {
		uint8_t bit;
		const char *name;
	} names[] = { { ACCESS_RWO, "ReadWriteOnce" },
		      { ACCESS_ROX, "ReadOnlyMany" },
		      { ACCESS_RWX, "ReadWriteMany" },
		      { ACCESS_RWOP, "ReadWriteOncePod" } };
	struct tree *list = modes ? tree_add_list(spec, "accessModes") : NULL;

	for (size_t i = 0; i < ARRAY_LEN(names); i++)
		if (modes & names[i].bit)
			tree_add_str(list, NULL, names[i].name);
}

static void build_pv(const struct cluster *c, const void *obj, struct tree *root)
{
	static const char *const reclaim[] = { "Retain", "Delete", "Recycle" };
	const struct pv *pv = obj;
	struct tree *spec = tree_add_map(root, "spec");

	add_access_modes(pv->access_modes, spec);
	add_fmt(tree_add_map(spec, "capacity"), "storage", api_bytes_format, pv->capacity_bytes);
	if (pv->claim_name) {
		struct tree *ref = tree_add_map(spec, "claimRef");
		uint32_t idx = cluster_find(c, KIND_PVC, pv->claim_ns, pv->claim_name);
		tree_add_str(ref, "apiVersion", "v1");
		tree_add_str(ref, "kind", "PersistentVolumeClaim");
		add_id(c, ref, "name", pv->claim_name);
		add_id(c, ref, "namespace", pv->claim_ns);
		if (idx != NONE32)
			add_uid(ref, "uid", cluster_meta(c, KIND_PVC, idx)->uid);
	}
	tree_add_str(spec, "persistentVolumeReclaimPolicy", reclaim[pv->reclaim]);
	add_id(c, spec, "storageClassName", pv->storage_class);
	tree_add_str(spec, "volumeMode", "Filesystem");
	tree_add_str(tree_add_map(root, "status"), "phase", api_volume_phase_name(pv->phase));
}

static void build_pvc(const struct cluster *c, const void *obj, struct tree *root)
{
	const struct pvc *p = obj;
	struct tree *spec = tree_add_map(root, "spec"), *st;

	add_access_modes(p->access_modes, spec);
	add_fmt(tree_add_map(tree_add_map(spec, "resources"), "requests"), "storage",
		api_bytes_format, p->request_bytes);
	if (p->storage_class != NONE32)
		add_id(c, spec, "storageClassName", p->storage_class);
	tree_add_str(spec, "volumeMode", "Filesystem");
	if (p->volume)
		add_id(c, spec, "volumeName", p->volume);
	st = tree_add_map(root, "status");
	if (p->volume) {
		add_access_modes(p->access_modes, st);
		add_fmt(tree_add_map(st, "capacity"), "storage", api_bytes_format, p->capacity_bytes);
	}
	tree_add_str(st, "phase", api_volume_phase_name(p->phase));
}

static void add_node_resources(struct tree *t, const char *key, const struct resources *r,
			       int32_t pods)
{
	struct tree *m = tree_add_map(t, key);
	char buf[16];

	add_fmt(m, "cpu", api_cpu_format, r->cpu_milli);
	add_fmt(m, "memory", api_bytes_format, r->mem_bytes);
	snprintf(buf, sizeof buf, "%d", pods);
	tree_add_str(m, "pods", buf);
}

static void build_node(const struct cluster *c, const void *obj, struct tree *root)
{
	const struct node *n = obj;
	struct tree *spec = tree_add_map(root, "spec"), *st, *addrs, *a, *info;
	struct condition conds[4];
	struct strbuf sb;

	sb_init(&sb);
	sb_printf(&sb, "10.244.%u.0/24", n->index);
	tree_add_str(spec, "podCIDR", sb.data);
	tree_add_str(tree_add_list(spec, "podCIDRs"), NULL, sb.data);
	if (n->ntaints) {
		struct tree *list = tree_add_list(spec, "taints");
		for (uint32_t i = 0; i < n->ntaints; i++) {
			struct tree *m = tree_add_map(list, NULL);
			tree_add_str(m, "effect", api_taint_effect_name(n->taints[i].effect));
			add_id(c, m, "key", n->taints[i].key);
			if (api_time_is_set(n->taints[i].added_ms) &&
			    n->taints[i].effect == EFFECT_NO_EXECUTE)
				add_time(m, "timeAdded", n->taints[i].added_ms);
			if (n->taints[i].value)
				add_id(c, m, "value", n->taints[i].value);
		}
	}
	if (n->unschedulable)
		tree_add_bool(spec, "unschedulable", true);
	st = tree_add_map(root, "status");
	addrs = tree_add_list(st, "addresses");
	a = tree_add_map(addrs, NULL);
	sb_reset(&sb);
	api_ip_format(n->ip, &sb);
	tree_add_str(a, "address", sb.data);
	tree_add_str(a, "type", "InternalIP");
	a = tree_add_map(addrs, NULL);
	add_id(c, a, "address", n->meta.name);
	tree_add_str(a, "type", "Hostname");
	add_node_resources(st, "allocatable", &n->allocatable, n->max_pods);
	add_node_resources(st, "capacity", &n->capacity, n->max_pods);
	add_conditions(st, conds, api_node_conditions(c, n, conds), true);
	info = tree_add_map(st, "nodeInfo");
	tree_add_str(info, "architecture", "amd64");
	tree_add_str(info, "containerRuntimeVersion", api_container_runtime);
	tree_add_str(info, "kernelVersion", api_kernel_version);
	tree_add_str(info, "kubeProxyVersion", "");
	tree_add_str(info, "kubeletVersion", api_kubelet_version);
	tree_add_str(info, "operatingSystem", "linux");
	tree_add_str(info, "osImage", api_os_image);
	sb_free(&sb);
}

void api_config_tree_add(const struct cluster *c, enum kind kind, const struct config_object *o,
			 struct tree *root)
{
	struct tree *data = NULL, *bin = NULL;
	struct strbuf sb;

	sb_init(&sb);
	for (uint32_t i = 0; i < o->nentries; i++) {
		const struct config_entry *e = &o->entries[i];
		bool b64 = e->binary || kind == KIND_SECRET;
		struct tree **map = e->binary ? &bin : &data;

		if (!*map)
			*map = tree_add_map(root, e->binary ? "binaryData" : "data");
		sb_reset(&sb);
		if (b64)
			configdata_base64_encode(e->value, e->len, &sb);
		tree_add_str(*map, cluster_str(c, e->key), b64 ? sb.data : e->value);
	}
	sb_free(&sb);
	if (o->immutable)
		tree_add_bool(root, "immutable", true);
	if (o->type)
		add_id(c, root, "type", o->type);
}

static void build_configmap(const struct cluster *c, const void *obj, struct tree *root)
{
	api_config_tree_add(c, KIND_CM, obj, root);
}

static void build_secret(const struct cluster *c, const void *obj, struct tree *root)
{
	api_config_tree_add(c, KIND_SECRET, obj, root);
}

static const build_fn builders[KIND_COUNT] = {
	[KIND_NODE] = build_node,       [KIND_POD] = build_pod,         [KIND_RC] = build_rc,
	[KIND_RS] = build_replicaset,   [KIND_DS] = build_daemonset,    [KIND_JOB] = build_job,
	[KIND_CRONJOB] = build_cronjob, [KIND_STS] = build_statefulset, [KIND_SVC] = build_service,
	[KIND_EP] = build_endpoints,    [KIND_PV] = build_pv,           [KIND_PVC] = build_pvc,
	[KIND_DEPLOY] = build_deployment, [KIND_CM] = build_configmap,  [KIND_SECRET] = build_secret,
	[KIND_CR] = build_revision,
};

struct tree *api_object_tree(const struct cluster *c, enum kind kind, uint32_t idx)
{
	const struct kind_info *ki = kind_info(kind);
	const struct meta *m = cluster_meta(c, kind, idx);
	struct tree *root = tree_map();

	tree_add_str(root, "apiVersion", ki->api_version);
	tree_add_str(root, "kind", ki->kind);
	add_metadata(c, kind, m, root);
	builders[kind](c, m, root);
	return root;
}

int api_object_field(const struct cluster *c, enum kind kind, uint32_t idx, const char *path,
		     struct strbuf *out)
{
	struct tree *root = api_object_tree(c, kind, idx);
	int rc = tree_field(root, path, out);

	tree_free(root);
	return rc;
}

struct tree *api_event_tree(const struct cluster *c, const struct kevent *e)
{
	const struct event *ev = e->first;
	struct tree *root = tree_map(), *io, *md;
	struct strbuf name;

	tree_add_str(root, "apiVersion", "v1");
	tree_add_int(root, "count", e->count);
	add_time(root, "eventTime", TIME_NONE);
	add_time(root, "firstTimestamp", ev->time_ms);
	io = tree_add_map(root, "involvedObject");
	if (ev->kind < KIND_COUNT) {
		tree_add_str(io, "apiVersion", kind_info(ev->kind)->api_version);
		tree_add_str(io, "kind", kind_info(ev->kind)->kind);
	}
	add_id(c, io, "name", ev->name);
	if (ev->ns)
		add_id(c, io, "namespace", ev->ns);
	add_uid(io, "uid", ev->uid);
	tree_add_str(root, "kind", "Event");
	add_time(root, "lastTimestamp", e->last->time_ms);
	tree_add_str(root, "message", e->message);
	md = tree_add_map(root, "metadata");
	add_time(md, "creationTimestamp", ev->time_ms);
	sb_init(&name);
	api_event_name(c, e, &name);
	tree_add_str(md, "name", name.data);
	sb_free(&name);
	add_id(c, md, "namespace", api_event_ns(c, ev));
	add_id(c, root, "reason", ev->reason);
	tree_add_str(root, "reportingComponent", "");
	tree_add_str(root, "reportingInstance", "");
	add_id(c, tree_add_map(root, "source"), "component", ev->source);
	tree_add_str(root, "type", ev->type == EVENT_WARNING ? "Warning" : "Normal");
	return root;
}

struct tree *api_namespace_tree(const struct cluster *c, uint32_t name)
{
	struct tree *root = tree_map(), *md;

	tree_add_str(root, "apiVersion", "v1");
	tree_add_str(root, "kind", "Namespace");
	md = tree_add_map(root, "metadata");
	add_id(c, tree_add_map(md, "labels"), "kubernetes.io/metadata.name", name);
	add_id(c, md, "name", name);
	tree_add_str(tree_add_list(tree_add_map(root, "spec"), "finalizers"), NULL, "kubernetes");
	tree_add_str(tree_add_map(root, "status"), "phase", "Active");
	return root;
}

/*
 * Field selectors (`kubectl get --field-selector`): terms joined by commas,
 * each `field=value`, `field==value` or `field!=value`, all of which must
 * hold (k8s.io/apimachinery/pkg/fields/selector.go). Which fields a kind
 * offers is the API server's: every kind has metadata.name and
 * metadata.namespace; pods, nodes, services and a few more add their own
 * (pkg/apis/core/v1/conversion.go, pkg/apis/batch/v1/conversion.go); a
 * kind with a field list of its own refuses others with "field label not
 * supported", the rest with the generic "is not a known field selector".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* The fields each kind can be selected by, beyond metadata.name and metadata.namespace. */
static const struct {
	enum kind kind;
	const char *fields[12];
} kind_fields[] = {
	{ KIND_POD,
	  { "spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
	    "spec.hostNetwork", "status.phase", "status.podIP", "status.podIPs",
	    "status.nominatedNodeName" } },
	{ KIND_NODE, { "spec.unschedulable" } },
	{ KIND_RC, { "status.replicas" } },
	{ KIND_SVC, { "spec.clusterIP", "spec.type" } },
	{ KIND_JOB, { "status.successful" } },
	{ KIND_SECRET, { "type" } }, /* pkg/registry/core/secret/strategy.go SelectableFields */
	/* KIND_NONE stands for events here, as in the watch (pkg/registry/core/event/strategy.go) */
	{ KIND_NONE,
	  { "involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
	    "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion",
	    "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type" } },
};

void field_selector_free(struct field_selector *fs)
{
	for (uint32_t i = 0; i < fs->n; i++) {
		free(fs->terms[i].field);
		free(fs->terms[i].value);
	}
	free(fs->terms);
	free(fs->text);
	memset(fs, 0, sizeof *fs);
}

int field_selector_parse(const char *text, struct field_selector *fs, struct strbuf *err)
{
	char *copy = xstrdup(text), *save = NULL;
	int rc = 0;

	memset(fs, 0, sizeof *fs);
	fs->text = xstrdup(text);
	for (char *t = strtok_r(copy, ",", &save); t && !rc; t = strtok_r(NULL, ",", &save)) {
		char *op = strstr(t, "!=");
		size_t oplen = 2;
		bool neg = op != NULL;
		if (!op && (op = strstr(t, "==")) == NULL) {
			op = strchr(t, '=');
			oplen = 1;
		}
		if (!op || op == t) {
			sb_printf(err, "invalid selector: '%s'; can't understand '%s'", text, t);
			rc = -1;
			break;
		}
		fs->terms = xrealloc(fs->terms, (fs->n + 1) * sizeof *fs->terms);
		fs->terms[fs->n].field = xstrndup(t, (size_t)(op - t));
		fs->terms[fs->n].value = xstrdup(op + oplen);
		fs->terms[fs->n++].neg = neg;
	}
	free(copy);
	return rc;
}

/* The kind's own fields, or NULL when it has only the generic two. */
static const char *const *own_fields(enum kind kind)
{
	for (size_t i = 0; i < ARRAY_LEN(kind_fields); i++)
		if (kind_fields[i].kind == kind)
			return kind_fields[i].fields;
	return NULL;
}

static bool field_known(enum kind kind, const char *field)
{
	const char *const *own = own_fields(kind);

	if (strcmp(field, "metadata.name") == 0)
		return true;
	/* a Node and a Namespace are cluster-scoped: no metadata.namespace to select by */
	if (strcmp(field, "metadata.namespace") == 0)
		return kind != KIND_NODE;
	for (size_t i = 0; own && i < ARRAY_LEN(kind_fields[0].fields) && own[i]; i++)
		if (strcmp(own[i], field) == 0)
			return true;
	return false;
}

int field_selector_check(enum kind kind, const struct field_selector *fs, struct strbuf *err)
{
	for (uint32_t i = 0; i < fs->n; i++) {
		const char *f = fs->terms[i].field;
		if (field_known(kind, f))
			continue;
		if (own_fields(kind))
			sb_printf(err, "field label not supported: %s", f);
		else
			sb_printf(err,
				  "\"%s\" is not a known field selector: only \"metadata.name\", "
				  "\"metadata.namespace\"",
				  f);
		return -1;
	}
	return 0;
}

static const char *restart_name(enum restart_policy rp)
{
	static const char *const names[] = { [RESTART_ALWAYS] = "Always",
					     [RESTART_ON_FAILURE] = "OnFailure",
					     [RESTART_NEVER] = "Never" };
	return rp < ARRAY_LEN(names) && names[rp] ? names[rp] : "";
}

/* The field's value for object idx of kind, as the API server's selectable fields render it. */
static void field_value(const struct cluster *c, enum kind kind, uint32_t idx, const char *field,
			struct strbuf *out)
{
	const struct meta *m = cluster_meta(c, kind, idx);

	if (strcmp(field, "metadata.name") == 0) {
		sb_add(out, cluster_str(c, m->name));
	} else if (strcmp(field, "metadata.namespace") == 0) {
		sb_add(out, m->ns ? cluster_str(c, m->ns) : "");
	} else if (kind == KIND_POD) {
		const struct pod *p = (const struct pod *)m;
		const struct podspec *s = cluster_spec(c, p->spec);
		const struct node *n = p->node == NONE32 ? NULL : cluster_get(c, KIND_NODE, p->node);
		if (strcmp(field, "spec.nodeName") == 0 && n)
			sb_add(out, cluster_str(c, n->meta.name));
		else if (strcmp(field, "spec.restartPolicy") == 0)
			sb_add(out, restart_name(s->restart_policy));
		else if (strcmp(field, "spec.schedulerName") == 0)
			sb_add(out, s->scheduler_name ? cluster_str(c, s->scheduler_name)
						      : "default-scheduler");
		else if (strcmp(field, "spec.serviceAccountName") == 0)
			sb_add(out, "default");
		else if (strcmp(field, "spec.hostNetwork") == 0)
			sb_add(out, s->host_network ? "true" : "false");
		else if (strcmp(field, "status.phase") == 0)
			sb_add(out, api_pod_phase_name((enum pod_phase)p->phase));
		else if ((strcmp(field, "status.podIP") == 0 || strcmp(field, "status.podIPs") == 0) &&
			 p->ip)
			api_ip_format(p->ip, out);
	} else if (kind == KIND_NODE && strcmp(field, "spec.unschedulable") == 0) {
		sb_add(out, ((const struct node *)m)->unschedulable ? "true" : "false");
	} else if (kind == KIND_RC && strcmp(field, "status.replicas") == 0) {
		sb_printf(out, "%d", ((const struct replicaset *)m)->status.replicas);
	} else if (kind == KIND_JOB && strcmp(field, "status.successful") == 0) {
		sb_printf(out, "%d", ((const struct job *)m)->status.succeeded);
	} else if (kind == KIND_SECRET && strcmp(field, "type") == 0) {
		sb_add(out, cluster_str(c, ((const struct config_object *)m)->type));
	} else if (kind == KIND_SVC) {
		const struct service *svc = (const struct service *)m;
		if (strcmp(field, "spec.type") == 0)
			sb_add(out, api_service_type_name(svc->type));
		else if (strcmp(field, "spec.clusterIP") == 0 && svc->headless)
			sb_add(out, "None");
		else if (strcmp(field, "spec.clusterIP") == 0 && svc->cluster_ip)
			api_ip_format(svc->cluster_ip, out);
	}
}

/* An event's field, as its selectable fields render it (those ksim has no value for are ""). */
static void event_value(const struct cluster *c, const struct kevent *e, const char *field,
			struct strbuf *out)
{
	const struct event *ev = e->first;
	const struct kind_info *ki = ev->kind < KIND_COUNT ? kind_info(ev->kind) : NULL;

	if (strcmp(field, "metadata.name") == 0)
		api_event_name(c, e, out);
	else if (strcmp(field, "metadata.namespace") == 0)
		sb_add(out, cluster_str(c, api_event_ns(c, ev)));
	else if (strcmp(field, "involvedObject.kind") == 0 && ki)
		sb_add(out, ki->kind);
	else if (strcmp(field, "involvedObject.apiVersion") == 0 && ki)
		sb_add(out, ki->api_version);
	else if (strcmp(field, "involvedObject.name") == 0)
		sb_add(out, cluster_str(c, ev->name));
	else if (strcmp(field, "involvedObject.namespace") == 0 && ev->ns)
		sb_add(out, cluster_str(c, ev->ns));
	else if (strcmp(field, "reason") == 0)
		sb_add(out, cluster_str(c, ev->reason));
	else if (strcmp(field, "source") == 0)
		sb_add(out, cluster_str(c, ev->source));
	else if (strcmp(field, "type") == 0)
		sb_add(out, ev->type == EVENT_WARNING ? "Warning" : "Normal");
}

/* Every term holds for the value that value() writes for its field. */
static bool terms_hold(const struct field_selector *fs,
		       void (*value)(const void *ctx, const char *field, struct strbuf *out),
		       const void *ctx)
{
	struct strbuf v;
	bool ok = true;

	sb_init(&v);
	for (uint32_t i = 0; ok && i < fs->n; i++) {
		sb_reset(&v);
		value(ctx, fs->terms[i].field, &v);
		ok = (strcmp(v.data, fs->terms[i].value) == 0) != fs->terms[i].neg;
	}
	sb_free(&v);
	return ok;
}

struct object_ref {
	const struct cluster *c;
	enum kind kind;
	uint32_t idx;
	const struct kevent *event;
};

static void ref_value(const void *ctx, const char *field, struct strbuf *out)
{
	const struct object_ref *r = ctx;

	if (r->event)
		event_value(r->c, r->event, field, out);
	else
		field_value(r->c, r->kind, r->idx, field, out);
}

bool field_selector_matches(const struct cluster *c, enum kind kind, uint32_t idx,
			    const struct field_selector *fs)
{
	struct object_ref r = { c, kind, idx, NULL };

	return terms_hold(fs, ref_value, &r);
}

bool field_selector_event_matches(const struct cluster *c, const struct kevent *e,
				  const struct field_selector *fs)
{
	struct object_ref r = { c, KIND_NONE, 0, e };

	return terms_hold(fs, ref_value, &r);
}

void field_selector_error(const struct kubectl *k, enum kind kind, const char *labels,
			  const struct field_selector *fs, const char *why)
{
	const char *api = kind == KIND_NONE ? "v1" : kind_info(kind)->api_version;
	const char *slash = strchr(api, '/');

	/* the resource as GroupVersionResource.String() prints it: "/v1, Resource=pods" */
	sb_printf(k->err,
		  "Error from server (BadRequest): Unable to find \"%.*s/%s, Resource=%s\" that "
		  "match label selector \"%s\", field selector \"%s\": %s\n",
		  slash ? (int)(slash - api) : 0, api, slash ? slash + 1 : api,
		  kind == KIND_NONE ? "events" : kind_info(kind)->plural, labels ? labels : "",
		  fs->text, why);
}

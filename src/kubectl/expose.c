/*
 * kubectl expose KIND NAME [--port=P] [--target-port=T] [--type=TYPE]
 * [--name=N] [--protocol=PROTO] [--selector=SEL]: a Service selecting what
 * the object selects (kubectl's MapBasedSelectorForObject), with the
 * object's labels, on the given port or the ports its pods declare
 * (PortsForObject; several become port-1, port-2, ...). Which kinds can be
 * exposed, and where their selector and ports come from, is the table
 * below (staging/src/k8s.io/kubectl/pkg/polymorphichelpers/mapbasedselectorforobject.go).
 */
#include "ksim/kubectl.h"

#include <stdlib.h>
#include <string.h>

#include "ksim/labels.h"
#include "ksim/manifest.h"

#include "internal.h"
#include "write.h"

/* Where a kind's selector and ports come from. */
enum expose_source {
	FROM_WORKLOAD, /* spec.selector (matchLabels only) and its pod template's ports */
	FROM_POD,      /* the pod's labels and its containers' ports */
	FROM_SERVICE,  /* the Service's selector and ports */
};

static const struct exposable {
	enum kind kind;
	enum expose_source source;
} exposables[] = {
	{ KIND_POD, FROM_POD },
	{ KIND_SVC, FROM_SERVICE },
	{ KIND_RC, FROM_WORKLOAD },
	{ KIND_RS, FROM_WORKLOAD },
	{ KIND_DEPLOY, FROM_WORKLOAD },
};

struct expose_opts {
	const char *port, *target_port, *type, *name, *protocol, *selector;
};

/* A port the Service gets: number and protocol. */
struct port {
	int32_t port;
	const char *protocol;
};

struct found {
	struct strbuf selector; /* "k: v" pairs as a YAML flow map body */
	struct port ports[32];
	uint32_t nports;
};

static void yaml_pairs(const struct cluster *c, uint32_t set, struct strbuf *out)
{
	uint32_t n;
	const struct label *l = labels_get(c->labels, set, &n);

	for (uint32_t i = 0; i < n; i++)
		sb_printf(out, "%s\"%s\": \"%s\"", i ? ", " : "", cluster_str(c, l[i].key),
			  cluster_str(c, l[i].val));
}

static void spec_ports(const struct cluster *c, const struct podspec *s, struct found *f)
{
	for (uint32_t i = 0; i < s->ncontainers; i++)
		for (uint32_t j = 0; j < s->containers[i].nports && f->nports < ARRAY_LEN(f->ports); j++) {
			const struct container_port *cp = &s->containers[i].ports[j];
			f->ports[f->nports++] = (struct port){
				cp->container_port, cp->protocol ? cluster_str(c, cp->protocol) : "TCP"
			};
		}
}

/* The ports the object's pods declare, or a Service's own. */
static void introspect_ports(const struct cluster *c, const struct exposable *x, const void *obj,
			     struct found *f)
{
	if (x->source == FROM_POD) {
		spec_ports(c, cluster_spec(c, ((const struct pod *)obj)->spec), f);
	} else if (x->source == FROM_SERVICE) {
		const struct service *s = obj;
		for (uint32_t i = 0; i < s->nports && i < ARRAY_LEN(f->ports); i++)
			f->ports[f->nports++] = (struct port){
				s->ports[i].port, api_protocol_name(c, s->ports[i].protocol)
			};
	} else {
		spec_ports(c, cluster_spec(c, object_template(x->kind, obj)->spec), f);
	}
}

/* The object's selector as a map; 1 with kubectl's error when it has none. */
static int introspect_selector(struct kubectl *k, const struct exposable *x, const void *obj,
			       struct found *f)
{
	const char *why = NULL;
	uint32_t set;

	if (x->source == FROM_POD) {
		set = ((const struct pod *)obj)->meta.labels;
		if (!set)
			why = "the pod has no labels and cannot be exposed";
	} else if (x->source == FROM_SERVICE) {
		const struct service *s = obj;
		set = s->has_selector ? s->selector : 0;
		if (!set)
			why = "the service has no pod selector set";
	} else {
		const struct selector *sel = object_selector(x->kind, obj);
		set = sel->match_labels;
		if (sel->nreqs)
			why = "couldn't convert expressions to map-based selector format";
	}
	if (why) {
		sb_printf(k->err, "error: couldn't retrieve selectors via --selector flag or "
				  "introspection: %s\n",
			  why);
		return 1;
	}
	yaml_pairs(k->c, set, &f->selector);
	return 0;
}

/* --selector=k=v,k2=v2 as the Service's selector. */
static int selector_flag(struct kubectl *k, const char *text, struct found *f)
{
	char *copy = xstrdup(text), *save = NULL;
	int rc = 0;

	for (char *kv = strtok_r(copy, ",", &save); kv; kv = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(kv, '=');
		if (!eq) {
			sb_printf(k->err, "error: invalid selector: %s\n", text);
			rc = 1;
			break;
		}
		*eq = '\0';
		if (f->selector.len)
			sb_add(&f->selector, ", ");
		tree_yaml_quoted(&f->selector, kv);
		sb_add(&f->selector, ": ");
		tree_yaml_quoted(&f->selector, eq + 1);
	}
	free(copy);
	return rc;
}

/* strconv.Atoi's success: the whole text is a decimal number. */
static bool is_number(const char *s, long *v)
{
	char *end;

	*v = strtol(s, &end, 10);
	return *s && !*end;
}

/* intstr.Parse: a number stays a number (targetPort 8080), anything else is a string ("http"). */
static void int_or_string(struct strbuf *y, const char *s)
{
	long v;

	if (is_number(s, &v))
		sb_printf(y, "%ld", v);
	else
		tree_yaml_quoted(y, s);
}

static void service_yaml(struct kubectl *k, const struct meta *m, const struct expose_opts *o,
			 const struct found *f, const char *name, struct strbuf *y)
{
	sb_add(y, "apiVersion: v1\nkind: Service\nmetadata:\n  name: ");
	tree_yaml_quoted(y, name);
	sb_addc(y, '\n');
	if (m->labels) {
		sb_add(y, "  labels: {");
		yaml_pairs(k->c, m->labels, y);
		sb_add(y, "}\n");
	}
	sb_printf(y, "spec:\n  selector: {%s}\n  ports:\n", f->selector.data);
	if (o->port) {
		sb_add(y, "  - {port: ");
		int_or_string(y, o->port);
		sb_add(y, ", protocol: ");
		tree_yaml_quoted(y, o->protocol ? o->protocol
				    : f->nports ? f->ports[0].protocol
						: "TCP");
		sb_add(y, ", targetPort: ");
		int_or_string(y, o->target_port ? o->target_port : o->port);
		sb_add(y, "}\n");
	}
	for (uint32_t i = 0; !o->port && i < f->nports; i++) {
		sb_add(y, "  - {");
		if (f->nports > 1)
			sb_printf(y, "name: port-%u, ", i + 1);
		sb_printf(y, "port: %d, protocol: ", f->ports[i].port);
		tree_yaml_quoted(y, o->protocol ? o->protocol : f->ports[i].protocol);
		sb_add(y, ", targetPort: ");
		if (o->target_port)
			int_or_string(y, o->target_port);
		else
			sb_printf(y, "%d", f->ports[i].port);
		sb_add(y, "}\n");
	}
	if (o->type) {
		sb_add(y, "  type: ");
		tree_yaml_quoted(y, o->type);
		sb_addc(y, '\n');
	}
}

/* The API server's create of the Service; prints "service/NAME exposed". */
static int create_service(struct kubectl *k, const char *name, const struct strbuf *yaml)
{
	struct manifest m;
	int rc = generated_load(k, KIND_SVC, name, yaml, NULL, &m);

	if (rc)
		return rc;
	rc = generated_create(k, &m, false);
	if (!rc)
		sb_printf(k->out, "service/%s exposed\n", name);
	manifest_free(k->c, &m);
	return rc;
}

static int expose_one(struct kubectl *k, const struct kubectl_target *t, const struct expose_opts *o)
{
	const struct exposable *x = NULL;
	const struct meta *m = cluster_meta(k->c, t->kind, t->idx);
	struct found f = { .nports = 0 };
	struct strbuf yaml;
	const void *obj;
	int rc;

	for (size_t i = 0; i < ARRAY_LEN(exposables) && !x; i++)
		if (exposables[i].kind == t->kind)
			x = &exposables[i];
	if (!x) {
		const struct kind_info *ki = kind_info(t->kind);
		sb_printf(k->err, "error: cannot expose a %s%s%s\n", ki->kind, *ki->group ? "." : "",
			  ki->group);
		return 1;
	}
	sb_init(&f.selector);
	sb_init(&yaml);
	obj = cluster_get(k->c, t->kind, t->idx);
	rc = o->selector ? selector_flag(k, o->selector, &f) : introspect_selector(k, x, obj, &f);
	introspect_ports(k->c, x, obj, &f);
	if (!rc && !o->port && !f.nports) {
		sb_add(k->err, "error: couldn't find port via --port flag or introspection\n");
		rc = 1;
	}
	if (!rc) {
		const char *name = o->name ? o->name : cluster_str(k->c, m->name);
		service_yaml(k, m, o, &f, name, &yaml);
		rc = create_service(k, name, &yaml);
	}
	sb_free(&yaml);
	sb_free(&f.selector);
	return rc;
}

static int expose_exec(struct kubectl *k, int argc, char **argv)
{
	struct expose_opts o = { 0 };
	const struct kubectl_flag flags[] = {
		{ NULL, "port", &o.port, NULL },
		{ NULL, "target-port", &o.target_port, NULL },
		{ NULL, "type", &o.type, NULL },
		{ NULL, "name", &o.name, NULL },
		{ NULL, "protocol", &o.protocol, NULL },
		{ "l", "selector", &o.selector, NULL },
		{ NULL, NULL, NULL, NULL },
	};
	struct kubectl_target *targets = NULL;
	int n = 0, rc;
	long port;

	if (kubectl_flags(k, flags, &argc, argv))
		return 1;
	/* kubectl/pkg/cmd/expose/expose.go createService: strconv.Atoi of the port */
	if (o.port && !is_number(o.port, &port)) {
		sb_printf(k->err, "error: strconv.Atoi: parsing \"%s\": invalid syntax\n", o.port);
		return 1;
	}
	if (argc < 2) {
		sb_add(k->err, "error: You must provide one or more resources by argument or filename.\n"
			       "Example resource specifications include:\n"
			       "   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n"
			       "   '<resource> <name>'\n   '<resource>'\n");
		return 1;
	}
	rc = kubectl_resolve(k, argc - 1, argv + 1, &targets, &n);
	for (int i = 0; !rc && i < n; i++)
		rc |= expose_one(k, &targets[i], &o);
	free(targets);
	return rc;
}

const struct kubectl_verb kubectl_expose = {
	.name = "expose",
	.usage = "expose pod|rs|rc|svc NAME [--port=P] [--target-port=T] [--type=TYPE] [--name=N] "
		 "[--protocol=PROTO] [--selector=SEL]",
	.summary = "Take a replication controller, service, deployment or pod and expose it as a "
		   "new Kubernetes service",
	.exec = expose_exec,
};

/*
 * kubectl get: resolves the arguments into groups of objects (one per
 * resource type, in the order asked), then prints them as tables (blank
 * line between types), names, YAML or JSON as kubectl 1.31 does. Events
 * and namespaces are served here too although the store has no table kind
 * for them.
 */
#include "ksim/kubectl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "write.h"

enum source { SRC_KIND, SRC_EVENTS, SRC_NAMESPACES };

/* Objects of one resource type, printed as one table. */
struct group {
	enum source src;
	enum kind kind;
	struct objlist objs; /* SRC_KIND: object indexes; SRC_NAMESPACES: name ids */
	struct keventlist events;
};

struct request {
	struct group *v;
	uint32_t n;
	bool multiple_types; /* "all", "pod,svc", or KIND/NAME of several types */
	bool single_item;    /* exactly one object named: -o yaml prints it bare */
	int status;
};

struct get_opts {
	const char *output, *selector, *tmpl, *fields;
	bool show_labels, no_headers, watch;
	struct selector sel;
	bool has_sel;
	struct field_selector fs;
	struct strbuf fs_error; /* the server answers a selector it cannot parse for each type */
};

static const char *const event_names[] = { "events", "event", "ev" };
static const char *const namespace_names[] = { "namespaces", "namespace", "ns" };

static bool word_in(const char *w, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(w, names[i]) == 0)
			return true;
	return false;
}

static struct group *group_add(struct request *r, enum source src, enum kind kind)
{
	struct group *g;

	r->v = xrealloc(r->v, (r->n + 1) * sizeof *r->v);
	g = &r->v[r->n++];
	memset(g, 0, sizeof *g);
	g->src = src;
	g->kind = kind;
	return g;
}

/* The group to append a named object to: the last one if it has the same type. */
static struct group *group_for(struct request *r, enum source src, enum kind kind)
{
	struct group *g = r->n ? &r->v[r->n - 1] : NULL;

	if (g && g->src == src && g->kind == kind)
		return g;
	g = group_add(r, src, kind);
	g->objs.idx = xmalloc(sizeof *g->objs.idx);
	return g;
}

static void group_push(struct group *g, uint32_t idx)
{
	g->objs.idx = xrealloc(g->objs.idx, (g->objs.n + 1) * sizeof *g->objs.idx);
	g->objs.idx[g->objs.n++] = idx;
}

static void request_free(struct request *r)
{
	for (uint32_t i = 0; i < r->n; i++) {
		objlist_free(&r->v[i].objs);
		events_free(&r->v[i].events);
	}
	free(r->v);
}

/* --- namespaces --- */

static int by_string(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void list_namespaces(const struct kubectl *k, struct group *g)
{
	const char **names = xmalloc(((size_t)k->c->nnamespaces + 1) * sizeof *names);

	for (uint32_t i = 0; i < k->c->nnamespaces; i++)
		names[i] = cluster_str(k->c, k->c->namespaces[i]);
	xqsort(names, k->c->nnamespaces, sizeof *names, by_string);
	g->objs.idx = xmalloc(((size_t)k->c->nnamespaces + 1) * sizeof *g->objs.idx);
	for (uint32_t i = 0; i < k->c->nnamespaces; i++)
		g->objs.idx[g->objs.n++] = strtab_lookup(k->c->strings, names[i]);
	free(names);
}

static void not_found_plain(struct kubectl *k, const char *resource, const char *name)
{
	sb_printf(k->err, "Error from server (NotFound): %s \"%s\" not found\n", resource, name);
}

/* --- resolving the arguments --- */

static void list_kind(struct kubectl *k, struct request *r, enum kind kind, const struct get_opts *o)
{
	struct group *g = group_add(r, SRC_KIND, kind);
	uint32_t n = 0;

	objlist_collect(k, kind, o->has_sel ? &o->sel : NULL, &g->objs);
	for (uint32_t i = 0; i < g->objs.n; i++)
		if (field_selector_matches(k->c, kind, g->objs.idx[i], &o->fs))
			g->objs.idx[n++] = g->objs.idx[i];
	g->objs.n = n;
}

static void name_kind(struct kubectl *k, struct request *r, enum kind kind, const char *name)
{
	uint32_t idx = kubectl_find(k, kind, name);

	if (idx == NONE32) {
		kubectl_not_found(k, kind, name);
		r->status = 1;
		return;
	}
	group_push(group_for(r, SRC_KIND, kind), idx);
}

static void name_namespace(struct kubectl *k, struct request *r, const char *name)
{
	uint32_t id = strtab_lookup(k->c->strings, name);

	if (id == NONE32 || !cluster_has_namespace(k->c, id)) {
		not_found_plain(k, "namespaces", name);
		r->status = 1;
		return;
	}
	group_push(group_for(r, SRC_NAMESPACES, KIND_NONE), id);
}

/* The API server's answer to a field selector it cannot use on kind (KIND_NONE: events); 1 then. */
static int refuse_fields(struct kubectl *k, enum kind kind, const struct get_opts *o)
{
	struct strbuf why;
	int rc = 0;

	sb_init(&why);
	if (o->fs_error.len)
		sb_add(&why, o->fs_error.data);
	if (why.len || field_selector_check(kind, &o->fs, &why)) {
		field_selector_error(k, kind, o->selector, &o->fs, why.data);
		rc = 1;
	}
	sb_free(&why);
	return rc;
}

/* One type word: a kind, "events", "namespaces", or "all"; names optional. */
static int add_type(struct kubectl *k, struct request *r, const char *word, char **names,
		    int nnames, const struct get_opts *o)
{
	enum kind kind;

	if (strcasecmp(word, "all") == 0 && nnames == 0) {
		for (size_t i = 0; i < KUBECTL_NALL; i++)
			list_kind(k, r, kubectl_all_kinds[i], o);
		r->multiple_types = true;
		return 0;
	}
	if (word_in(word, namespace_names, ARRAY_LEN(namespace_names))) {
		if (!nnames)
			list_namespaces(k, group_add(r, SRC_NAMESPACES, KIND_NONE));
		for (int i = 0; i < nnames; i++)
			name_namespace(k, r, names[i]);
		return 0;
	}
	if (word_in(word, event_names, ARRAY_LEN(event_names))) {
		if (refuse_fields(k, KIND_NONE, o))
			return 1;
		struct keventlist *l = &group_add(r, SRC_EVENTS, KIND_NONE)->events;
		uint32_t n = 0;
		events_collect(k, KIND_NONE, NULL, l);
		for (uint32_t i = 0; i < l->n; i++)
			if (field_selector_event_matches(k->c, &l->v[i], &o->fs))
				l->v[n++] = l->v[i];
			else
				free(l->v[i].message);
		l->n = n;
		return 0;
	}
	kind = kind_parse(word);
	if (kind == KIND_NONE) {
		kubectl_unknown_type(k, word);
		return 1;
	}
	if (refuse_fields(k, kind, o))
		return 1;
	if (!nnames)
		list_kind(k, r, kind, o);
	for (int i = 0; i < nnames; i++)
		name_kind(k, r, kind, names[i]);
	return 0;
}

static int add_slashed(struct kubectl *k, struct request *r, int argc, char **argv,
		       const struct get_opts *o)
{
	for (int i = 0; i < argc; i++) {
		char *slash = strchr(argv[i], '/'), *name;
		int rc;
		if (!slash) {
			kubectl_mixed_args(k);
			return 1;
		}
		*slash = '\0';
		name = slash + 1;
		rc = add_type(k, r, argv[i], &name, 1, o);
		*slash = '/';
		if (rc)
			return rc;
		if (i && strncmp(argv[i], argv[0], (size_t)(slash - argv[i]) + 1) != 0)
			r->multiple_types = true;
	}
	r->single_item = argc == 1 && r->status == 0;
	return 0;
}

static int build_request(struct kubectl *k, struct request *r, int argc, char **argv,
			 const struct get_opts *o)
{
	char *copy, *save = NULL;
	int rc = 0;

	if (strchr(argv[0], '/'))
		return add_slashed(k, r, argc, argv, o);
	r->multiple_types = strchr(argv[0], ',') || strcasecmp(argv[0], "all") == 0;
	r->single_item = argc == 2 && !r->multiple_types;
	copy = xstrdup(argv[0]);
	for (char *w = strtok_r(copy, ",", &save); w && !rc; w = strtok_r(NULL, ",", &save))
		rc = add_type(k, r, w, argv + 1, argc - 1, o);
	free(copy);
	return rc;
}

/* --- printing --- */

static uint32_t group_count(const struct group *g)
{
	return g->src == SRC_EVENTS ? g->events.n : g->objs.n;
}

static int64_t namespace_created(const struct cluster *c, uint32_t ns)
{
	for (uint32_t i = 0; i < c->nnamespaces; i++)
		if (c->namespaces[i] == ns)
			return c->namespace_created_ms[i];
	return TIME_NONE;
}

static void print_group_table(struct kubectl *k, const struct group *g, const struct print_opts *po)
{
	if (g->src == SRC_KIND) {
		struct print_opts o = *po;
		o.show_ns = po->show_ns && kind_info(g->kind)->namespaced;
		print_table(k, g->kind, &g->objs, &o, k->out);
	} else if (g->src == SRC_EVENTS) {
		print_events(k, &g->events, po, k->out);
	} else {
		struct table_out *t = kubectl_table_new();
		if (!po->no_headers) {
			kubectl_table_cell(t, "NAME");
			kubectl_table_cell(t, "STATUS");
			kubectl_table_cell(t, "AGE");
			kubectl_table_endrow(t);
		}
		for (uint32_t i = 0; i < g->objs.n; i++) {
			struct strbuf name;
			sb_init(&name);
			sb_printf(&name, "%s%s", po->show_kind ? "namespace/" : "",
				  cluster_str(k->c, g->objs.idx[i]));
			kubectl_table_cell(t, name.data);
			kubectl_table_cell(t, "Active");
			sb_reset(&name);
			fmt_age(k->c, namespace_created(k->c, g->objs.idx[i]), &name);
			kubectl_table_cell(t, name.data);
			kubectl_table_endrow(t);
			sb_free(&name);
		}
		kubectl_table_flush(t, k->out);
		kubectl_table_free(t);
	}
}

static void print_tables(struct kubectl *k, const struct request *r, const struct print_opts *po)
{
	bool written = false;
	struct print_opts o = *po;
	uint32_t kinds_with_objects = 0;

	for (uint32_t i = 0; i < r->n; i++)
		kinds_with_objects += group_count(&r->v[i]) > 0;
	o.show_kind = r->multiple_types || kinds_with_objects > 1;
	for (uint32_t i = 0; i < r->n; i++) {
		if (!group_count(&r->v[i]))
			continue;
		if (written && !po->no_headers)
			sb_addc(k->out, '\n');
		print_group_table(k, &r->v[i], &o);
		written = true;
	}
	if (!written && r->status == 0) {
		if (k->all_namespaces)
			sb_add(k->err, "No resources found\n");
		else
			sb_printf(k->err, "No resources found in %s namespace.\n",
				  cluster_str(k->c, k->ns));
	}
}

static void print_name(struct kubectl *k, const struct group *g, uint32_t j)
{
	if (g->src == SRC_KIND) {
		kubectl_object_name(k->c, g->kind, g->objs.idx[j], k->out);
	} else if (g->src == SRC_EVENTS) {
		sb_add(k->out, "event/");
		api_event_name(k->c, &g->events.v[j], k->out);
	} else {
		sb_printf(k->out, "namespace/%s", cluster_str(k->c, g->objs.idx[j]));
	}
	sb_addc(k->out, '\n');
}

static void print_names(struct kubectl *k, const struct request *r)
{
	for (uint32_t i = 0; i < r->n; i++)
		for (uint32_t j = 0; j < group_count(&r->v[i]); j++)
			print_name(k, &r->v[i], j);
}

static struct tree *group_item(const struct kubectl *k, const struct group *g, uint32_t j)
{
	if (g->src == SRC_KIND)
		return api_object_tree(k->c, g->kind, g->objs.idx[j]);
	if (g->src == SRC_EVENTS)
		return api_event_tree(k->c, &g->events.v[j]);
	return api_namespace_tree(k->c, g->objs.idx[j]);
}

/* The document -o json prints: the object alone when one was named, else a List; NULL: nothing. */
static struct tree *request_doc(const struct kubectl *k, const struct request *r)
{
	struct tree **items = NULL, *doc;
	uint32_t n = 0;

	for (uint32_t i = 0; i < r->n; i++)
		for (uint32_t j = 0; j < group_count(&r->v[i]); j++) {
			items = xrealloc(items, (n + 1) * sizeof *items);
			items[n++] = group_item(k, &r->v[i], j);
		}
	if (r->single_item && n == 1)
		doc = items[0];
	else if (r->single_item && r->status)
		doc = NULL; /* kubectl prints only the error for a missing single object */
	else
		doc = tree_list(items, n);
	free(items);
	return doc;
}

/* A file's text for -o jsonpath-file= and friends; NULL with kubectl's error. */
static char *read_template(struct kubectl *k, const char *file)
{
	char *text = path_read(k, file, NULL);

	if (!text)
		sb_printf(k->err, "error: error reading --template %s, open %s: no such file or directory\n",
			  file, file);
	return text;
}

/* "jsonpath=..." into the printer's name and its argument (NULL when none). */
struct format {
	char name[32];
	const char *arg;
};

static void format_split(const char *output, const char *tmpl, struct format *f)
{
	const char *eq = strchr(output, '=');
	size_t n = eq ? (size_t)(eq - output) : strlen(output);

	snprintf(f->name, sizeof f->name, "%.*s", (int)(n < 31 ? n : 31), output);
	f->arg = eq ? eq + 1 : tmpl;
	if (strcmp(f->name, "template") == 0)
		strcpy(f->name, "go-template");
	else if (strcmp(f->name, "templatefile") == 0)
		strcpy(f->name, "go-template-file");
}

static int print_template(struct kubectl *k, const struct format *f, const struct tree *doc,
			  bool no_headers)
{
	bool file = strstr(f->name, "-file") != NULL;
	char *text = NULL;
	int rc = 1;

	if (!f->arg || !*f->arg) {
		sb_printf(k->err, "error: %s format specified but no %s given\n",
			  strncmp(f->name, "custom", 6) == 0 ? "custom-columns" : "template",
			  strncmp(f->name, "custom", 6) == 0 ? "custom columns" : "template");
		return 1;
	}
	if (file && !(text = read_template(k, f->arg)))
		return 1;
	const char *t = text ? text : f->arg;
	if (strncmp(f->name, "jsonpath", 8) == 0) {
		struct jsonpath *jp = jsonpath_parse(t, k->err);
		struct strbuf result;
		sb_init(&result);
		rc = !jp || (doc && jsonpath_exec(jp, t, doc, &result, k->err));
		if (!rc)
			sb_add(k->out, result.data); /* a failed template prints nothing */
		sb_free(&result);
		jsonpath_free(jp);
	} else if (strncmp(f->name, "custom-columns", 14) == 0) {
		rc = doc ? customcolumns_print(t, doc, no_headers, k->out, k->err) : 0;
	} else {
		rc = doc ? gotemplate_print(t, doc, k->out, k->err) : 0;
	}
	free(text);
	return rc;
}

static int print_structured(struct kubectl *k, const struct request *r, const struct format *f,
			    bool no_headers)
{
	struct tree *doc = request_doc(k, r);
	int rc = 0;

	if (strcmp(f->name, "json") == 0 || strcmp(f->name, "yaml") == 0) {
		if (doc)
			(strcmp(f->name, "json") == 0 ? tree_json : tree_yaml)(doc, k->out);
	} else {
		rc = print_template(k, f, doc, no_headers);
	}
	tree_free(doc);
	return rc;
}

static const char allowed_formats[] =
    "custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,"
    "jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml";

static int print_request(struct kubectl *k, const struct request *r, const struct get_opts *o)
{
	struct print_opts po = { .show_ns = k->all_namespaces,
				 .show_labels = o->show_labels,
				 .no_headers = o->no_headers };
	struct format f;

	format_split(o->output ? o->output : (o->tmpl ? "go-template" : ""), o->tmpl, &f);
	if (!f.name[0] || strcmp(f.name, "wide") == 0) {
		po.wide = f.name[0] != '\0';
		print_tables(k, r, &po);
	} else if (strcmp(f.name, "name") == 0) {
		print_names(k, r);
	} else if (print_structured(k, r, &f, o->no_headers)) {
		return 1;
	}
	return r->status;
}

/* -w watches one type (kubectl's words otherwise); the list is printed first, an empty one not at all. */
static int watch_request(struct kubectl *k, const struct request *r, const struct get_opts *o)
{
	const struct group *g = r->n ? &r->v[0] : NULL;
	const char *fmt = o->output ? o->output : "";
	struct watch_format wf = { .wide = strcmp(fmt, "wide") == 0,
				   .name = strcmp(fmt, "name") == 0,
				   .yaml = strcmp(fmt, "yaml") == 0,
				   .json = strcmp(fmt, "json") == 0,
				   .show_ns = k->all_namespaces,
				   .show_labels = o->show_labels };

	if (r->status) /* a named object that is not there: only the error */
		return r->status;
	if (r->n != 1 || r->multiple_types || g->src == SRC_NAMESPACES) {
		sb_add(k->err, "error: watch is only supported on individual resources and resource "
			       "collections - more than 1 resource was found\n");
		return 1;
	}
	if (group_count(g) && print_request(k, r, o))
		return 1;
	if (k->watch)
		*k->watch = watch_new(k, g->src == SRC_EVENTS ? KIND_NONE : g->kind, o->selector,
				      o->fields, g->src == SRC_KIND ? &g->objs : NULL, r->single_item,
				      &wf);
	return 0;
}

static bool format_known(const char *fmt)
{
	static const char *const known[] = {
		"",         "wide",          "name",           "yaml",           "json",
		"jsonpath", "jsonpath-file", "go-template",    "go-template-file", "template",
		"templatefile", "custom-columns", "custom-columns-file",
	};
	struct format f;

	format_split(fmt, NULL, &f);
	return word_in(f.name, known, ARRAY_LEN(known));
}

static int get_exec(struct kubectl *k, int argc, char **argv)
{
	struct get_opts o = { 0 };
	const struct kubectl_flag flags[] = {
		{ "o", "output", &o.output, NULL },
		{ "l", "selector", &o.selector, NULL },
		{ NULL, "field-selector", &o.fields, NULL },
		{ "w", "watch", NULL, &o.watch },
		{ NULL, "show-labels", NULL, &o.show_labels },
		{ NULL, "no-headers", NULL, &o.no_headers },
		{ NULL, "template", &o.tmpl, NULL },
		{ NULL, NULL, NULL, NULL },
	};
	struct request r = { 0 };
	struct ksim_error err;
	int rc;

	if (kubectl_flags(k, flags, &argc, argv))
		return 1;
	if (o.output && !format_known(o.output)) {
		sb_printf(k->err,
			  "error: unable to match a printer suitable for the output format "
			  "\"%s\", allowed formats are: %s\n",
			  o.output, allowed_formats);
		return 1;
	}
	if (argc < 2) {
		sb_add(k->err, "You must specify the type of resource to get. Use \"kubectl "
			       "api-resources\" for a complete list of supported resources.\n\n"
			       "error: Required resource not specified.\n"
			       "Use \"kubectl explain <resource>\" for a detailed description of that "
			       "resource (e.g. kubectl explain pods).\n"
			       "See 'kubectl get -h' for help and examples\n");
		return 1;
	}
	selector_init(&o.sel);
	if (o.selector) {
		if (selector_parse(k->c->labels, o.selector, &o.sel, &err)) {
			sb_printf(k->err, "error: %s\n", err.msg);
			selector_free(&o.sel);
			return 1;
		}
		o.has_sel = true;
	}
	sb_init(&o.fs_error);
	if (o.fields)
		field_selector_parse(o.fields, &o.fs, &o.fs_error);
	rc = build_request(k, &r, argc - 1, argv + 1, &o);
	if (!rc)
		rc = o.watch ? watch_request(k, &r, &o) : print_request(k, &r, &o);
	request_free(&r);
	selector_free(&o.sel);
	field_selector_free(&o.fs);
	sb_free(&o.fs_error);
	return rc;
}

int kubectl_get_kind(struct kubectl *k, enum kind kind, bool wide, bool show_kind)
{
	struct print_opts po = { .wide = wide, .show_kind = show_kind, .show_ns = k->all_namespaces };
	struct request r = { 0 };

	list_kind(k, &r, kind, &(struct get_opts){ 0 });
	r.multiple_types = show_kind;
	print_tables(k, &r, &po);
	request_free(&r);
	return 0;
}

const struct kubectl_verb kubectl_get = {
	.name = "get",
	.usage = "get TYPE[,TYPE...] [NAME...] | TYPE/NAME... [-o wide|yaml|json|name|jsonpath=T|"
		 "go-template=T|custom-columns=SPEC|...-file=F] [-l SELECTOR] [--field-selector F] "
		 "[--show-labels] [-w]",
	.summary = "Display one or many resources",
	.exec = get_exec,
};

/*
 * kubectl apply -f FILE|DIR|- [-f ...] [-R]: every document of every file
 * (a directory gives its .yaml, .yml and .json files in name order) goes to
 * the API server in order. All files are read and decoded first: a YAML
 * syntax error or a missing file applies nothing; a document that does not
 * decode or validate, or that the server refuses, stops only itself and is
 * reported after the others, as with kubectl (ksim run and check refuse the
 * whole input instead).
 */
#include "ksim/kubectl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ksim/manifest.h"

#include "write.h"

static const char *const manifest_exts[] = { ".yaml", ".yml", ".json" };

static bool is_manifest_name(const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < ARRAY_LEN(manifest_exts); i++) {
		size_t e = strlen(manifest_exts[i]);
		if (n > e && strcmp(name + n - e, manifest_exts[i]) == 0)
			return true;
	}
	return false;
}

/* A file to read, and how kubectl names it in messages: as typed, not resolved. */
struct source {
	const char *path, *shown;
};

static int load_path(struct kubectl *k, struct source src, bool recursive, struct manifest *m);

/* Warnings appended since from that start with "path:" get "shown:" instead. */
static void rename_warnings(struct strbuf *w, size_t from, const struct source *src)
{
	size_t plen = strlen(src->path);
	char *tail = xstrdup(w->data + from);

	w->len = from;
	w->data[from] = '\0';
	for (char *line = tail, *nl; *line; line = nl) {
		nl = strchr(line, '\n');
		nl = nl ? nl + 1 : line + strlen(line);
		if (strncmp(line, src->path, plen) == 0 && line[plen] == ':') {
			sb_add(w, src->shown);
			line += plen;
		}
		sb_addn(w, line, (size_t)(nl - line));
	}
	free(tail);
}

static int load_one(struct kubectl *k, struct source src, struct manifest *m)
{
	struct ksim_error err;
	uint32_t first = m->count, refused = m->nrefused;
	size_t warned = m->warnings.len;
	char msg[1200];
	int rc = manifest_load_file(k->c, src.path, m, &err);

	for (uint32_t i = first; i < m->count; i++)
		snprintf(m->objects[i].file, sizeof m->objects[i].file, "%s", src.shown);
	for (uint32_t i = refused; i < m->nrefused; i++)
		snprintf(m->refused[i].file, sizeof m->refused[i].file, "%s", src.shown);
	if (strcmp(src.path, src.shown) != 0)
		rename_warnings(&m->warnings, warned, &src);
	if (rc == 0)
		return 0;
	if (strcmp(err.file, src.path) == 0)
		snprintf(err.file, sizeof err.file, "%s", src.shown);
	error_format(&err, msg, sizeof msg);
	sb_printf(k->err, "error: %s\n", msg);
	return 1;
}

/* A directory's manifests in name order, as filepath.Walk visits them; -R also descends. */
static int load_dir(struct kubectl *k, struct source dir, bool recursive, struct manifest *m)
{
	char **names;
	uint32_t n;
	int rc = 0;

	if (path_names(dir.path, false, &names, &n)) {
		sb_printf(k->err, "error: the path \"%s\" cannot be read\n", dir.shown);
		return 1;
	}
	for (uint32_t i = 0; i < n; i++) {
		struct strbuf path, shown;
		struct stat st;
		sb_init(&path);
		sb_init(&shown);
		sb_printf(&path, "%s/%s", dir.path, names[i]);
		sb_printf(&shown, "%s/%s", dir.shown, names[i]);
		if (stat(path.data, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (recursive)
				rc |= load_path(k, (struct source){ path.data, shown.data },
						recursive, m);
		} else if (is_manifest_name(names[i])) {
			rc |= load_one(k, (struct source){ path.data, shown.data }, m);
		}
		sb_free(&path);
		sb_free(&shown);
	}
	path_names_free(names, n);
	return rc;
}

static int load_path(struct kubectl *k, struct source src, bool recursive, struct manifest *m)
{
	struct stat st;

	if (strcmp(src.path, "-") != 0 && stat(src.path, &st) == 0 && S_ISDIR(st.st_mode))
		return load_dir(k, src, recursive, m);
	return load_one(k, src, m);
}

/* Every -f path must exist before anything is read (resource.Builder's Path). */
static int check_paths(struct kubectl *k, const struct flag_list *files, struct strbuf *resolved)
{
	int rc = 0;

	for (uint32_t i = 0; i < files->n; i++) {
		struct stat st;
		path_resolve(k, files->v[i], resolved);
		if (strcmp(files->v[i], "-") != 0 && stat(resolved->data, &st) != 0) {
			sb_printf(k->err, "error: the path \"%s\" does not exist\n", files->v[i]);
			rc = 1;
		}
	}
	return rc;
}

static int load_all(struct kubectl *k, const struct flag_list *files, bool recursive,
		    struct manifest *m)
{
	struct strbuf path;
	int rc;

	sb_init(&path);
	rc = check_paths(k, files, &path);
	for (uint32_t i = 0; !rc && i < files->n; i++) {
		path_resolve(k, files->v[i], &path);
		rc |= load_path(k, (struct source){ path.data, files->v[i] }, recursive, m);
	}
	sb_free(&path);
	return rc;
}

int kubectl_apply_object(struct kubectl *k, struct manifest_object *mo, struct ksim_error *err)
{
	struct api_written done;

	if (api_apply_object(k->c, k->ns, mo, &done, err))
		return -1;
	if (done.kind == KIND_NONE)
		sb_printf(k->out, "namespace/%s %s\n", cluster_str(k->c, done.idx), done.operation);
	else
		kubectl_operation_print(k, done.kind, done.idx, done.operation);
	return 0;
}

void print_warnings(struct kubectl *k, const char *text)
{
	for (const char *nl; (nl = strchr(text, '\n')); text = nl + 1)
		sb_printf(k->err, "Warning: %.*s\n", (int)(nl - text), text);
}

/* kubectl create refuses what exists; apply updates it. */
static bool refuse_existing(struct kubectl *k, const struct manifest_object *mo)
{
	const struct meta *m = mo->obj;
	char kind[64];

	if (mo->kind == KIND_NONE ||
	    cluster_find(k->c, mo->kind, api_object_ns(k->c, k->ns, mo->kind, m), m->name) == NONE32)
		return false;
	kubectl_kind_name(mo->kind, true, kind, sizeof kind);
	sb_printf(
	    k->err,
	    "Error from server (AlreadyExists): error when creating \"%s\": %s \"%s\" already exists\n",
	    mo->file, kind, cluster_str(k->c, m->name));
	return true;
}

/* Each document goes on its own: the good ones are applied, the refused ones reported after. */
static int apply_all(struct kubectl *k, struct manifest *m, bool create)
{
	int rc = m->nrefused > 0;

	for (uint32_t i = 0; i < m->count; i++) {
		struct ksim_error err;
		if (create && refuse_existing(k, &m->objects[i])) {
			rc = 1;
		} else if (kubectl_apply_object(k, &m->objects[i], &err)) {
			sb_printf(k->err, "%s\n", err.msg);
			rc = 1;
		}
	}
	for (uint32_t i = 0; i < m->nrefused; i++) {
		char msg[1200];
		error_format(&m->refused[i], msg, sizeof msg);
		sb_printf(k->err, "error: %s\n", msg);
	}
	return rc;
}

/* kubectl apply takes no positional arguments: "Unexpected args: [a b]". */
static int unexpected_args(struct kubectl *k, int argc, char **argv)
{
	struct strbuf msg;
	int rc;

	sb_init(&msg);
	sb_add(&msg, "Unexpected args: [");
	for (int i = 1; i < argc; i++)
		sb_printf(&msg, "%s%s", i > 1 ? " " : "", argv[i]);
	sb_add(&msg, "]");
	rc = usage_error(k, "apply", msg.data);
	sb_free(&msg);
	return rc;
}

int apply_files(struct kubectl *k, const struct flag_list *files, bool recursive, bool create,
		const char *validate)
{
	struct manifest m;
	int rc;

	manifest_init(&m);
	m.each_document = true;
	if (validate && manifest_validation_parse(validate, &m.validation)) {
		sb_printf(k->err, "error: " MANIFEST_VALIDATION_BAD "\n", validate);
		manifest_free(k->c, &m);
		return 1;
	}
	rc = load_all(k, files, recursive, &m);
	print_warnings(k, m.warnings.data);
	if (!rc && m.count == 0 && m.nrefused == 0) {
		sb_printf(k->err, "error: no objects passed to %s\n", create ? "create" : "apply");
		rc = 1;
	} else if (!rc) {
		rc = apply_all(k, &m, create);
	}
	manifest_free(k->c, &m);
	return rc;
}

static int apply_run(struct kubectl *k, int argc, char **argv, const struct flag_list *files,
		     bool recursive, const char *validate)
{
	if (argc > 1)
		return unexpected_args(k, argc, argv);
	if (files->n == 0) {
		sb_add(k->err, "error: must specify one of -f and -k\n");
		return 1;
	}
	return apply_files(k, files, recursive, false, validate);
}

static int apply_exec(struct kubectl *k, int argc, char **argv)
{
	struct flag_list files = { 0 };
	bool recursive = false;
	const char *validate = NULL;
	const struct kubectl_flag flags[] = {
		{ "R", "recursive", NULL, &recursive },
		{ NULL, "validate", &validate, NULL },
		{ NULL, NULL, NULL, NULL },
	};
	int rc = 1;

	if (!kubectl_flag_take_list(k, "f", "filename", true, &argc, argv, &files) &&
	    !kubectl_flags(k, flags, &argc, argv))
		rc = apply_run(k, argc, argv, &files, recursive, validate);
	kubectl_flag_list_free(&files);
	return rc;
}

const struct kubectl_verb kubectl_apply = {
	.name = "apply",
	.usage = "apply -f FILENAME [-f FILENAME]... [-R] [--validate=strict|warn|false]",
	.summary = "Apply a configuration to a resource by file name or stdin",
	.exec = apply_exec,
};

/*
 * The dispatcher: splits a line, takes the global flags (-n, -A) from
 * anywhere in it, and runs the verb. Also the helpers every verb shares:
 * pflag-style flag parsing, resolving "KIND NAME" arguments, and the
 * messages kubectl prints when a name or a type is wrong.
 */
#include "ksim/kubectl.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

const struct kubectl_verb *const kubectl_verbs[] = {
	&kubectl_apply,    &kubectl_get,   &kubectl_describe, &kubectl_logs,     &kubectl_delete,
	&kubectl_label,    &kubectl_taint, &kubectl_cordon,   &kubectl_uncordon, &kubectl_drain,
	&kubectl_scale,    &kubectl_patch, &kubectl_create,   &kubectl_edit,     &kubectl_rollout,
	&kubectl_run_verb, &kubectl_expose, &kubectl_exec_verb, &kubectl_set, &kubectl_annotate, NULL,
};

static const struct kubectl_verb *verb_in(const struct kubectl_verb *const *verbs,
					  const char *name)
{
	for (size_t i = 0; verbs && verbs[i]; i++)
		if (strcmp(verbs[i]->name, name) == 0)
			return verbs[i];
	return NULL;
}

static const struct kubectl_verb *verb_find(const struct kubectl *k, const char *name)
{
	const struct kubectl_verb *v = verb_in(kubectl_verbs, name);

	return v ? v : verb_in(k->more_verbs, name);
}

static void usage_rows(struct table_out *t, const struct kubectl_verb *const *verbs)
{
	for (size_t i = 0; verbs && verbs[i]; i++) {
		struct strbuf name;
		sb_init(&name);
		sb_printf(&name, "  %s", verbs[i]->name);
		kubectl_table_cell(t, name.data);
		sb_free(&name);
		kubectl_table_cell(t, verbs[i]->summary ? verbs[i]->summary : "");
		kubectl_table_endrow(t);
	}
}

static void usage(struct kubectl *k)
{
	struct table_out *t = table_new_with(0, 2);

	sb_add(k->out, "kubectl controls the ksim cluster.\n\nCommands:\n");
	usage_rows(t, kubectl_verbs);
	usage_rows(t, k->more_verbs);
	kubectl_table_flush(t, k->out);
	kubectl_table_free(t);
}

/* --- flags --- */

static const struct kubectl_flag *flag_by_name(const struct kubectl_flag *flags, const char *name,
					       size_t n)
{
	for (; flags->name; flags++)
		if (strlen(flags->name) == n && strncmp(flags->name, name, n) == 0)
			return flags;
	return NULL;
}

static const struct kubectl_flag *flag_by_short(const struct kubectl_flag *flags, char ch)
{
	for (; flags->name; flags++)
		if (flags->shorthand && flags->shorthand[0] == ch)
			return flags;
	return NULL;
}

static int flag_error(struct kubectl *k, const char *fmt, const char *a, const char *b)
{
	sb_add(k->err, "error: ");
	sb_printf(k->err, fmt, a, b);
	sb_add(k->err, "\n");
	return 1;
}

/*
 * Applies one flag. inline_value is the text after '=' (or after a
 * shorthand letter), NULL if none; *i advances past a value taken from the
 * next word.
 */
static int flag_apply(struct kubectl *k, const struct kubectl_flag *f, const char *inline_value,
		      int *i, int argc, char **argv, const char *shown)
{
	if (!f->value) {
		bool on = !inline_value || strcmp(inline_value, "true") == 0;
		if (inline_value && !on && strcmp(inline_value, "false") != 0)
			return flag_error(k, "invalid argument \"%s\" for \"%s\"", inline_value,
					  shown);
		*f->set = on;
		return 0;
	}
	if (!inline_value) {
		if (*i + 1 >= argc)
			return flag_error(k, "flag needs an argument: %s%s", shown, "");
		inline_value = argv[++*i];
	}
	*f->value = inline_value;
	if (f->set)
		*f->set = true;
	return 0;
}

static int long_flag(struct kubectl *k, const struct kubectl_flag *flags, int *i, int argc,
		     char **argv)
{
	const char *name = argv[*i] + 2, *eq = strchr(name, '=');
	const struct kubectl_flag *f = flag_by_name(flags, name,
						    eq ? (size_t)(eq - name) : strlen(name));

	if (!f)
		return flag_error(k, "unknown flag: %s%s", argv[*i], "");
	return flag_apply(k, f, eq ? eq + 1 : NULL, i, argc, argv, argv[*i]);
}

/* "-o", "-owide", "-o=wide", and bool letters run together ("-Aw"). */
static int short_flags(struct kubectl *k, const struct kubectl_flag *flags, int *i, int argc,
		       char **argv)
{
	const char *word = argv[*i];

	for (const char *p = word + 1; *p; p++) {
		const struct kubectl_flag *f = flag_by_short(flags, *p);
		char shown[40], letter[2] = { *p, 0 };
		if (!f) {
			snprintf(shown, sizeof shown, "'%c' in %s", *p, word);
			return flag_error(k, "unknown shorthand flag: %s%s", shown, "");
		}
		snprintf(shown, sizeof shown, "'%s' in %s", letter, word);
		if (f->value) {
			const char *rest = p[1] == '=' ? p + 2 : (p[1] ? p + 1 : NULL);
			return flag_apply(k, f, rest, i, argc, argv, shown);
		}
		if (p[1] == '=')
			return flag_apply(k, f, p + 2, i, argc, argv, shown);
		*f->set = true;
	}
	return 0;
}

int kubectl_flags(struct kubectl *k, const struct kubectl_flag *flags, int *argc, char **argv)
{
	int n = 0, i;

	for (i = 0; i < *argc; i++) {
		const char *w = argv[i];
		int rc = 0;
		if (strcmp(w, "--") == 0) {
			i++;
			break;
		}
		if (w[0] == '-' && w[1] == '-')
			rc = long_flag(k, flags, &i, *argc, argv);
		else if (w[0] == '-' && w[1])
			rc = short_flags(k, flags, &i, *argc, argv);
		else
			argv[n++] = argv[i];
		if (rc) {
			if (*argc > 0 && argv[0][0] != '-')
				sb_printf(k->err, "See 'kubectl %s --help' for usage.\n", argv[0]);
			return rc;
		}
	}
	while (i < *argc)
		argv[n++] = argv[i++];
	*argc = n;
	return 0;
}

/* --- names and errors --- */

void kubectl_kind_name(enum kind kind, bool plural, char *buf, size_t size)
{
	const struct kind_info *ki = kind_info(kind);
	const char *base = plural ? ki->plural : ki->singular;

	if (*ki->group)
		snprintf(buf, size, "%s.%s", base, ki->group);
	else
		snprintf(buf, size, "%s", base);
}

void kubectl_object_name(const struct cluster *c, enum kind kind, uint32_t idx, struct strbuf *out)
{
	char kname[64];

	kubectl_kind_name(kind, false, kname, sizeof kname);
	sb_printf(out, "%s/%s", kname, cluster_str(c, cluster_meta(c, kind, idx)->name));
}

void kubectl_not_found(struct kubectl *k, enum kind kind, const char *name)
{
	char res[64];

	kubectl_kind_name(kind, true, res, sizeof res);
	sb_printf(k->err, "Error from server (NotFound): %s \"%s\" not found\n", res, name);
}

void kubectl_unknown_type(struct kubectl *k, const char *word)
{
	sb_printf(k->err, "error: the server doesn't have a resource type \"%s\"\n", word);
}

uint32_t kubectl_ns_of(const struct kubectl *k, enum kind kind)
{
	return kind_info(kind)->namespaced ? k->ns : 0;
}

/* --- resolving arguments --- */

static void target_push(struct kubectl_target **v, int *n, enum kind kind, uint32_t idx)
{
	*v = xrealloc(*v, (size_t)(*n + 1) * sizeof **v);
	(*v)[(*n)++] = (struct kubectl_target){ kind, idx };
}

uint32_t kubectl_find(const struct kubectl *k, enum kind kind, const char *name)
{
	uint32_t id = strtab_lookup(k->c->strings, name);

	return id == NONE32 ? NONE32 : cluster_find(k->c, kind, kubectl_ns_of(k, kind), id);
}

void kubectl_mixed_args(struct kubectl *k)
{
	sb_add(k->err, "error: there is no need to specify a resource type as a separate argument "
		       "when passing arguments in resource/name form (e.g. 'kubectl get "
		       "resource/<resource_name>' instead of 'kubectl get resource "
		       "resource/<resource_name>'\n");
}

static int lookup(struct kubectl *k, enum kind kind, const char *name, struct kubectl_target **v,
		  int *n)
{
	uint32_t idx = kubectl_find(k, kind, name);

	if (idx == NONE32) {
		kubectl_not_found(k, kind, name);
		return 1;
	}
	target_push(v, n, kind, idx);
	return 0;
}

/* "KIND/NAME" words, each with its own type. */
static int resolve_slashed(struct kubectl *k, int argc, char **argv, struct kubectl_target **v,
			   int *n)
{
	int rc = 0;

	for (int i = 0; i < argc; i++) {
		char *slash = strchr(argv[i], '/');
		enum kind kind;
		if (!slash) {
			kubectl_mixed_args(k);
			return 1;
		}
		*slash = '\0';
		kind = kind_parse(argv[i]);
		if (kind == KIND_NONE)
			kubectl_unknown_type(k, argv[i]);
		*slash = '/';
		if (kind == KIND_NONE)
			return 1;
		rc |= lookup(k, kind, slash + 1, v, n);
	}
	return rc;
}

/* The types the "all" category holds, in discovery order. */
const enum kind kubectl_all_kinds[KUBECTL_NALL] = { KIND_POD, KIND_RC,      KIND_SVC,
						    KIND_DS,  KIND_DEPLOY,  KIND_RS,
						    KIND_STS, KIND_CRONJOB, KIND_JOB };

int kubectl_parse_kinds(struct kubectl *k, const char *word, enum kind *kinds, int *nkinds)
{
	char *copy = xstrdup(word), *save = NULL;
	int rc = 0;

	*nkinds = 0;
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		enum kind kind = kind_parse(tok);
		if (strcasecmp(tok, "all") == 0 && *nkinds + KUBECTL_NALL <= KIND_COUNT) {
			memcpy(kinds + *nkinds, kubectl_all_kinds, sizeof kubectl_all_kinds);
			*nkinds += KUBECTL_NALL;
			continue;
		}
		if (kind == KIND_NONE) {
			kubectl_unknown_type(k, tok);
			rc = 1;
			break;
		}
		kinds[(*nkinds)++] = kind;
		if (*nkinds == KIND_COUNT)
			break;
	}
	free(copy);
	return rc;
}

int kubectl_resolve(struct kubectl *k, int argc, char **argv, struct kubectl_target **targets,
		    int *ntargets)
{
	enum kind kinds[KIND_COUNT];
	int nkinds, rc = 0;

	*targets = NULL;
	*ntargets = 0;
	if (argc == 0)
		return 0;
	if (strchr(argv[0], '/'))
		return resolve_slashed(k, argc, argv, targets, ntargets);
	if (kubectl_parse_kinds(k, argv[0], kinds, &nkinds))
		return 1;
	for (int i = 1; i < argc; i++)
		for (int j = 0; j < nkinds; j++)
			rc |= lookup(k, kinds[j], argv[i], targets, ntargets);
	return rc;
}

/* --- running a line --- */

/* Takes -n/--namespace and -A/--all-namespaces out of argv, wherever they are. */
static int global_flags(struct kubectl *k, int *argc, char **argv)
{
	const char *ns = NULL;
	bool ns_set = false, all = false;
	int n = 0;

	for (int i = 0; i < *argc; i++) {
		const char *w = argv[i];
		if (strcmp(w, "--") == 0) {
			while (i < *argc)
				argv[n++] = argv[i++];
			break;
		}
		if (strcmp(w, "-n") == 0 || strcmp(w, "--namespace") == 0) {
			if (i + 1 >= *argc)
				return flag_error(k, "flag needs an argument: %s%s", w, "");
			ns = argv[++i];
		} else if (strncmp(w, "--namespace=", 12) == 0) {
			ns = w + 12;
		} else if (strncmp(w, "-n", 2) == 0 && w[2] != '-') {
			ns = w[2] == '=' ? w + 3 : w + 2;
		} else if (strcmp(w, "-A") == 0 || strcmp(w, "--all-namespaces") == 0 ||
			   strcmp(w, "--all-namespaces=true") == 0) {
			all = true;
		} else if (strcmp(w, "--all-namespaces=false") != 0) {
			argv[n++] = argv[i];
		}
		ns_set |= ns != NULL;
	}
	if (ns_set)
		k->ns = cluster_intern(k->c, ns);
	k->all_namespaces = all;
	*argc = n;
	return 0;
}

static int run_words(struct kubectl *k, int argc, char **argv)
{
	const struct kubectl_verb *verb;

	if (argc > 0 && (strcmp(argv[0], "kubectl") == 0 ||
			 (k->more_verbs && strcmp(argv[0], "ksim") == 0))) {
		argc--;
		argv++;
	}
	if (global_flags(k, &argc, argv))
		return 1;
	if (argc == 0) {
		usage(k);
		return 0;
	}
	verb = verb_find(k, argv[0]);
	if (!verb) {
		sb_printf(k->err, "error: unknown command \"%s\" for \"kubectl\"\n", argv[0]);
		sb_add(k->err, "Run 'kubectl --help' for usage.\n");
		return 1;
	}
	return verb->exec(k, argc, argv);
}

int kubectl_start(struct kubectl *k, const char *line, struct kubectl_cont **cont)
{
	struct kubectl local = *k;
	struct ksim_error err;
	char **argv, **words;
	int argc, rc;

	*cont = NULL;
	local.cont = NULL;
	if (kubectl_split(line, &argc, &argv, &err)) {
		sb_printf(k->err, "error: %s\n", err.msg);
		return KUBECTL_ERROR;
	}
	/* Flag parsing reorders the words; keep the original array to free them. */
	words = xmalloc(((size_t)argc + 1) * sizeof *words);
	memcpy(words, argv, ((size_t)argc + 1) * sizeof *words);
	if (k->e) /* read-only callers run commands without an engine */
		engine_collect_hold(k->e);
	rc = run_words(&local, argc, words);
	if (k->e)
		engine_collect_release(k->e);
	free(words);
	kubectl_split_free(argc, argv);
	/* WAIT and EDIT come only from kubectl_wait()/kubectl_edit_file(), never an exit code */
	assert(rc >= KUBECTL_OK && rc <= KUBECTL_EDIT);
	assert((rc == KUBECTL_WAIT || rc == KUBECTL_EDIT) == (local.cont != NULL));
	if (rc == KUBECTL_WAIT || rc == KUBECTL_EDIT)
		*cont = local.cont;
	else
		kubectl_cont_free(local.cont);
	return rc;
}

int kubectl_exec(struct engine *e, const char *line, struct strbuf *out, struct strbuf *err)
{
	struct cluster *c = engine_cluster(e);
	struct kubectl k = {
		.e = e,
		.c = c,
		.out = out,
		.err = err,
		.ns = c->s.default_ns,
		.base_dir = "",
	};

	return kubectl_run(&k, line);
}

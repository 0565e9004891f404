/*
 * kubectl delete (KIND NAME... | KIND/NAME... | -f FILE | KIND -l SEL |
 * KIND --all) [--cascade=background|foreground|orphan] [--grace-period=N]
 * [--force] [--now]: each object goes to engine_delete() with the
 * propagation policy and grace period kubectl would send.
 */
#include "ksim/kubectl.h"

#include <string.h>

#include "write.h"

struct delete_opts {
	enum propagation prop;
	int64_t grace_s; /* -1: the object's own terminationGracePeriodSeconds */
};

static const struct {
	const char *word;
	enum propagation prop;
} cascades[] = {
	{ "background", PROPAGATE_BACKGROUND },
	{ "foreground", PROPAGATE_FOREGROUND },
	{ "orphan", PROPAGATE_ORPHAN },
};

/* strconv.ParseBool's spellings: the deprecated --cascade=true|false. */
static const char *const bool_true[] = { "1", "t", "T", "TRUE", "true", "True" };
static const char *const bool_false[] = { "0", "f", "F", "FALSE", "false", "False" };

static bool word_in(const char *w, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(w, list[i]) == 0)
			return true;
	return false;
}

static int parse_cascade(struct kubectl *k, const char *value, enum propagation *out)
{
	bool yes = word_in(value, bool_true, ARRAY_LEN(bool_true));

	if (yes || word_in(value, bool_false, ARRAY_LEN(bool_false))) {
		*out = yes ? PROPAGATE_BACKGROUND : PROPAGATE_ORPHAN;
		sb_printf(k->err,
			  "warning: --cascade=%s is deprecated (boolean value) and can be replaced "
			  "with --cascade=%s.\n",
			  value, yes ? "background" : "orphan");
		return 0;
	}
	for (size_t i = 0; i < ARRAY_LEN(cascades); i++)
		if (strcmp(value, cascades[i].word) == 0) {
			*out = cascades[i].prop;
			return 0;
		}
	sb_printf(k->err,
		  "error: invalid cascade value (%s). Must be \"background\", \"foreground\", "
		  "or \"orphan\"\n",
		  value);
	return 1;
}

/* kubectl's Complete and Validate for --grace-period, --now and --force. */
static int parse_grace(struct kubectl *k, const char *grace, bool now, bool force, int64_t *out)
{
	*out = -1;
	if (grace && kubectl_flag_int(k, "delete", "grace-period", grace, out))
		return 1;
	if (now) {
		if (*out != -1) {
			sb_add(k->err,
			       "error: --now and --grace-period cannot be specified together\n");
			return 1;
		}
		*out = 1;
	}
	/* --grace-period=0 without --force means 1, to prevent accidental data loss. */
	if (*out == 0 && !force)
		*out = 1;
	if (force && *out < 0)
		*out = 0;
	if (force && *out > 0) {
		sb_add(
		    k->err,
		    "error: --force and --grace-period greater than 0 cannot be specified together\n");
		return 1;
	}
	if (force)
		sb_add(k->err,
		       "Warning: Immediate deletion does not wait for confirmation that the running "
		       "resource has been terminated. The resource may continue to run on the cluster "
		       "indefinitely.\n");
	return 0;
}

static int delete_one(struct kubectl *k, enum kind kind, uint32_t idx, void *ctx)
{
	const struct delete_opts *o = ctx;
	char kname[64];

	api_kind_name(kind, false, kname, sizeof kname);
	sb_printf(k->out, "%s \"%s\" %s\n", kname,
		  cluster_str(k->c, cluster_meta(k->c, kind, idx)->name),
		  o->grace_s == 0 ? "force deleted" : "deleted");
	engine_delete(k->e, kind, idx, o->prop, o->grace_s);
	return 0;
}

static int delete_exec(struct kubectl *k, int argc, char **argv)
{
	struct flag_list files = { 0 };
	struct delete_opts o = { PROPAGATE_BACKGROUND, -1 };
	const char *cascade = NULL, *grace = NULL;
	bool force = false, now = false, wait = true;
	struct pick p = { .files = &files, .doing = "deleting" };
	const struct kubectl_flag flags[] = {
		{ "l", "selector", &p.selector, NULL },
		{ NULL, "all", NULL, &p.all },
		{ NULL, "cascade", &cascade, NULL },
		{ NULL, "grace-period", &grace, NULL },
		{ NULL, "force", NULL, &force },
		{ NULL, "now", NULL, &now },
		/* Virtual time stands still during a command: there is nothing to wait for. */
		{ NULL, "wait", NULL, &wait },
		{ NULL, NULL, NULL, NULL },
	};
	int found = 0, rc = 1;

	if (kubectl_flag_take_list(k, "f", "filename", true, &argc, argv, &files) ||
	    kubectl_flags(k, flags, &argc, argv) || (cascade && parse_cascade(k, cascade, &o.prop)) ||
	    parse_grace(k, grace, now, force, &o.grace_s))
		goto out;
	rc = kubectl_pick_each(k, &p, argc - 1, argv + 1, delete_one, &o, &found);
	if (!rc && !found)
		sb_add(k->out, "No resources found\n");
out:
	kubectl_flag_list_free(&files);
	return rc;
}

const struct kubectl_verb kubectl_delete = {
	.name = "delete",
	.usage = "delete (KIND NAME... | KIND/NAME... | -f FILE | KIND -l SELECTOR | KIND --all) "
		 "[--cascade=background|foreground|orphan] [--grace-period=N] [--force] [--now]",
	.summary = "Delete resources by file names, stdin, resources and names, or by resources and label selector",
	.exec = delete_exec,
};

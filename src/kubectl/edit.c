/*
 * kubectl edit (KIND NAME | KIND/NAME): the object's YAML in a temporary
 * file, returned as KUBECTL_EDIT; whoever runs the command opens it in
 * $KUBE_EDITOR, $EDITOR or vi (the dashboard on its UI thread with curses
 * suspended, the headless driver in the foreground), and the saved text is
 * applied as `kubectl edit` applies it, as the course does with `edit
 * replicaset`. --validate (strict, the default; warn; false) says what a
 * field Kubernetes does not have does to the edit, as for apply.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "write.h"

static const char header[] =
    "# Please edit the object below. Lines beginning with a '#' will be ignored,\n"
    "# and an empty file will abort the edit. If an error occurs while saving this file will be\n"
    "# reopened with the relevant failures.\n#\n";

/* The object being edited and its text as the editor got it. */
struct edit {
	enum kind kind;
	struct ref r;
	struct strbuf before;
	enum manifest_validation validation;
};

static void edit_free(void *state)
{
	struct edit *ed = state;

	sb_free(&ed->before);
	free(ed);
}

/* Makes an empty /tmp/kubectl-edit-<six random chars>.yaml in path; its descriptor, or -1. */
static int temp_file(char path[static 30])
{
	static const char prefix[] = "/tmp/kubectl-edit-";

	snprintf(path, 30, "%s______.yaml", prefix);
	memset(path + sizeof prefix - 1, 'X', 6); /* the six characters mkstemps replaces */
	return mkstemps(path, 5);
}

/* The saved file's whole text into out. 0, or 1 with an error. */
static int read_edited(struct kubectl *k, const char *path, struct strbuf *out)
{
	char buf[4096];
	size_t n;
	FILE *f = fopen(path, "r");

	if (!f) {
		sb_printf(k->err, "error: the edited file %s cannot be read\n", path);
		return 1;
	}
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		sb_addn(out, buf, n);
	fclose(f);
	return 0;
}

/* text without its comment lines, which kubectl ignores when it compares. */
static void drop_comments(const char *text, struct strbuf *out)
{
	for (const char *line = text; *line;) {
		size_t len = strcspn(line, "\n");
		len += line[len] == '\n';
		if (line[0] != '#')
			sb_addn(out, line, len);
		line += len;
	}
}

/*
 * Applies the edited text as saved, comments included, so that an error
 * names a line of the file the user edited. A rejected edit is kept in a
 * file of its own, named in the errors and printed as kubectl prints it
 * (editoptions.go preservedFile).
 */
static int apply_edited(struct kubectl *k, const struct edit *ed, const char *text)
{
	char kept[30];
	int fd = temp_file(kept), rc;
	FILE *f = fd < 0 ? NULL : fdopen(fd, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	} else if (fd >= 0) {
		close(fd);
		unlink(kept);
	}
	rc = object_replace(k, ed->kind, ed->r.idx, text, f ? kept : "edited", "edited",
			    ed->validation);
	if (f && rc == 0)
		unlink(kept);
	else if (f)
		sb_printf(k->err,
			  "A copy of your changes has been stored to \"%s\"\n"
			  "error: Edit cancelled, no valid changes were saved.\n",
			  kept);
	return rc ? KUBECTL_ERROR : KUBECTL_OK;
}

static int edited(struct kubectl *k, void *state, const char *path)
{
	struct edit *ed = state;
	const struct meta *m = cluster_deref(k->c, ed->kind, ed->r);
	struct strbuf text, after;
	int rc = KUBECTL_ERROR;

	sb_init(&text);
	sb_init(&after);
	if (read_edited(k, path, &text) == 0) {
		drop_comments(text.data, &after);
		rc = KUBECTL_OK; /* editoptions.go: both on stderr, neither an error */
		if (strcmp(after.data, ed->before.data) == 0) {
			sb_add(k->err, "Edit cancelled, no changes made.\n");
		} else if (strspn(after.data, " \t\n") == after.len) {
			sb_add(k->err, "Edit cancelled, saved file was empty.\n");
		} else if (!m) {
			sb_add(k->err, "error: the object was deleted while it was being edited\n");
			rc = KUBECTL_ERROR;
		} else {
			rc = apply_edited(k, ed, text.data);
		}
	}
	sb_free(&text);
	sb_free(&after);
	return rc;
}

/* The one object `edit` names, collected by kubectl_pick_each. */
struct edit_pick {
	enum kind kind;
	uint32_t idx;
};

static int edit_collect(struct kubectl *k, enum kind kind, uint32_t idx, void *ctx)
{
	struct edit_pick *ep = ctx;

	(void)k;
	*ep = (struct edit_pick){ kind, idx };
	return 0;
}

static int edit_exec(struct kubectl *k, int argc, char **argv)
{
	char path[30];
	struct edit_pick ep;
	struct pick p = { 0 };
	struct edit *ed;
	const char *validate = NULL;
	const struct kubectl_flag flags[] = {
		{ NULL, "validate", &validate, NULL },
		{ NULL, NULL, NULL, NULL },
	};
	enum manifest_validation validation = MANIFEST_STRICT;
	int found = 0, fd;
	FILE *f;

	if (kubectl_flags(k, flags, &argc, argv))
		return KUBECTL_ERROR;
	if (validate && manifest_validation_parse(validate, &validation)) {
		sb_printf(k->err, "error: " MANIFEST_VALIDATION_BAD "\n", validate);
		return KUBECTL_ERROR;
	}
	if (argc < 2)
		return usage_error(
		    k, "edit", "You must provide one or more resources by argument or filename.");
	if (kubectl_pick_each(k, &p, argc - 1, argv + 1, edit_collect, &ep, &found))
		return KUBECTL_ERROR;
	if (found != 1) {
		sb_add(k->err, "error: ksim edits one object at a time\n");
		return KUBECTL_ERROR;
	}
	fd = temp_file(path);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		if (fd >= 0) {
			close(fd);
			unlink(path);
		}
		sb_add(k->err, "error: cannot create a temporary file to edit\n");
		return KUBECTL_ERROR;
	}
	ed = xcalloc(1, sizeof *ed);
	ed->kind = ep.kind;
	ed->validation = validation;
	ed->r = cluster_ref(k->c, ep.kind, ep.idx);
	sb_init(&ed->before);
	object_yaml(k->c, ep.kind, ep.idx, &ed->before);
	fputs(header, f);
	fputs(ed->before.data, f);
	fclose(f);
	return kubectl_edit_file(k, xstrdup(path), edited, ed, edit_free);
}

const struct kubectl_verb kubectl_edit = {
	.name = "edit",
	.usage = "edit (KIND NAME | KIND/NAME) [--validate=strict|warn|false]",
	.summary = "Edit a resource in $EDITOR and apply it on save",
	.exec = edit_exec,
};

/*
 * kubectl edit (KIND NAME | KIND/NAME): the object's YAML in a temporary
 * file, returned as KUBECTL_EDIT; whoever runs the command opens it in
 * $KUBE_EDITOR, $EDITOR or vi (the dashboard on its UI thread with curses
 * suspended, the headless driver in the foreground), and the saved text is
 * applied as `kubectl edit` applies it, as the course does with `edit
 * replicaset`.
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
};

static void edit_free(void *state)
{
	struct edit *ed = state;

	sb_free(&ed->before);
	free(ed);
}

/* The saved file's text, comment lines dropped, into out. 0, or 1 with an error. */
static int read_edited(struct kubectl *k, const char *path, struct strbuf *out)
{
	char line[4096];
	FILE *f = fopen(path, "r");

	if (!f) {
		sb_printf(k->err, "error: the edited file %s cannot be read\n", path);
		return 1;
	}
	while (fgets(line, sizeof line, f))
		if (line[0] != '#')
			sb_add(out, line);
	fclose(f);
	return 0;
}

static int edited(struct kubectl *k, void *state, const char *path)
{
	struct edit *ed = state;
	const struct meta *m = cluster_deref(k->c, ed->kind, ed->r);
	struct strbuf after;
	int rc = KUBECTL_ERROR;

	sb_init(&after);
	if (read_edited(k, path, &after) == 0) {
		if (strspn(after.data, " \t\n") == after.len || strcmp(after.data, ed->before.data) == 0) {
			sb_add(k->out, "Edit cancelled, no changes made.\n");
			rc = KUBECTL_OK;
		} else if (!m) {
			sb_add(k->err, "error: the object was deleted while it was being edited\n");
		} else {
			rc = object_replace(k, ed->kind, ed->r.idx, after.data, "edited");
		}
	}
	sb_free(&after);
	return rc;
}

/* The one object `edit` names, collected by pick_each. */
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
	static const char prefix[] = "/tmp/kubectl-edit-";
	char path[] = "/tmp/kubectl-edit-______.yaml";
	struct edit_pick ep;
	struct pick p = { 0 };
	struct edit *ed;
	int found = 0, fd;
	FILE *f;

	if (argc < 2)
		return usage_error(
		    k, "edit", "You must provide one or more resources by argument or filename.");
	if (pick_each(k, &p, argc - 1, argv + 1, edit_collect, &ep, &found))
		return KUBECTL_ERROR;
	if (found != 1) {
		sb_add(k->err, "error: ksim edits one object at a time\n");
		return KUBECTL_ERROR;
	}
	memset(path + sizeof prefix - 1, 'X', 6); /* the six characters mkstemps replaces */
	fd = mkstemps(path, 5);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		if (fd >= 0)
			close(fd);
		sb_add(k->err, "error: cannot create a temporary file to edit\n");
		return KUBECTL_ERROR;
	}
	ed = xcalloc(1, sizeof *ed);
	ed->kind = ep.kind;
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
	.usage = "edit (KIND NAME | KIND/NAME)",
	.summary = "Edit a resource in $EDITOR and apply it on save",
	.exec = edit_exec,
};

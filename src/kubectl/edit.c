/*
 * kubectl edit (KIND NAME | KIND/NAME): the object's YAML in $KUBE_EDITOR,
 * $EDITOR or vi, applied on save, as the course does with `edit replicaset`.
 * Whoever runs this with a terminal in curses mode leaves curses first.
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

static const char *editor(void)
{
	const char *e = getenv("KUBE_EDITOR");

	if (!e || !*e)
		e = getenv("EDITOR");
	return e && *e ? e : "vi";
}

/* Runs the editor on path; the file's new text (comment lines dropped) goes to out. */
static int run_editor(struct kubectl *k, const char *path, struct strbuf *out)
{
	struct strbuf cmd;
	char line[4096];
	FILE *f;
	int status;

	sb_init(&cmd);
	sb_printf(&cmd, "%s '%s'", editor(), path);
	status = system(cmd.data);
	sb_free(&cmd);
	if (status != 0) {
		sb_printf(k->err, "error: there was a problem with the editor \"%s\"\n", editor());
		return 1;
	}
	f = fopen(path, "r");
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

static int edit_one(struct kubectl *k, enum kind kind, uint32_t idx, void *ctx)
{
	struct strbuf before, after;
	static const char prefix[] = "/tmp/kubectl-edit-";
	char path[] = "/tmp/kubectl-edit-______.yaml";
	int fd, rc = 1;

	(void)ctx;
	memset(path + sizeof prefix - 1, 'X', 6); /* the six characters mkstemps replaces */
	sb_init(&before);
	sb_init(&after);
	object_yaml(k->c, kind, idx, &before);
	fd = mkstemps(path, 5);
	if (fd < 0) {
		sb_add(k->err, "error: cannot create a temporary file to edit\n");
	} else {
		FILE *f = fdopen(fd, "w");
		fputs(header, f);
		fputs(before.data, f);
		fclose(f);
		if (run_editor(k, path, &after) == 0) {
			if (strspn(after.data, " \t\n") == after.len ||
			    strcmp(after.data, before.data) == 0) {
				sb_add(k->out, "Edit cancelled, no changes made.\n");
				rc = 0;
			} else {
				rc = object_replace(k, kind, idx, after.data, "edited");
			}
		}
		unlink(path);
	}
	sb_free(&before);
	sb_free(&after);
	return rc;
}

static int edit_exec(struct kubectl *k, int argc, char **argv)
{
	struct pick p = { 0 };
	int found = 0;

	if (argc < 2)
		return usage_error(
		    k, "edit", "You must provide one or more resources by argument or filename.");
	return pick_each(k, &p, argc - 1, argv + 1, edit_one, NULL, &found);
}

const struct kubectl_verb kubectl_edit = {
	.name = "edit",
	.usage = "edit (KIND NAME | KIND/NAME)",
	.summary = "Edit a resource in $EDITOR and apply it on save",
	.exec = edit_exec,
};

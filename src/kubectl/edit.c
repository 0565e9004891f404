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

/* Makes an empty /tmp/kubectl-edit-XXXXXX.yaml in path; its descriptor, or -1. */
static int temp_file(char path[static 30])
{
	static const char prefix[] = "/tmp/kubectl-edit-";

	snprintf(path, 30, "%s______.yaml", prefix);
	memset(path + sizeof prefix - 1, 'X', 6); /* the six characters mkstemps replaces */
	return mkstemps(path, 5);
}

/* Runs the editor on path; the file's whole text goes to out. */
static int run_editor(struct kubectl *k, const char *path, struct strbuf *out)
{
	struct strbuf cmd;
	char buf[4096];
	size_t n;
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
static int apply_edited(struct kubectl *k, enum kind kind, uint32_t idx, const char *text)
{
	char kept[30];
	int fd = temp_file(kept), rc;
	FILE *f = fd < 0 ? NULL : fdopen(fd, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	} else if (fd >= 0) {
		close(fd);
	}
	rc = object_replace(k, kind, idx, text, f ? kept : "edited", "edited");
	if (f && rc == 0)
		unlink(kept);
	else if (f)
		sb_printf(k->err,
			  "A copy of your changes has been stored to \"%s\"\n"
			  "error: Edit cancelled, no valid changes were saved.\n",
			  kept);
	return rc;
}

static int edit_one(struct kubectl *k, enum kind kind, uint32_t idx, void *ctx)
{
	struct strbuf before, text, after;
	char path[30];
	int fd, rc = 1;

	(void)ctx;
	sb_init(&before);
	sb_init(&text);
	sb_init(&after);
	object_yaml(k->c, kind, idx, &before);
	fd = temp_file(path);
	if (fd < 0) {
		sb_add(k->err, "error: cannot create a temporary file to edit\n");
	} else {
		FILE *f = fdopen(fd, "w");
		fputs(header, f);
		fputs(before.data, f);
		fclose(f);
		if (run_editor(k, path, &text) == 0) {
			drop_comments(text.data, &after);
			rc = 0; /* editoptions.go: both on stderr, neither an error */
			if (strcmp(after.data, before.data) == 0)
				sb_add(k->err, "Edit cancelled, no changes made.\n");
			else if (strspn(after.data, " \t\n") == after.len)
				sb_add(k->err, "Edit cancelled, saved file was empty.\n");
			else
				rc = apply_edited(k, kind, idx, text.data);
		}
		unlink(path);
	}
	sb_free(&before);
	sb_free(&text);
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

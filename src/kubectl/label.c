/*
 * kubectl label (KIND NAME... | KIND/NAME... | KIND -l SEL | KIND --all |
 * -f FILE) KEY=VALUE... KEY-... [--overwrite]: kubectl checks the values
 * and the overwrite rule, the API server the keys; each object then prints
 * "labeled", "unlabeled" or "not labeled" as kubectl decides it.
 * kubectl annotate is the same command on metadata.annotations, whose
 * values are free text (kubernetes.io/change-cause), printing "annotated".
 */
#include "ksim/kubectl.h"

#include <stdlib.h>
#include <string.h>

#include "write.h"

struct label_change {
	struct label *set; /* key=value, a later duplicate key wins */
	uint32_t nset, set_cap;
	uint32_t *del; /* keys to remove */
	uint32_t ndel, del_cap;
	bool overwrite;
	bool annotate; /* kubectl annotate: metadata.annotations */
};

static uint32_t *field_of(struct meta *m, const struct label_change *ch)
{
	return ch->annotate ? &m->annotations : &m->labels;
}

/* cmdutil.GetResourcesAndPairs: "k=v" and "k-" are changes, the words before them resources. */
static bool is_pair(const char *w)
{
	size_t n = strlen(w);

	return (strchr(w, '=') && w[0] != '=') || (n > 1 && w[n - 1] == '-');
}

static int add_set(struct kubectl *k, struct label_change *ch, const char *spec)
{
	const char *eq = strchr(spec, '='), *msgs[4];
	int n;

	if (!ch->annotate && strchr(eq + 1, '=')) {
		sb_printf(k->err, "error: invalid label spec: %s\n", spec);
		return 1;
	}
	if (!ch->annotate && (n = labels_value_problems(eq + 1, msgs)) > 0) {
		sb_printf(k->err, "error: invalid label value: \"%s\": ", spec);
		for (int i = 0; i < n; i++)
			sb_printf(k->err, "%s%s", i ? ";" : "", msgs[i]);
		sb_add(k->err, "\n");
		return 1;
	}
	xgrow(&ch->set, &ch->set_cap, ch->nset + 1, sizeof *ch->set);
	ch->set[ch->nset++] = (struct label){
		strtab_intern_n(k->c->strings, spec, (size_t)(eq - spec)),
		cluster_intern(k->c, eq + 1),
	};
	return 0;
}

/* kubectl's parseLabels. */
static int parse_changes(struct kubectl *k, int n, char **words, struct label_change *ch)
{
	for (int i = 0; i < n; i++) {
		size_t len = strlen(words[i]);
		if (strchr(words[i], '=')) {
			if (add_set(k, ch, words[i]))
				return 1;
		} else {
			xgrow(&ch->del, &ch->del_cap, ch->ndel + 1, sizeof *ch->del);
			ch->del[ch->ndel++] = strtab_intern_n(k->c->strings, words[i], len - 1);
		}
	}
	for (uint32_t i = 0; i < ch->ndel; i++)
		for (uint32_t j = 0; j < ch->nset; j++)
			if (ch->del[i] == ch->set[j].key) {
				sb_add(
				    k->err,
				    "error: can not both modify and remove a label in the same command\n");
				return 1;
			}
	return 0;
}

/* Length of the labels as JSON: kubectl says "unlabeled" when the object got shorter. */
static size_t json_len(const struct cluster *c, uint32_t set)
{
	uint32_t n;
	const struct label *p = labels_get(c->labels, set, &n);
	size_t len = n ? 2 + (n - 1) : 0;

	for (uint32_t i = 0; i < n; i++)
		len += strlen(cluster_str(c, p[i].key)) + strlen(cluster_str(c, p[i].val)) + 5;
	return len;
}

/*
 * The API server validates the label keys (metav1validation.ValidateLabels);
 * kubectl prints one cause on the status line, several as a list
 * (cmdutil.MultilineError).
 */
static int check_keys(struct kubectl *k, enum kind kind, const struct meta *m,
		      const struct label_change *ch)
{
	struct strbuf causes;
	int n = 0;

	sb_init(&causes);
	for (uint32_t i = 0; i < ch->nset; i++) {
		const char *key = cluster_str(k->c, ch->set[i].key), *msgs[4];
		int nm = labels_key_problems(key, msgs);
		for (int j = 0; j < nm; j++, n++)
			sb_printf(&causes, "%smetadata.%s: Invalid value: \"%s\": %s\n",
				  n ? "* " : "", ch->annotate ? "annotations" : "labels", key, msgs[j]);
	}
	if (n) {
		sb_printf(k->err, "The %s \"%s\" is invalid: ", kind_info(kind)->kind,
			  cluster_str(k->c, m->name));
		sb_add(k->err, n > 1 ? "\n* " : "");
		sb_add(k->err, causes.data);
	}
	sb_free(&causes);
	return n ? 1 : 0;
}

/* validateNoOverwrites: every key being set must be new unless --overwrite. */
static int check_overwrite(struct kubectl *k, struct meta *m, const struct label_change *ch)
{
	struct strbuf lines;
	int n = 0;

	if (ch->overwrite)
		return 0;
	sb_init(&lines);
	for (uint32_t i = 0; i < ch->nset; i++) {
		uint32_t old = labels_value(k->c->labels, *field_of(m, ch), ch->set[i].key);
		if (old == NONE32)
			continue;
		sb_printf(&lines, "'%s' already has a value (%s), and --overwrite is false\n",
			  cluster_str(k->c, ch->set[i].key), cluster_str(k->c, old));
		n++;
	}
	print_aggregate(k, &lines, n);
	sb_free(&lines);
	return n ? 1 : 0;
}

static int label_one(struct kubectl *k, enum kind kind, uint32_t idx, void *ctx)
{
	const struct label_change *ch = ctx;
	struct meta *m = cluster_meta(k->c, kind, idx);
	uint32_t *field = field_of(m, ch), set = *field;
	const char *what;

	for (uint32_t i = 0; i < ch->ndel; i++)
		if (!ch->annotate && labels_value(k->c->labels, set, ch->del[i]) == NONE32)
			sb_printf(k->out, "label \"%s\" not found.\n", cluster_str(k->c, ch->del[i]));
	if (check_overwrite(k, m, ch) || check_keys(k, kind, m, ch))
		return 1;
	for (uint32_t i = 0; i < ch->nset; i++)
		set = labels_with(k->c->labels, set, ch->set[i].key, ch->set[i].val);
	for (uint32_t i = 0; i < ch->ndel; i++)
		set = labels_with(k->c->labels, set, ch->del[i], NONE32);
	if (ch->annotate)
		what = "annotated";
	else if (set == *field)
		what = "not labeled";
	else if (!ch->overwrite && json_len(k->c, set) < json_len(k->c, *field))
		what = "unlabeled";
	else
		what = "labeled";
	if (set != *field) {
		*field = set;
		cluster_changed(k->c, kind, idx, CHANGE_UPDATED);
	}
	kubectl_operation_print(k, kind, idx, what);
	return 0;
}

static int label_run(struct kubectl *k, int argc, char **argv, struct pick *p, struct label_change *ch)
{
	int nres = split_changes(k, argc, argv, is_pair, "label"), found;

	if (nres < 0)
		return 1;
	if (parse_changes(k, argc - nres, argv + nres, ch))
		return 1;
	if (p->all && p->selector) {
		sb_add(k->err, "error: cannot set --all and --selector at the same time\n");
		return 1;
	}
	if (nres == 1 && p->files->n == 0) {
		sb_add(k->err, "error: one or more resources must be specified as <resource> <name> or "
			       "<resource>/<name>\n");
		return 1;
	}
	if (ch->nset + ch->ndel == 0) {
		sb_add(k->err, "error: at least one label update is required\n");
		return 1;
	}
	return kubectl_pick_each(k, p, nres - 1, argv + 1, label_one, ch, &found);
}

static int label_exec(struct kubectl *k, int argc, char **argv)
{
	struct flag_list files = { 0 };
	struct label_change ch = { .annotate = strcmp(argv[0], "annotate") == 0 };
	struct pick p = { .files = &files };
	const struct kubectl_flag flags[] = {
		{ "l", "selector", &p.selector, NULL },
		{ NULL, "all", NULL, &p.all },
		{ NULL, "overwrite", NULL, &ch.overwrite },
		{ NULL, NULL, NULL, NULL },
	};
	int rc = 1;

	if (!kubectl_flag_take_list(k, "f", "filename", true, &argc, argv, &files) &&
	    !kubectl_flags(k, flags, &argc, argv))
		rc = label_run(k, argc, argv, &p, &ch);
	free(ch.set);
	free(ch.del);
	kubectl_flag_list_free(&files);
	return rc;
}

const struct kubectl_verb kubectl_label = {
	.name = "label",
	.usage = "label [--overwrite] (KIND NAME | KIND/NAME | KIND -l SELECTOR | KIND --all | -f FILE) "
		 "KEY=VALUE... KEY-...",
	.summary = "Update the labels on a resource",
	.exec = label_exec,
};

const struct kubectl_verb kubectl_annotate = {
	.name = "annotate",
	.usage = "annotate [--overwrite] (KIND NAME | KIND/NAME | KIND -l SELECTOR | KIND --all | -f "
		 "FILE) KEY=VALUE... KEY-...",
	.summary = "Update the annotations on a resource",
	.exec = label_exec,
};

/*
 * kubectl rollout status|restart for Deployments, DaemonSets and StatefulSets,
 * history|undo for Deployments (rollout_deploy.c), DaemonSets and StatefulSets
 * (revisions.c), pause|resume for Deployments
 * (kubectl/pkg/polymorphichelpers rollout_status.go, objectrestarter.go).
 * `status` watches as kubectl does: it prints the status line, then
 * returns KUBECTL_WAIT, and whoever runs it lets virtual time run and calls
 * back at each instant; a line is printed at each update of the object,
 * until the rollout is done (or an hour of virtual time passes). Each kind
 * has its one function saying what to print and whether the rollout is done.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "write.h"

#define WATCH_LIMIT_MS (3600LL * 1000)

/*
 * A kind's rollout status: the line for the object now, *done when it finished;
 * -1 when its strategy has none, 1 when the line is an error (a progress deadline).
 */
struct rollout_kind {
	enum kind kind;
	int (*status)(const struct cluster *c, uint32_t idx, struct strbuf *line, bool *done);
};

static int daemonset_status(const struct cluster *c, uint32_t idx, struct strbuf *line, bool *done)
{
	const struct daemonset *d = cluster_get(c, KIND_DS, idx);
	const char *name = cluster_str(c, d->meta.name);

	if (d->strategy != DS_ROLLING_UPDATE)
		return -1;
	if (d->meta.generation > d->status.observed_generation)
		sb_add(line, "Waiting for daemon set spec update to be observed...\n");
	else if (d->status.updated < d->status.desired)
		sb_printf(
		    line,
		    "Waiting for daemon set \"%s\" rollout to finish: %d out of %d new pods have been updated...\n",
		    name, d->status.updated, d->status.desired);
	else if (d->status.available < d->status.desired)
		sb_printf(
		    line,
		    "Waiting for daemon set \"%s\" rollout to finish: %d of %d updated pods are available...\n",
		    name, d->status.available, d->status.desired);
	else
		sb_printf(line, "daemon set \"%s\" successfully rolled out\n", name), *done = true;
	return 0;
}

static int statefulset_status(const struct cluster *c, uint32_t idx, struct strbuf *line,
			      bool *done)
{
	const struct statefulset *s = cluster_get(c, KIND_STS, idx);

	if (s->strategy != STS_ROLLING_UPDATE)
		return -1;
	if (s->status.observed_generation == 0 || s->meta.generation > s->status.observed_generation) {
		sb_add(line, "Waiting for statefulset spec update to be observed...\n");
	} else if (s->status.ready < s->replicas) {
		sb_printf(line, "Waiting for %d pods to be ready...\n",
			  s->replicas - s->status.ready);
	} else if (!s->rolling_update_nil) {
		/* Defaulted specs always carry rollingUpdate.partition, so this is the usual message. */
		if (s->status.updated < s->replicas - s->partition)
			sb_printf(
			    line,
			    "Waiting for partitioned roll out to finish: %d out of %d new pods have been updated...\n",
			    s->status.updated, s->replicas - s->partition);
		else
			sb_printf(line,
				  "partitioned roll out complete: %d new pods have been updated...\n",
				  s->status.updated),
			    *done = true;
	} else {
		bool rolling = s->status.update_revision != s->status.current_revision;
		sb_printf(line,
			  rolling ? "waiting for statefulset rolling update to complete %d pods at revision "
				  : "statefulset rolling update complete %d pods at revision ",
			  rolling ? s->status.updated : s->status.current);
		cluster_revision_name(
		    c, s->meta.name,
		    rolling ? s->status.update_revision : s->status.current_revision, line);
		sb_add(line, "...\n");
		*done = !rolling;
	}
	return 0;
}

static int deployment_status(const struct cluster *c, uint32_t idx, struct strbuf *line,
			     bool *done)
{
	return rollout_deploy_status(c, cluster_get(c, KIND_DEPLOY, idx), line, done) ? 1 : 0;
}

static const struct rollout_kind rollout_kinds[] = {
	{ KIND_DEPLOY, deployment_status },
	{ KIND_DS, daemonset_status },
	{ KIND_STS, statefulset_status },
};

static const struct rollout_kind *rollout_kind(enum kind kind)
{
	for (size_t i = 0; i < sizeof rollout_kinds / sizeof *rollout_kinds; i++)
		if (rollout_kinds[i].kind == kind)
			return &rollout_kinds[i];
	return NULL;
}

static bool supported(struct kubectl *k, enum kind kind, uint32_t idx, const char *what)
{
	char name[64];

	if (rollout_kind(kind))
		return true;
	kubectl_kind_name(kind, true, name, sizeof name);
	sb_printf(k->err, "error: %s \"%s\" %s is not supported\n", name,
		  cluster_str(k->c, cluster_meta(k->c, kind, idx)->name), what);
	return false;
}

/* What a watching `rollout status` remembers between instants. */
struct watch {
	const struct rollout_kind *rk;
	struct ref r;
	uint64_t seen; /* the resourceVersion last printed */
};

/* As kubectl's watch does, a line for each update of the object (one per virtual instant here). */
static int watch_poll(struct kubectl *k, void *state)
{
	struct watch *w = state;
	const struct meta *m = cluster_deref(k->c, w->rk->kind, w->r);
	struct strbuf line;
	bool done = false;
	int rc = KUBECTL_WAIT;

	if (!m) {
		sb_add(k->err, "error: object has been deleted\n");
		return KUBECTL_ERROR;
	}
	if (m->rv == w->seen)
		return KUBECTL_WAIT;
	w->seen = m->rv;
	sb_init(&line);
	int st = w->rk->status(k->c, w->r.idx, &line, &done);
	if (st > 0) {
		sb_add(k->err, line.data);
		rc = KUBECTL_ERROR;
	} else if (st < 0) {
		sb_add(k->err,
		       "error: rollout status is only available for RollingUpdate strategy type\n");
		rc = KUBECTL_ERROR;
	} else {
		sb_add(k->out, line.data);
		rc = done ? KUBECTL_OK : KUBECTL_WAIT;
	}
	sb_free(&line);
	return rc;
}

/* The one object `rollout status` names, collected by kubectl_pick_each. */
struct status_pick {
	enum kind kind;
	uint32_t idx;
	int n;
};

static int status_collect(struct kubectl *k, enum kind kind, uint32_t idx, void *ctx)
{
	struct status_pick *sp = ctx;

	if (!supported(k, kind, idx, "rollout status"))
		return 1;
	sp->kind = kind;
	sp->idx = idx;
	sp->n++;
	return 0;
}

static int status_exec(struct kubectl *k, int argc, char **argv, bool watch)
{
	struct status_pick sp = { 0 };
	struct pick p = { 0 };
	struct watch *w;
	int found = 0, rc;

	if (kubectl_pick_each(k, &p, argc, argv, status_collect, &sp, &found))
		return KUBECTL_ERROR;
	if (sp.n != 1) {
		sb_add(k->err, "error: rollout status is only supported on individual resources and "
			       "resource collections are not supported yet\n");
		return KUBECTL_ERROR;
	}
	w = xcalloc(1, sizeof *w);
	*w = (struct watch){ rollout_kind(sp.kind), cluster_ref(k->c, sp.kind, sp.idx), 0 };
	rc = watch_poll(k, w);
	if (rc != KUBECTL_WAIT || !watch) {
		free(w);
		return rc == KUBECTL_ERROR ? KUBECTL_ERROR : KUBECTL_OK;
	}
	return kubectl_wait(k, engine_now(k->e) + WATCH_LIMIT_MS, watch_poll, w, free);
}

/* A new template annotation makes a new revision: the controller rolls every pod. */
static int restart_one(struct kubectl *k, enum kind kind, uint32_t idx, void *ctx)
{
	struct template *tpl;
	char now[32];

	(void)ctx;
	if (!supported(k, kind, idx, "restarting"))
		return 1;
	if (kind == KIND_DEPLOY && ((struct deployment *)cluster_get(k->c, kind, idx))->paused) {
		sb_printf(k->err,
			  "error: deployments.apps \"%s\" can't restart paused deployment (run rollout "
			  "resume first)\n",
			  cluster_str(k->c, cluster_meta(k->c, kind, idx)->name));
		return 1;
	}
	tpl = (struct template *)object_template(kind, cluster_get(k->c, kind, idx));
	time_rfc3339(engine_now(k->e), now, sizeof now);
	tpl->annotations = labels_with(k->c->labels, tpl->annotations,
				       cluster_intern(k->c, "kubectl.kubernetes.io/restartedAt"),
				       cluster_intern(k->c, now));
	cluster_meta(k->c, kind, idx)->generation++;
	cluster_changed(k->c, kind, idx, CHANGE_UPDATED);
	kubectl_operation_print(k, kind, idx, "restarted");
	return 0;
}

/* history, undo, pause and resume: Deployments only in ksim. */
struct deploy_verb {
	const char *name;
	int (*fn)(struct kubectl *k, uint32_t didx, int64_t arg);
	int64_t arg;
};

static int pause(struct kubectl *k, uint32_t didx, int64_t arg)
{
	(void)arg;
	return rollout_deploy_pause(k, didx, true);
}

static int resume(struct kubectl *k, uint32_t didx, int64_t arg)
{
	(void)arg;
	return rollout_deploy_pause(k, didx, false);
}

static const struct deploy_verb deploy_verbs[] = {
	{ "history", rollout_deploy_history, 0 },
	{ "undo", rollout_deploy_undo, 0 },
	{ "pause", pause, 0 },
	{ "resume", resume, 0 },
};

static int deploy_one(struct kubectl *k, enum kind kind, uint32_t idx, void *ctx)
{
	const struct deploy_verb *dv = ctx;
	char name[64];

	if (revisions_kept(kind) && strcmp(dv->name, "history") == 0)
		return revisions_history(k, kind, idx, dv->arg);
	if (revisions_kept(kind) && strcmp(dv->name, "undo") == 0)
		return revisions_undo(k, kind, idx, dv->arg);
	if (kind != KIND_DEPLOY) {
		kubectl_kind_name(kind, true, name, sizeof name);
		sb_printf(k->err, "error: ksim has rollout %s for deployments only, not %s \"%s\"\n",
			  dv->name, name, cluster_str(k->c, cluster_meta(k->c, kind, idx)->name));
		return 1;
	}
	return dv->fn(k, idx, dv->arg);
}

static int rollout_exec(struct kubectl *k, int argc, char **argv)
{
	bool watch = true;
	const char *timeout = NULL, *revision = NULL, *to_revision = NULL;
	int64_t rev = 0;
	const struct kubectl_flag flags[] = {
		{ "w", "watch", NULL, &watch },
		{ NULL, "timeout", &timeout, NULL },
		{ NULL, "revision", &revision, NULL },
		{ NULL, "to-revision", &to_revision, NULL },
		{ NULL, NULL, NULL, NULL },
	};
	struct pick p = { 0 };
	int found = 0;

	if (kubectl_flags(k, flags, &argc, argv))
		return 1;
	if (argc < 3)
		return usage_error(
		    k, "rollout", "ksim knows `rollout status` and `rollout restart` with KIND/NAME");
	if (strcmp(argv[1], "status") == 0)
		return status_exec(k, argc - 2, argv + 2, watch);
	if (strcmp(argv[1], "restart") == 0)
		return kubectl_pick_each(k, &p, argc - 2, argv + 2, restart_one, NULL, &found);
	if ((revision && kubectl_flag_int(k, "rollout", "revision", revision, &rev)) ||
	    (to_revision && kubectl_flag_int(k, "rollout", "to-revision", to_revision, &rev)))
		return 1;
	for (size_t i = 0; i < ARRAY_LEN(deploy_verbs); i++)
		if (strcmp(argv[1], deploy_verbs[i].name) == 0) {
			struct deploy_verb dv = deploy_verbs[i];
			dv.arg = rev;
			return kubectl_pick_each(k, &p, argc - 2, argv + 2, deploy_one, &dv, &found);
		}
	sb_printf(k->err, "error: unknown command \"%s\" for \"kubectl rollout\"\n", argv[1]);
	return 1;
}

const struct kubectl_verb kubectl_rollout = {
	.name = "rollout",
	.usage = "rollout (status | restart | history | undo | pause | resume) KIND/NAME "
		 "[--watch=false] [--revision=N] [--to-revision=N]",
	.summary = "Watch, restart, list, undo, pause or resume a rollout",
	.exec = rollout_exec,
};

/* The batch kinds, Job and CronJob (whose jobTemplate is a Job's spec): their classes. */
#include "ksim/cluster.h"

#include <stddef.h>
#include <stdlib.h>

#include "internal.h"

static void job_spec_free(struct cluster *c, struct job_spec *js)
{
	selector_free(&js->sel);
	template_release(c, &js->tpl);
}

static void job_spec_mark(struct cluster *c, const struct job_spec *js)
{
	cluster_mark_set(c, js->labels);
	cluster_mark_set(c, js->annotations);
	cluster_mark_selector(c, &js->sel);
	cluster_mark_template(c, &js->tpl);
}

static void job_init(struct cluster *c, struct meta *m)
{
	struct job *j = (struct job *)m;

	(void)c;
	j->status.start_ms = j->status.completion_ms = TIME_NONE;
	j->status.condition_ms = j->ctl.last_failure_ms = TIME_NONE;
}

static void job_free(struct cluster *c, struct meta *m)
{
	struct job *j = (struct job *)m;

	job_spec_free(c, &j->spec);
	free(j->status.index_done);
	j->status.index_done = NULL;
}

static void job_mark(struct cluster *c, const struct meta *m)
{
	const struct job *j = (const struct job *)m;

	job_spec_mark(c, &j->spec);
	cluster_mark_str(c, j->status.reason);
}

const struct kind_class kind_class_job = {
	.info = { "Job", "jobs", "job", NULL, "batch/v1", "batch", true },
	.size = sizeof(struct job),
	.child = KIND_POD,
	.init = job_init,
	.release = job_free,
	.mark = job_mark,
	.template = offsetof(struct job, spec.tpl),
	.selector = offsetof(struct job, spec.sel),
	.logs = true,
	.generation = true,
};

static void cronjob_init(struct cluster *c, struct meta *m)
{
	struct cronjob *cj = (struct cronjob *)m;

	(void)c;
	cj->status.last_schedule_ms = cj->status.last_success_ms = TIME_NONE;
	cj->ctl.wake_ms = cj->resumed_ms = cj->next_ms = TIME_NONE;
}

static void cronjob_free(struct cluster *c, struct meta *m)
{
	struct cronjob *cj = (struct cronjob *)m;

	job_spec_free(c, &cj->job);
	free(cj->schedule);
	free(cj->status.active);
	cj->schedule = NULL;
	cj->status.active = NULL;
}

static void cronjob_mark(struct cluster *c, const struct meta *m)
{
	const struct cronjob *cj = (const struct cronjob *)m;

	cluster_mark_str(c, cj->time_zone);
	job_spec_mark(c, &cj->job);
	for (uint32_t i = 0; i < cj->status.nactive; i++)
		cluster_mark_str(c, cj->status.active[i].name);
}

const struct kind_class kind_class_cronjob = {
	.info = { "CronJob", "cronjobs", "cronjob", "cj", "batch/v1", "batch", true },
	.size = sizeof(struct cronjob),
	.child = KIND_JOB,
	.init = cronjob_init,
	.release = cronjob_free,
	.mark = cronjob_mark,
	.template = offsetof(struct cronjob, job.tpl),
	.selector = offsetof(struct cronjob, job.sel),
	.generation = true,
};

/*
 * Job and CronJob (batch/v1): defaults of
 * pkg/apis/batch/v1/defaults.go, checks of pkg/apis/batch/validation, and
 * the labels the API server puts on a Job's pod template. The Job's uid is
 * only known once it is applied, so the controller-uid labels and the
 * generated selector are left to apply; the job-name labels are added here.
 */
#include "decode.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ksim/cron.h"
#include "ksim/labels.h"

static const struct enum_value completion_modes[] = {
	{ "NonIndexed", COMPLETION_NON_INDEXED },
	{ "Indexed", COMPLETION_INDEXED },
	{ NULL, 0 },
};

static const struct enum_value concurrency_policies[] = {
	{ "Allow", CONCURRENCY_ALLOW },
	{ "Forbid", CONCURRENCY_FORBID },
	{ "Replace", CONCURRENCY_REPLACE },
	{ NULL, 0 },
};

/* --- the spec a Job and a CronJob's jobTemplate share --- */

static void job_spec_init(void *obj)
{
	struct job_spec *js = obj;

	/* -1 marks unset: explicit negatives were already refused by F_NONNEG. */
	js->completions = js->parallelism = js->backoff_limit = -1;
	js->active_deadline_s = js->ttl_s = -1;
}

static int job_spec_check(struct dec *d, yaml_node_t *node, void *obj)
{
	struct job_spec *js = obj;
	enum restart_policy p = cluster_spec(d->c, js->tpl.spec)->restart_policy;

	if (js->mode == COMPLETION_INDEXED && js->completions < 0)
		return dec_fail(d, node, "completions",
				"Required value: when completion mode is Indexed");
	/* An unset restartPolicy was defaulted to Always before this check, so both read "Required". */
	if (p != RESTART_ON_FAILURE && p != RESTART_NEVER)
		return dec_fail(d, node, "template.spec.restartPolicy",
				"Required value: valid values: \"OnFailure\", \"Never\"");
	if (js->completions < 0 && js->parallelism < 0)
		js->completions = 1;
	if (js->parallelism < 0)
		js->parallelism = 1;
	if (js->backoff_limit < 0)
		js->backoff_limit = 6;
	return 0;
}

static const struct field job_spec_fields[] = {
	{ .name = "completions",
	  .type = FIELD_INT32,
	  .off = offsetof(struct job_spec, completions),
	  .flags = F_NONNEG },
	{ .name = "parallelism",
	  .type = FIELD_INT32,
	  .off = offsetof(struct job_spec, parallelism),
	  .flags = F_NONNEG },
	{ .name = "backoffLimit",
	  .type = FIELD_INT32,
	  .off = offsetof(struct job_spec, backoff_limit),
	  .flags = F_NONNEG },
	{ .name = "activeDeadlineSeconds",
	  .type = FIELD_INT64,
	  .off = offsetof(struct job_spec, active_deadline_s),
	  .flags = F_NONNEG },
	{ .name = "ttlSecondsAfterFinished",
	  .type = FIELD_INT64,
	  .off = offsetof(struct job_spec, ttl_s),
	  .flags = F_NONNEG },
	{ .name = "suspend", .type = FIELD_BOOL, .off = offsetof(struct job_spec, suspend) },
	{ .name = "manualSelector",
	  .type = FIELD_BOOL,
	  .off = offsetof(struct job_spec, manual_selector) },
	{ .name = "completionMode",
	  .type = FIELD_ENUM,
	  .off = offsetof(struct job_spec, mode),
	  .values = completion_modes },
	{ .name = "selector",
	  .type = FIELD_MAP,
	  .off = offsetof(struct job_spec, sel),
	  .sub = &decode_label_selector },
	{ .name = "template",
	  .type = FIELD_MAP,
	  .off = offsetof(struct job_spec, tpl),
	  .flags = F_ALWAYS,
	  .sub = &decode_template },
	{ .name = "podFailurePolicy", .type = FIELD_IGNORE },
	{ .name = "podReplacementPolicy", .type = FIELD_IGNORE },
	{ .name = "backoffLimitPerIndex", .type = FIELD_IGNORE },
	{ .name = "maxFailedIndexes", .type = FIELD_IGNORE },
	{ .name = "successPolicy", .type = FIELD_IGNORE },
	{ .name = "managedBy", .type = FIELD_IGNORE },
};
static const struct decoder job_spec_decoder = DECODER(job_spec_fields, .init = job_spec_init,
						       .check = job_spec_check);

/* --- Job --- */

/* Labels the API server adds to the template (pkg/registry/batch/job/strategy.go generateSelector). */
static int add_job_name_labels(struct dec *d, yaml_node_t *root, struct job *job)
{
	static const char *const keys[] = { "batch.kubernetes.io/job-name", "job-name" };
	const char *name = cluster_str(d->c, job->meta.name);
	char buf[64];
	const char *why = name_check(NAME_LABEL_VALUE, name, buf, sizeof buf);

	if (why)
		return dec_fail(d, root, "spec.template.metadata.labels", "Invalid value: %s: %s",
				dec_quote(d, name), why);
	for (size_t i = 0; i < ARRAY_LEN(keys); i++)
		job->spec.tpl.labels = labels_with(d->c->labels, job->spec.tpl.labels,
						   cluster_intern(d->c, keys[i]), job->meta.name);
	return 0;
}

/* "Invalid value: "<selector as kubectl shows it>": why" at rel. */
static int fail_selector(struct dec *d, yaml_node_t *node, const char *rel,
			 const struct selector *sel, const char *why)
{
	struct strbuf sb;
	int rc;

	sb_init(&sb);
	selector_format(d->c->labels, sel, &sb);
	rc = dec_fail(d, node, rel, "Invalid value: %s: %s", dec_quote(d, sb.data), why);
	sb_free(&sb);
	return rc;
}

/* Without manualSelector the selector is generated; one written by hand must select what it would. */
static int check_job_selector(struct dec *d, yaml_node_t *root, struct job *job)
{
	struct job_spec *js = &job->spec;
	yaml_node_t *spec = dec_lookup(d, root, "spec");

	if (js->manual_selector) {
		struct dec_frame fr;
		int rc;

		if (selector_empty(&js->sel) && dec_is_null(dec_lookup(d, spec, "selector")))
			return dec_fail(d, root, "spec.selector", "Required value");
		fr = dec_enter(d, spec, "spec");
		rc = check_selector_matches(d, spec, &js->sel, &js->tpl);
		dec_leave(d, fr);
		return rc;
	}
	if (selector_empty(&js->sel) || selector_matches(d->c->labels, &js->sel, js->tpl.labels))
		return 0;
	return fail_selector(d, root, "spec.selector", &js->sel, "`selector` not auto-generated");
}

/* Indexed pods are named <job>-<index>, which must stay a DNS label. */
static int check_indexed_name(struct dec *d, yaml_node_t *root, const struct job *job)
{
	char host[320], buf[64];
	const char *name = cluster_str(d->c, job->meta.name);

	if (job->spec.mode != COMPLETION_INDEXED || job->spec.completions <= 0)
		return 0;
	snprintf(host, sizeof host, "%s-%d", name, job->spec.completions - 1);
	if (!name_check(NAME_DNS_LABEL, host, buf, sizeof buf))
		return 0;
	return dec_fail(d, root, "metadata.name",
			"Invalid value: %s: will not able to create pod with invalid DNS label: %s",
			dec_quote(d, name), host);
}

static int job_check(struct dec *d, yaml_node_t *node, void *obj)
{
	struct job *job = obj;

	if (add_job_name_labels(d, node, job) || check_job_selector(d, node, job) ||
	    check_indexed_name(d, node, job))
		return -1;
	/* batch/v1 defaulting: a Job without labels takes its template's. */
	if (!job->meta.labels)
		job->meta.labels = job->spec.tpl.labels;
	return 0;
}

static const struct field job_fields[] = {
	{ .name = "spec",
	  .type = FIELD_MAP,
	  .off = offsetof(struct job, spec),
	  .flags = F_ALWAYS,
	  .sub = &job_spec_decoder },
};
static const struct decoder job_decoder = DECODER(job_fields, .also = &decode_object_fields,
						  .check = job_check);

const struct kind_decoder kind_decoder_job = {
	"Job", KIND_JOB, { "batch/v1" }, NAME_DNS_SUBDOMAIN, &job_decoder, sizeof(struct job), true,
};

/* --- CronJob --- */

static const struct field job_template_meta_fields[] = {
	{ .name = "labels", .type = FIELD_LABELS, .off = offsetof(struct job_spec, labels) },
	{ .name = "annotations",
	  .type = FIELD_ANNOTATIONS,
	  .off = offsetof(struct job_spec, annotations) },
	{ .name = "name", .type = FIELD_IGNORE },
	{ .name = "namespace", .type = FIELD_IGNORE },
	{ .name = "creationTimestamp", .type = FIELD_IGNORE },
};
static const struct decoder job_template_meta_decoder = DECODER(job_template_meta_fields);

/* jobTemplate selectors are always generated (ValidateJobTemplateSpec). */
static int job_template_check(struct dec *d, yaml_node_t *node, void *obj)
{
	const struct job_spec *js = obj;

	if (!dec_is_null(dec_lookup(d, dec_lookup(d, node, "spec"), "selector")))
		return fail_selector(d, node, "spec.selector", &js->sel,
				     "`selector` will be auto-generated");
	if (js->manual_selector)
		return dec_fail(d, node, "spec.manualSelector",
				"Unsupported value: true: supported values: \"nil\", \"false\"");
	return 0;
}

static const struct field job_template_fields[] = {
	{ .name = "metadata", .type = FIELD_MAP, .sub = &job_template_meta_decoder },
	{ .name = "spec", .type = FIELD_MAP, .flags = F_ALWAYS, .sub = &job_spec_decoder },
};
static const struct decoder job_template_decoder = DECODER(job_template_fields,
							   .check = job_template_check);

static int decode_time_zone(struct dec *d, yaml_node_t *node, void *ptr)
{
	struct ksim_error e;
	struct cron_tz *tz;
	const char *name;

	if (dec_string(d, node, &name))
		return -1;
	if (!*name)
		return dec_fail(d, node, NULL,
				"Invalid value: \"\": timeZone must be nil or non-empty string");
	tz = cron_tz_load(name, &e);
	if (!tz)
		return dec_fail(d, node, NULL, "Invalid value: %s: %s", dec_quote(d, name), e.msg);
	cron_tz_free(tz);
	*(uint32_t *)ptr = cluster_intern(d->c, name);
	return 0;
}

static void cronjob_init(void *obj)
{
	struct cronjob *cj = obj;

	cj->concurrency = CONCURRENCY_ALLOW;
	cj->starting_deadline_s = -1;
	cj->success_history = 3;
	cj->failed_history = 1;
}

/* Since 1.29 the zone goes in timeZone; the rest must parse as robfig's ParseStandard. */
static int decode_schedule(struct dec *d, yaml_node_t *node, void *ptr)
{
	char **schedule = ptr;
	struct cron_schedule sched;
	struct ksim_error e;
	const char *s;

	if (dec_string(d, node, &s))
		return -1;
	if (!*s)
		return dec_fail(d, node, NULL, "Required value");
	if (strstr(s, "TZ"))
		return dec_fail(
		    d, node, NULL,
		    "Invalid value: %s: cannot use TZ or CRON_TZ in schedule, use timeZone field instead",
		    dec_quote(d, s));
	if (cron_parse(s, &sched, &e))
		return dec_fail(d, node, NULL, "Invalid value: %s: %s", dec_quote(d, s), e.msg);
	*schedule = xstrdup(s);
	return 0;
}

static const struct field cronjob_spec_fields[] = {
	{ .name = "schedule",
	  .type = FIELD_FN,
	  .off = offsetof(struct cronjob, schedule),
	  .flags = F_REQUIRED,
	  .fn = decode_schedule },
	{ .name = "timeZone",
	  .type = FIELD_FN,
	  .off = offsetof(struct cronjob, time_zone),
	  .fn = decode_time_zone },
	{ .name = "concurrencyPolicy",
	  .type = FIELD_ENUM,
	  .off = offsetof(struct cronjob, concurrency),
	  .values = concurrency_policies },
	{ .name = "suspend", .type = FIELD_BOOL, .off = offsetof(struct cronjob, suspend) },
	{ .name = "startingDeadlineSeconds",
	  .type = FIELD_INT64,
	  .off = offsetof(struct cronjob, starting_deadline_s),
	  .flags = F_NONNEG },
	{ .name = "successfulJobsHistoryLimit",
	  .type = FIELD_INT32,
	  .off = offsetof(struct cronjob, success_history),
	  .flags = F_NONNEG },
	{ .name = "failedJobsHistoryLimit",
	  .type = FIELD_INT32,
	  .off = offsetof(struct cronjob, failed_history),
	  .flags = F_NONNEG },
	{ .name = "jobTemplate",
	  .type = FIELD_MAP,
	  .off = offsetof(struct cronjob, job),
	  .flags = F_ALWAYS,
	  .sub = &job_template_decoder },
};
static const struct decoder cronjob_spec_decoder = DECODER(cronjob_spec_fields, .init = cronjob_init);

/* Job names are <cronjob>-<minutes>, 11 more characters, and must fit 63 (ValidateCronJobCreate). */
static int cronjob_check(struct dec *d, yaml_node_t *node, void *obj)
{
	const struct cronjob *cj = obj;
	const char *name = cluster_str(d->c, cj->meta.name);

	if (strlen(name) > 52)
		return dec_fail(d, node, "metadata.name",
				"Invalid value: %s: must be no more than 52 characters",
				dec_quote(d, name));
	return 0;
}

static const struct field cronjob_fields[] = {
	{ .name = "spec", .type = FIELD_MAP, .flags = F_ALWAYS, .sub = &cronjob_spec_decoder },
};
static const struct decoder cronjob_decoder = DECODER(cronjob_fields, .also = &decode_object_fields,
						      .check = cronjob_check);

const struct kind_decoder kind_decoder_cronjob = {
	"CronJob",
	KIND_CRONJOB,
	{ "batch/v1" },
	NAME_DNS_SUBDOMAIN,
	&cronjob_decoder,
	sizeof(struct cronjob),
	true,
};

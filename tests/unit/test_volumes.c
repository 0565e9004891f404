/* PersistentVolume binding, dynamic provisioning, claim protection and the scheduler's volume check. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <unistd.h>

#include "session_fixture.h"

#define PV(name, size, modes, extra)                                                 \
	"apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: " name "}\n"       \
	"spec:\n  capacity: {storage: " size "}\n  accessModes: [" modes "]\n" extra \
	"  nfs: {server: 211.183.3.100, path: /shared}\n---\n"
#define PVC(name, size, modes, extra)                                                             \
	"apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: " name "}\n"               \
	"spec:\n  accessModes: [" modes "]\n  resources: {requests: {storage: " size "}}\n" extra \
	"---\n"
#define POD(name, claim)                                          \
	"apiVersion: v1\nkind: Pod\nmetadata: {name: " name "}\n" \
	"spec:\n  containers: [{name: c, image: nginx}]\n"        \
	"  volumes: [{name: d, persistentVolumeClaim: {claimName: " claim "}}]\n---\n"

static const struct pv *pv(struct session *s, const char *name)
{
	return get(s, KIND_PV, name);
}

static const struct pvc *pvc(struct session *s, const char *name)
{
	return get(s, KIND_PVC, name);
}

static const char *volume_of(struct session *s, const char *claim)
{
	return cluster_str(s->c, pvc(s, claim)->volume);
}

static void a_claim_binds_to_the_smallest_volume_that_fits(void **state)
{
	struct session *s = open_text(
	    PV("big", "10Gi", "ReadWriteOnce", "") PV("small", "100Mi", "ReadWriteOnce", "")
		PV("tiny", "10Mi", "ReadWriteOnce", "") PV("rwx", "50Mi", "ReadWriteMany", "")
		    PVC("claim", "20Mi", "ReadWriteOnce", ""));

	(void)state;
	assert_int_equal(pvc(s, "claim")->phase, VOL_BOUND);
	assert_string_equal(volume_of(s, "claim"), "small");
	assert_int_equal(pvc(s, "claim")->capacity_bytes, 100LL << 20);
	assert_int_equal(pv(s, "small")->phase, VOL_BOUND);
	assert_string_equal(cluster_str(s->c, pv(s, "small")->claim_name), "claim");
	assert_int_equal(pv(s, "big")->phase, VOL_AVAILABLE);
	close_session(s);
}

static void a_claim_without_a_class_binds_to_a_classless_volume_before_the_default(void **state)
{
	/* The course: nfs-pv (100Mi RWX, no class) and nfs-pvc (10Mi RWX, no class). */
	struct session *s = open_text(PV("nfs-pv", "100Mi", "ReadWriteMany", "")
					  PVC("nfs-pvc", "10Mi", "ReadWriteMany", ""));

	(void)state;
	assert_string_equal(volume_of(s, "nfs-pvc"), "nfs-pv");
	assert_int_equal(pvc(s, "nfs-pvc")->storage_class, NONE32);
	close_session(s);
}

static void a_claim_nothing_fits_gets_a_provisioned_volume_of_the_default_class(void **state)
{
	struct session *s = open_text(PVC("data", "1Gi", "ReadWriteOnce", ""));
	const struct pv *v;
	struct strbuf msg, want;

	(void)state;
	assert_int_equal(pvc(s, "data")->phase, VOL_PENDING);
	assert_string_equal(cluster_str(s->c, pvc(s, "data")->storage_class), "standard");
	run_to(s, 5 * SEC);
	assert_int_equal(pvc(s, "data")->phase, VOL_BOUND);
	assert_memory_equal(volume_of(s, "data"), "pvc-", 4);
	v = pv(s, volume_of(s, "data"));
	assert_int_equal(v->capacity_bytes, 1LL << 30);
	assert_int_equal(v->reclaim, RECLAIM_DELETE);
	assert_string_equal(cluster_str(s->c, v->storage_class), "standard");
	sb_init(&msg);
	sb_init(&want);
	event_message(s, "ProvisioningSucceeded", "data", &msg);
	sb_printf(&want, "Successfully provisioned volume %s", volume_of(s, "data"));
	assert_string_equal(msg.data, want.data);
	sb_free(&msg);
	sb_free(&want);
	close_session(s);
}

static void a_claim_of_class_empty_waits_for_a_classless_volume(void **state)
{
	struct session *s = open_text(PVC("c", "1Gi", "ReadWriteOnce", "  storageClassName: \"\"\n"));
	struct strbuf msg;

	(void)state;
	run_to(s, 1 * MIN);
	assert_int_equal(pvc(s, "c")->phase, VOL_PENDING);
	sb_init(&msg);
	event_message(s, "FailedBinding", "c", &msg);
	assert_string_equal(
	    msg.data, "no persistent volumes available for this claim and no storage class is set");
	sb_free(&msg);
	close_session(s);
}

static void a_claim_of_an_unknown_class_fails_to_provision(void **state)
{
	struct session *s = open_text(PVC("c", "1Gi", "ReadWriteOnce", "  storageClassName: fast\n"));
	struct strbuf msg;

	(void)state;
	run_to(s, 1 * MIN);
	assert_int_equal(pvc(s, "c")->phase, VOL_PENDING);
	sb_init(&msg);
	event_message(s, "ProvisioningFailed", "c", &msg);
	assert_string_equal(msg.data, "storageclass.storage.k8s.io \"fast\" not found");
	sb_free(&msg);
	close_session(s);
}

static void deleting_a_claim_releases_a_retained_volume(void **state)
{
	struct session *s = open_text(PV("nfs-pv", "100Mi", "ReadWriteMany", "")
					  PVC("nfs-pvc-test", "10Mi", "ReadWriteMany", ""));
	struct strbuf out;

	(void)state;
	assert_int_equal(kubectl(s, "delete pvc nfs-pvc-test", NULL), 0);
	assert_null(pvc(s, "nfs-pvc-test"));
	assert_int_equal(pv(s, "nfs-pv")->phase, VOL_RELEASED);
	sb_init(&out);
	kubectl(s, "get pv", &out);
	assert_non_null(strstr(out.data, "Released   default/nfs-pvc-test"));
	sb_free(&out);
	close_session(s);
}

static void a_released_volume_is_not_bound_again(void **state)
{
	struct session *s = open_text(PV("nfs-pv", "100Mi", "ReadWriteMany", "") PVC(
	    "c", "10Mi", "ReadWriteMany", "  storageClassName: \"\"\n"));
	char path[] = "/tmp/ksim-pvc-XXXXXX";
	static const char yaml[] = PVC("c", "10Mi", "ReadWriteMany", "  storageClassName: \"\"\n");
	struct strbuf line;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, yaml, sizeof yaml - 1), (ssize_t)(sizeof yaml - 1));
	close(fd);
	kubectl(s, "delete pvc c", NULL);
	sb_init(&line);
	sb_printf(&line, "apply -f %s", path);
	assert_int_equal(kubectl(s, line.data, NULL), 0);
	sb_free(&line);
	unlink(path);
	assert_int_equal(pvc(s, "c")->phase, VOL_PENDING);
	assert_int_equal(pv(s, "nfs-pv")->phase, VOL_RELEASED);
	close_session(s);
}

static void deleting_a_claim_deletes_its_provisioned_volume(void **state)
{
	struct session *s = open_text(PVC("data", "1Gi", "ReadWriteOnce", ""));
	uint32_t volume;

	(void)state;
	run_to(s, 5 * SEC);
	volume = pvc(s, "data")->volume;
	kubectl(s, "delete pvc data", NULL);
	assert_int_equal(cluster_find(s->c, KIND_PV, 0, volume), NONE32);
	close_session(s);
}

static void a_claim_in_use_stays_terminating_until_its_pod_is_gone(void **state)
{
	struct session *s = open_text(PV("nfs-pv", "100Mi", "ReadWriteMany", "") PVC(
	    "nfs-pvc", "10Mi", "ReadWriteMany", "") POD("user", "nfs-pvc"));
	struct strbuf out;

	(void)state;
	run_to(s, 30 * SEC);
	kubectl(s, "delete pvc nfs-pvc", NULL);
	assert_non_null(pvc(s, "nfs-pvc"));
	sb_init(&out);
	kubectl(s, "get pvc", &out);
	assert_non_null(strstr(out.data, "nfs-pvc   Terminating"));
	sb_free(&out);
	kubectl(s, "delete pod user", NULL);
	run_to(s, 1 * MIN);
	assert_null(pvc(s, "nfs-pvc"));
	assert_int_equal(pv(s, "nfs-pv")->phase, VOL_RELEASED);
	close_session(s);
}

static void a_pod_with_an_unbound_claim_waits_with_the_schedulers_words(void **state)
{
	struct session *s = open_text(PVC("c", "1Gi", "ReadWriteOnce", "  storageClassName: \"\"\n")
					  POD("p", "c"));
	struct strbuf msg;

	(void)state;
	run_to(s, 1 * MIN);
	assert_int_equal(pod(s, "p")->node, NONE32);
	sb_init(&msg);
	event_message(s, "FailedScheduling", "p", &msg);
	assert_string_equal(
	    msg.data,
	    "0/4 nodes are available: pod has unbound immediate PersistentVolumeClaims. "
	    "preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.");
	sb_free(&msg);
	close_session(s);
}

static void a_pod_with_a_missing_claim_waits_with_not_found(void **state)
{
	struct session *s = open_text(POD("p", "missing"));
	struct strbuf msg;

	(void)state;
	sb_init(&msg);
	event_message(s, "FailedScheduling", "p", &msg);
	assert_string_equal(
	    msg.data,
	    "0/4 nodes are available: persistentvolumeclaim \"missing\" not found. "
	    "preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.");
	sb_free(&msg);
	close_session(s);
}

static void a_waiting_pod_is_scheduled_once_its_claim_is_bound(void **state)
{
	struct session *s = open_text(PVC("data", "1Gi", "ReadWriteOnce", "") POD("p", "data"));

	(void)state;
	assert_int_equal(pod(s, "p")->node, NONE32);
	run_to(s, 1 * MIN);
	assert_true(running_ready(s, "p"));
	close_session(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_claim_binds_to_the_smallest_volume_that_fits),
		cmocka_unit_test(
		    a_claim_without_a_class_binds_to_a_classless_volume_before_the_default),
		cmocka_unit_test(a_claim_nothing_fits_gets_a_provisioned_volume_of_the_default_class),
		cmocka_unit_test(a_claim_of_class_empty_waits_for_a_classless_volume),
		cmocka_unit_test(a_claim_of_an_unknown_class_fails_to_provision),
		cmocka_unit_test(deleting_a_claim_releases_a_retained_volume),
		cmocka_unit_test(a_released_volume_is_not_bound_again),
		cmocka_unit_test(deleting_a_claim_deletes_its_provisioned_volume),
		cmocka_unit_test(a_claim_in_use_stays_terminating_until_its_pod_is_gone),
		cmocka_unit_test(a_pod_with_an_unbound_claim_waits_with_the_schedulers_words),
		cmocka_unit_test(a_pod_with_a_missing_claim_waits_with_not_found),
		cmocka_unit_test(a_waiting_pod_is_scheduled_once_its_claim_is_bound),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Steps of the official tutorials that ksim got wrong (issue 17): the pi
 * Job's output, a Pod bound by spec.nodeName, a Job's own labels, and
 * kubectl apply -f taking each document on its own.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "ksim/kubectl.h"

#include "session_fixture.h"

static const char pi_job[] =
    "apiVersion: batch/v1\nkind: Job\nmetadata: {name: pi}\n"
    "spec:\n  backoffLimit: 4\n  template:\n    spec:\n      restartPolicy: Never\n"
    "      containers: [{name: pi, image: perl:5.34.0,"
    " command: [perl, -Mbignum=bpi, -wle, 'print bpi(2000)']}]\n";

static void pi_job_prints_2000_significant_digits_rounded_as_perl_does(void **state)
{
	struct session *s = open_text(pi_job);
	struct strbuf out;

	(void)state;
	sb_init(&out);
	run_to(s, 2 * MIN);
	assert_int_equal(kubectl(s, "logs job/pi", &out), 0);
	assert_int_equal(out.len, 2002); /* "3." + 1999 digits + newline */
	assert_memory_equal(out.data, "3.14159265358979323846", 22);
	/* Digits 1996..2001 of pi are 759009: the 2000th rounds up to 1. */
	assert_string_equal(out.data + out.len - 6, "75901\n");
	sb_free(&out);
	close_session(s);
}

static void bpi_10_is_rounded_to_ten_significant_digits(void **state)
{
	struct session *s = open_text(
	    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  restartPolicy: Never\n"
	    "  containers: [{name: c, image: perl, command: [perl, -Mbignum=bpi, -wle, "
	    "'print bpi(10)']}]\n");
	struct strbuf out;

	(void)state;
	sb_init(&out);
	run_to(s, MIN);
	assert_int_equal(kubectl(s, "logs p", &out), 0);
	assert_string_equal(out.data, "3.141592654\n");
	sb_free(&out);
	close_session(s);
}

static const char pinned_pods[] =
    "apiVersion: v1\nkind: Pod\nmetadata: {name: on-master}\n"
    "spec:\n  nodeName: k8s-master\n  containers: [{name: nginx, image: nginx}]\n---\n"
    "apiVersion: v1\nkind: Pod\nmetadata: {name: nginx}\n"
    "spec:\n  nodeName: kube-01\n  containers: [{name: nginx, image: nginx}]\n";

static void a_pod_with_node_name_runs_there_without_the_scheduler(void **state)
{
	struct session *s = open_text(pinned_pods);
	const struct pod *p;
	struct strbuf msg;

	(void)state;
	sb_init(&msg);
	run_to(s, MIN);
	p = pod(s, "on-master");
	assert_true(running_ready(s, "on-master")); /* the kubelet ignores NoSchedule taints */
	assert_string_equal(cluster_str(s->c, ((struct node *)cluster_get(s->c, KIND_NODE, p->node))->meta.name),
			    "k8s-master");
	event_message(s, "Scheduled", "on-master", &msg);
	assert_string_equal(msg.data, "");
	sb_free(&msg);
	close_session(s);
}

static void a_pod_bound_to_a_missing_node_stays_pending_with_that_node_shown(void **state)
{
	struct session *s = open_text(pinned_pods);
	struct strbuf out;

	(void)state;
	sb_init(&out);
	run_to(s, MIN);
	assert_int_equal(pod(s, "nginx")->phase, PHASE_PENDING);
	event_message(s, "FailedScheduling", "nginx", &out);
	assert_string_equal(out.data, "");
	assert_int_equal(kubectl(s, "get pod nginx -o wide", &out), 0);
	assert_non_null(strstr(out.data, "nginx   0/1     Pending   0          60s   <none>   kube-01   <none>"));
	sb_reset(&out);
	assert_int_equal(kubectl(s, "describe pod nginx", &out), 0);
	assert_non_null(strstr(out.data, "\nNode:             kube-01/\n"));
	sb_free(&out);
	close_session(s);
}

static void a_pod_bound_to_a_missing_node_runs_there_once_the_node_is_added(void **state)
{
	struct session *s = open_text(pinned_pods);
	struct strbuf out;

	(void)state;
	sb_init(&out);
	run_to(s, MIN);
	assert_int_equal(kubectl(s, "add node kube-01", &out), 0);
	run_to(s, 2 * MIN);
	assert_int_equal(pod(s, "nginx")->phase, PHASE_RUNNING);
	sb_free(&out);
	close_session(s);
}

static void a_job_without_labels_shows_its_templates_uid_and_name_labels(void **state)
{
	struct session *s = open_text(pi_job);
	struct strbuf out, uid;

	(void)state;
	sb_init(&out);
	sb_init(&uid);
	assert_int_equal(api_object_field(s->c, KIND_JOB, find(s, KIND_JOB, "pi"), "metadata.uid", &uid), 0);
	assert_int_equal(api_object_field(s->c, KIND_JOB, find(s, KIND_JOB, "pi"), "metadata.labels", &out), 0);
	char want[512];
	snprintf(want, sizeof want,
		 "{\n    \"batch.kubernetes.io/controller-uid\": \"%s\",\n"
		 "    \"batch.kubernetes.io/job-name\": \"pi\",\n"
		 "    \"controller-uid\": \"%s\",\n    \"job-name\": \"pi\"\n}",
		 uid.data, uid.data);
	assert_string_equal(out.data, want);
	sb_free(&out);
	sb_free(&uid);
	close_session(s);
}

static void a_job_with_labels_of_its_own_keeps_them(void **state)
{
	struct session *s = open_text("apiVersion: batch/v1\nkind: Job\nmetadata: {name: j, labels: {app: x}}\n"
				      "spec:\n  template:\n    spec:\n      restartPolicy: Never\n"
				      "      containers: [{name: c, image: busybox}]\n");
	struct strbuf out;

	(void)state;
	sb_init(&out);
	assert_int_equal(api_object_field(s->c, KIND_JOB, find(s, KIND_JOB, "j"), "metadata.labels", &out), 0);
	assert_string_equal(out.data, "{\n    \"app\": \"x\"\n}");
	sb_free(&out);
	close_session(s);
}

/* Like the docs' nginx-secure-app.yaml: a Service next to an object ksim cannot take. */
static const char service_and_ingress[] =
    "apiVersion: v1\nkind: Service\nmetadata: {name: my-nginx}\n"
    "spec:\n  type: NodePort\n  ports: [{port: 80, protocol: TCP, name: http}]\n  selector: {run: my-nginx}\n"
    "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web}\nspec: {}\n";

static void apply_creates_the_good_documents_and_reports_the_refused_one(void **state)
{
	struct session *s = open_text(pi_job);
	char path[] = "/tmp/ksim-apply-XXXXXX", line[64];
	int fd = mkstemp(path);
	struct strbuf out;

	(void)state;
	sb_init(&out);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, service_and_ingress, sizeof service_and_ingress - 1),
			 (ssize_t)(sizeof service_and_ingress - 1));
	close(fd);
	snprintf(line, sizeof line, "apply -f %s", path);
	assert_int_equal(kubectl(s, line, &out), 1);
	unlink(path);
	assert_non_null(strstr(out.data, "service/my-nginx created\n"));
	assert_non_null(strstr(out.data, ": kind: no matches for kind \"Ingress\""));
	assert_int_not_equal(find(s, KIND_SVC, "my-nginx"), NONE32);
	sb_free(&out);
	close_session(s);
}

static const char exposables[] =
    "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: web, labels: {tier: front}}\n"
    "spec:\n  replicas: 1\n  selector: {matchLabels: {app: web}}\n"
    "  template:\n    metadata: {labels: {app: web}}\n"
    "    spec:\n      containers: [{name: c, image: nginx, ports: [{containerPort: 80}, {containerPort: 443}]}]\n"
    "---\napiVersion: v1\nkind: Pod\nmetadata: {name: bare}\n"
    "spec:\n  containers: [{name: c, image: nginx}]\n"
    "---\napiVersion: v1\nkind: Pod\nmetadata: {name: portless, labels: {app: p}}\n"
    "spec:\n  containers: [{name: c, image: nginx}]\n";

static void expose_rs_makes_a_service_on_the_given_ports(void **state)
{
	struct session *s = open_text(exposables);
	struct strbuf out;

	(void)state;
	sb_init(&out);
	assert_int_equal(kubectl(s, "expose rs web --port=80 --target-port=8000 --name=web-svc --type=NodePort", &out), 0);
	assert_string_equal(out.data, "service/web-svc exposed\n");
	sb_reset(&out);
	assert_int_equal(kubectl(s, "get svc web-svc -o 'jsonpath={.metadata.labels} {.spec.selector} "
				    "{.spec.type} {.spec.ports[0].port}:{.spec.ports[0].targetPort}/{.spec.ports[0].protocol}'", &out), 0);
	assert_string_equal(out.data, "{\"tier\":\"front\"} {\"app\":\"web\"} NodePort 80:8000/TCP");
	sb_free(&out);
	close_session(s);
}

static void expose_without_port_takes_every_container_port_named_port_n(void **state)
{
	struct session *s = open_text(exposables);
	struct strbuf out;

	(void)state;
	sb_init(&out);
	assert_int_equal(kubectl(s, "expose replicaset web", &out), 0);
	sb_reset(&out);
	assert_int_equal(kubectl(s, "get svc web -o 'jsonpath={range .spec.ports[*]}{.name}={.port}>{.targetPort} {end}'", &out), 0);
	assert_string_equal(out.data, "port-1=80>80 port-2=443>443 ");
	sb_free(&out);
	close_session(s);
}

static void expose_reports_what_it_cannot_do_in_kubectls_words(void **state)
{
	struct session *s = open_text(exposables);
	struct strbuf out;

	(void)state;
	sb_init(&out);
	assert_int_equal(kubectl(s, "expose pod bare --port=80", &out), 1);
	assert_string_equal(out.data, "error: couldn't retrieve selectors via --selector flag or "
				      "introspection: the pod has no labels and cannot be exposed\n");
	sb_reset(&out);
	assert_int_equal(kubectl(s, "expose pod portless", &out), 1);
	assert_string_equal(out.data, "error: couldn't find port via --port flag or introspection\n");
	sb_reset(&out);
	assert_int_equal(kubectl(s, "expose node k8s-node1 --port=80", &out), 1);
	assert_string_equal(out.data, "error: cannot expose a Node\n");
	sb_reset(&out);
	assert_int_equal(kubectl(s, "expose rs web --port=80", &out), 0);
	sb_reset(&out);
	assert_int_equal(kubectl(s, "expose rs web --port=80", &out), 1);
	assert_string_equal(out.data, "Error from server (AlreadyExists): services \"web\" already exists\n");
	sb_free(&out);
	close_session(s);
}

static const char web[] =
    "apiVersion: v1\nkind: Service\nmetadata: {name: nginx}\n"
    "spec:\n  selector: {app: nginx}\n  ports: [{port: 80}]\n---\n"
    "apiVersion: v1\nkind: Service\nmetadata: {name: hostnames}\n"
    "spec:\n  selector: {app: hostnames}\n  ports: [{port: 80, targetPort: 9376}]\n---\n"
    "apiVersion: v1\nkind: Pod\nmetadata: {name: web-0, labels: {app: nginx}}\n"
    "spec:\n  containers:\n  - {name: nginx, image: nginx, env: [{name: GREETING, value: hi}]}\n"
    "  - {name: side, image: busybox, command: [sleep, '3600']}\n---\n"
    "apiVersion: v1\nkind: Pod\nmetadata: {name: hostnames-x, labels: {app: hostnames}}\n"
    "spec:\n  containers: [{name: c, image: registry.k8s.io/serve_hostname}]\n---\n"
    "apiVersion: v1\nkind: Pod\nmetadata: {name: done}\n"
    "spec:\n  restartPolicy: Never\n  containers: [{name: c, image: busybox, command: ['true']}]\n";

static void exec_runs_the_command_in_the_container_with_its_hostname_and_env(void **state)
{
	struct session *s = open_text(web);
	struct strbuf out;

	(void)state;
	sb_init(&out);
	run_to(s, MIN);
	assert_int_equal(kubectl(s, "exec web-0 -c nginx -- sh -c 'hostname; printenv GREETING; cat /etc/resolv.conf'", &out), 0);
	assert_string_equal(out.data, "web-0\nhi\nsearch default.svc.cluster.local svc.cluster.local "
				      "cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n");
	sb_reset(&out);
	assert_int_equal(kubectl(s, "exec -it web-0 -c nginx -- cat /usr/share/nginx/html/index.html", &out), 0);
	assert_non_null(strstr(out.data, "<title>Welcome to nginx!</title>"));
	sb_reset(&out);
	assert_int_equal(kubectl(s, "exec web-0 -c side -- sh -c 'exit 3'", &out), 1);
	assert_string_equal(out.data, "command terminated with exit code 3\n");
	sb_free(&out);
	close_session(s);
}

static void exec_errors_in_kubectls_words(void **state)
{
	struct session *s = open_text(web);
	struct strbuf out;

	(void)state;
	sb_init(&out);
	assert_int_equal(kubectl(s, "exec web-0 -- hostname", &out), 1); /* still pulling */
	assert_string_equal(out.data, "Defaulted container \"nginx\" out of: nginx, side\n"
				      "error: unable to upgrade connection: container not found (\"nginx\")\n");
	run_to(s, MIN);
	sb_reset(&out);
	assert_int_equal(kubectl(s, "exec web-0 -c nope -- ls", &out), 1);
	assert_string_equal(out.data, "Error from server (BadRequest): container nope is not valid for pod web-0\n");
	sb_reset(&out);
	assert_int_equal(kubectl(s, "exec done -- ls", &out), 1);
	assert_string_equal(out.data, "error: cannot exec into a container in a completed pod; current phase is Succeeded\n");
	sb_reset(&out);
	assert_int_equal(kubectl(s, "exec nothere -- ls", &out), 1);
	assert_string_equal(out.data, "Error from server (NotFound): pods \"nothere\" not found\n");
	sb_reset(&out);
	assert_int_equal(kubectl(s, "exec -it web-0 -c side -- sh", &out), 1);
	assert_non_null(strstr(out.data, "ksim does not simulate an interactive shell"));
	sb_free(&out);
	close_session(s);
}

static void run_it_rm_fetches_from_services_as_the_images_answer(void **state)
{
	struct session *s = open_text(web);
	struct strbuf out;

	(void)state;
	sb_init(&out);
	run_to(s, MIN);
	assert_int_equal(kubectl(s, "run t --image=busybox --restart=Never --rm -it -- sh -c 'wget -qO- hostnames'", &out), 0);
	assert_string_equal(out.data, "hostnames-x\npod \"t\" deleted\n");
	sb_reset(&out);
	assert_int_equal(kubectl(s, "run t --image=curlimages/curl --restart=Never --rm -it -- curl -s http://nginx.default.svc.cluster.local/", &out), 0);
	assert_non_null(strstr(out.data, "<h1>Welcome to nginx!</h1>"));
	sb_reset(&out);
	assert_int_equal(kubectl(s, "run t --image=busybox --restart=Never --rm -it -- wget -qO- nosuch:80", &out), 1);
	assert_string_equal(out.data, "wget: bad address 'nosuch'\npod \"t\" deleted\npod default/t terminated (Error)\n");
	assert_int_equal(find(s, KIND_POD, "t"), NONE32);
	sb_reset(&out);
	/* an exit code of 3 is the verb's ERROR, not a result code (3 read as EDIT and crashed) */
	assert_int_equal(kubectl(s, "run t --image=busybox --restart=Never --rm -it -- sh -c 'exit 3'", &out), 1);
	assert_string_equal(out.data, "pod \"t\" deleted\npod default/t terminated (Error)\n");
	sb_reset(&out);
	assert_int_equal(kubectl(s, "run t --image=busybox --rm -it --restart=Never -- sh", &out), 1);
	assert_non_null(strstr(out.data, "ksim does not simulate an interactive shell in pod \"t\""));
	sb_free(&out);
	close_session(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pi_job_prints_2000_significant_digits_rounded_as_perl_does),
		cmocka_unit_test(bpi_10_is_rounded_to_ten_significant_digits),
		cmocka_unit_test(a_pod_with_node_name_runs_there_without_the_scheduler),
		cmocka_unit_test(a_pod_bound_to_a_missing_node_stays_pending_with_that_node_shown),
		cmocka_unit_test(a_pod_bound_to_a_missing_node_runs_there_once_the_node_is_added),
		cmocka_unit_test(a_job_without_labels_shows_its_templates_uid_and_name_labels),
		cmocka_unit_test(a_job_with_labels_of_its_own_keeps_them),
		cmocka_unit_test(apply_creates_the_good_documents_and_reports_the_refused_one),
		cmocka_unit_test(expose_rs_makes_a_service_on_the_given_ports),
		cmocka_unit_test(expose_without_port_takes_every_container_port_named_port_n),
		cmocka_unit_test(expose_reports_what_it_cannot_do_in_kubectls_words),
		cmocka_unit_test(exec_runs_the_command_in_the_container_with_its_hostname_and_env),
		cmocka_unit_test(exec_errors_in_kubectls_words),
		cmocka_unit_test(run_it_rm_fetches_from_services_as_the_images_answer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

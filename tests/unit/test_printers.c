/*
 * kubectl get's template printers over the objects -o json prints:
 * jsonpath (cases after client-go's util/jsonpath/jsonpath_test.go, on a
 * Pod instead of its bookstore), custom-columns (after kubectl's
 * customcolumn_test.go) and go-template.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>

#include "session_fixture.h"

static const char pods[] =
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: foo\n"
    "  labels: {web/html: \"15\", k8s-app: \"20\", app: web}\n"
    "spec:\n  containers:\n"
    "  - {name: a, image: nginx, ports: [{containerPort: 80}, {containerPort: 443}]}\n"
    "  - {name: b, image: busybox, command: [sleep, '3600']}\n"
    "  - {name: c, image: redis}\n"
    "---\napiVersion: v1\nkind: Pod\nmetadata: {name: bar}\n"
    "spec:\n  containers: [{name: x, image: nginx}]\n"
    "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: conf}\n"
    "data: {tls.crt: CERT, .hidden: h}\n";

struct fx {
	struct session *s;
	struct strbuf out;
};

static int setup(void **state)
{
	struct fx *f = test_calloc(1, sizeof *f);

	f->s = open_text(pods);
	sb_init(&f->out);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	sb_free(&f->out);
	close_session(f->s);
	test_free(f);
	return 0;
}

/* The output (and errors) of a get line, checked against want and the exit status. */
static void expect_get(void **state, const char *line, int status, const char *want)
{
	struct fx *f = *state;

	sb_reset(&f->out);
	assert_int_equal(kubectl(f->s, line, &f->out), status);
	assert_string_equal(f->out.data, want);
}

static void jsonpath_plain_text_is_printed_as_is(void **state)
{
	expect_get(state, "get pod foo -o 'jsonpath=hello jsonpath'", 0, "hello jsonpath");
}

static void jsonpath_a_quoted_literal_may_hold_braces_and_escapes(void **state)
{
	expect_get(state, "get pod foo -o 'jsonpath={\"{\"}{\"\\n\"}'", 0, "{\n");
}

static void jsonpath_fields_with_slash_and_dash_are_names(void **state)
{
	expect_get(state, "get pod foo -o 'jsonpath={$.metadata.labels.web/html} {.metadata.labels.k8s-app}'",
	    0, "15 20");
}

/* A key with dots is written with them escaped, as `{.data.tls\.crt}`. */
static void jsonpath_escaped_dots_are_part_of_the_name(void **state)
{
	expect_get(state, "get cm conf -o 'jsonpath={.data.tls\\.crt}|{.data.\\.hidden}'", 0,
		   "CERT|h");
}

static void jsonpath_wildcard_and_index_select_items(void **state)
{
	expect_get(state, "get pod foo -o 'jsonpath={.spec.containers[*].name}|{.spec.containers[1].image}'",
	    0, "a b c|busybox");
}

static void jsonpath_slices_and_negative_indexes_count_from_the_end(void **state)
{
	expect_get(state,
	    "get pod foo -o 'jsonpath={.spec.containers[0:2].name}|{.spec.containers[-1:].name}|"
	    "{.spec.containers[::2].name}'",
	    0, "a b|c|a c");
}

static void jsonpath_recursive_descent_finds_every_level(void **state)
{
	expect_get(state, "get pod foo -o 'jsonpath={..containerPort}'", 0, "80 443");
}

static void jsonpath_filters_compare_numbers_and_strings(void **state)
{
	expect_get(state,
	    "get pod foo -o 'jsonpath={.spec.containers[0].ports[?(@.containerPort<100)].containerPort}|"
	    "{.spec.containers[?(@.image==\"redis\")].name}|{.spec.containers[?(@.command)].name}'",
	    0, "80|c|b");
}

static void jsonpath_range_over_a_list_of_pods(void **state)
{
	expect_get(state, "get pods -o 'jsonpath={range .items[*]}{.metadata.name}:{range .spec.containers[*]}"
		   "{.name},{end};{end}'",
	    0, "bar:x,;foo:a,b,c,;");
}

static void jsonpath_maps_print_as_compact_json(void **state)
{
	expect_get(state, "get pod foo -o 'jsonpath={.metadata.labels}'", 0,
	    "{\"app\":\"web\",\"k8s-app\":\"20\",\"web/html\":\"15\"}");
}

static void jsonpath_lists_print_as_compact_json_and_several_results_join_with_a_space(void **state)
{
	expect_get(state, "get pod foo -o 'jsonpath={.spec.containers[0].ports}'", 0,
	    "[{\"containerPort\":80,\"protocol\":\"TCP\"},{\"containerPort\":443,\"protocol\":\"TCP\"}]");
	expect_get(state, "get pod foo -o 'jsonpath={.spec.containers[1:].command}'", 0, "[\"sleep\",\"3600\"]");
	expect_get(state, "get pod foo -o 'jsonpath={.spec.containers[0].ports[*]}'", 0,
	    "{\"containerPort\":80,\"protocol\":\"TCP\"} {\"containerPort\":443,\"protocol\":\"TCP\"}");
}

static void jsonpath_missing_keys_print_nothing(void **state)
{
	expect_get(state, "get pod foo -o 'jsonpath=[{.spec.nothing.here}]'", 0, "[]");
}

static void jsonpath_errors_in_kubectls_words(void **state)
{
	expect_get(state, "get pod foo -o 'jsonpath={.items[}'", 1,
	    "error: error parsing jsonpath {.items[}, unclosed array expect ]\n");
	expect_get(state, "get pod foo -o 'jsonpath={end}'", 1,
	    "error: error parsing jsonpath {end}, not in range, nothing to end\n");
	expect_get(state, "get pod foo -o 'jsonpath={.a'", 1,
	    "error: error parsing jsonpath {.a, unclosed action\n");
	expect_get(state, "get pod foo -o jsonpath", 1,
	    "error: template format specified but no template given\n");
}

static void jsonpath_an_index_out_of_bounds_fails_the_template(void **state)
{
	expect_get(state, "get pods -l app=none -o 'jsonpath={.items[0].metadata.name}'", 1,
		   "error: error executing jsonpath \"{.items[0].metadata.name}\": Error executing "
		   "template: array index out of bounds: index 0, length 0. Printing more information "
		   "for debugging the template:\n\ttemplate was:\n\t\t{.items[0].metadata.name}\n");
}

static void custom_columns_print_one_row_per_object(void **state)
{
	expect_get(state, "get pods -o custom-columns=NAME:metadata.name,API_VERSION:apiVersion", 0,
	    "NAME   API_VERSION\nbar    v1\nfoo    v1\n");
}

static void custom_columns_join_several_values_and_show_none_for_missing(void **state)
{
	expect_get(state, "get pod foo -o 'custom-columns=IMAGES:.spec.containers[*].image,X:{.nope}' --no-headers",
	    0, "nginx,busybox,redis   <none>\n");
}

/* customcolumn.go prints each value with fmt's %v, as Connecting Applications with Services shows POD_IP. */
static void custom_columns_print_lists_and_maps_as_go_does(void **state)
{
	expect_get(state, "get pod foo -o custom-columns=PORTS:.spec.containers[0].ports,LABELS:.metadata.labels --no-headers", 0,
	    "[map[containerPort:80 protocol:TCP] map[containerPort:443 protocol:TCP]]   "
	    "map[app:web k8s-app:20 web/html:15]\n");
}

static void custom_columns_errors_in_kubectls_words(void **state)
{
	expect_get(state, "get pods -o custom-columns=", 1,
	    "error: custom-columns format specified but no custom columns given\n");
	expect_get(state, "get pods -o custom-columns=invalid", 1,
	    "error: unexpected custom-columns spec: invalid, expected <header>:<json-path-expr>\n");
}

static void go_template_fields_range_index_len_and_printf(void **state)
{
	expect_get(state,
	    "get pods -o 'go-template={{range .items}}{{.metadata.name}} {{len .spec.containers}} "
	    "{{index .spec.containers 0 \"image\"}} {{printf \"%q|%5s\" .kind .apiVersion}}{{\"\\n\"}}{{end}}'",
	    0, "bar 1 nginx \"Pod\"|   v1\nfoo 3 nginx \"Pod\"|   v1\n");
}

static void go_template_if_else_and_missing_keys(void **state)
{
	expect_get(state,
	    "get pod foo --template '{{if eq .metadata.name \"foo\"}}yes{{else}}no{{end}} {{.status.nope}} "
	    "{{index .metadata.labels \"app\"}} {{.metadata.labels}}'",
	    0, "yes <no value> web map[app:web k8s-app:20 web/html:15]");
}

static void go_template_trims_around_dashes_and_pipes_into_functions(void **state)
{
	expect_get(state, "get pod foo -o 'go-template={{- .metadata.name }}  {{- .kind | printf \"<%s>\" -}}  !'", 0,
	    "foo<Pod>!");
}

static void go_template_printf_names_every_extra_argument_once_as_go_does(void **state)
{
	expect_get(state, "get pod foo -o 'go-template={{printf \"%s\" .kind .metadata.name 3}}'", 0,
	    "Pod%!(EXTRA string=foo, int=3)");
}

static void go_template_errors_in_kubectls_words(void **state)
{
	expect_get(state, "get pod foo -o 'go-template={{.x'", 1,
	    "error: error parsing template {{.x, template: output:1: unclosed action\n");
	expect_get(state, "get pod foo -o 'go-template={{nosuch .x}}'", 1,
	    "error: error executing template \"{{nosuch .x}}\": template: output: function "
	    "\"nosuch\" not defined\n");
}

/* text/template's lexer: parentheses balance within an action, or the template does not parse. */
static void go_template_unbalanced_parentheses_do_not_parse(void **state)
{
	expect_get(state, "get pod foo -o 'go-template={{(len .spec.containers}}'", 1,
	    "error: error parsing template {{(len .spec.containers}}, template: output:1: unclosed left paren\n");
	expect_get(state, "get pod foo -o 'go-template={{len .spec.containers)}}'", 1,
	    "error: error parsing template {{len .spec.containers)}}, template: output:1: unexpected right "
	    "paren U+0029 ')'\n");
}

/* The variable cases of Go's text/template exec_test.go and parse_test.go, over the pods. */
static void go_template_dollar_is_the_object_everywhere(void **state)
{
	expect_get(state, "get pod foo -o 'go-template={{range .spec.containers}}{{$.metadata.name}}/{{.name}} {{end}}'",
	    0, "foo/a foo/b foo/c ");
}

static void go_template_a_declared_variable_holds_its_value_and_prints_nothing(void **state)
{
	expect_get(state, "get pod foo -o 'go-template={{$x := .metadata.name}}[{{$x}}] {{$c := index .spec.containers 1}}{{$c.image}}'",
	    0, "[foo] busybox");
}

static void go_template_assignment_changes_the_innermost_declaration(void **state)
{
	/* exec_test.go: "simple assignment", "nested assignment", "nested assignment changes the last declaration" */
	expect_get(state, "get pod foo -o 'go-template={{$x := 2}}{{$x = 3}}{{$x}}'", 0, "3");
	expect_get(state, "get pod foo -o 'go-template={{$x := 2}}{{if true}}{{$x = 3}}{{end}}{{$x}}'", 0, "3");
	expect_get(state, "get pod foo -o 'go-template={{$x := 1}}{{if true}}{{$x := 2}}{{if true}}{{$x = 3}}{{end}}{{end}}{{$x}}'",
	    0, "1");
}

static void go_template_range_sets_index_and_element_variables(void **state)
{
	/* exec_test.go: "range $x SI", "range $x $y SI", "range $x $y MSIone" */
	expect_get(state, "get pod foo -o 'go-template={{range $c := .spec.containers}}<{{$c.name}}>{{end}}'", 0,
	    "<a><b><c>");
	expect_get(state, "get pod foo -o 'go-template={{range $i, $c := .spec.containers}}<{{$i}}={{$c.name}}>{{end}}'",
	    0, "<0=a><1=b><2=c>");
	expect_get(state, "get pod foo -o 'go-template={{range $k, $v := .metadata.labels}}<{{$k}}={{$v}}>{{end}}'", 0,
	    "<app=web><k8s-app=20><web/html=15>");
}

static void go_template_with_declares_its_value(void **state)
{
	/* exec_test.go: "with $x int", "with $x struct.U.V", "with variable and action" */
	expect_get(state, "get pod foo -o 'go-template={{with $x := .metadata.labels.app}}{{$x}}{{end}}'", 0, "web");
	expect_get(state, "get pod foo -o 'go-template={{with $x := $}}{{$y := $.kind}}{{$x.metadata.name}} {{$y}}{{end}}'",
	    0, "foo Pod");
}

/* parse_test.go "pipeline with parens", "field of parenthesized expression" (ChainNode). */
static void go_template_parenthesised_pipelines_are_operands(void **state)
{
	expect_get(state,
	    "get pods -o 'go-template={{range .items}}{{if (eq .metadata.name \"foo\")}}{{len (index .spec.containers)}}{{end}}{{end}}'",
	    0, "3");
}

static void go_template_fields_of_a_parenthesised_value_chain(void **state)
{
	expect_get(state,
	    "get pods -o 'go-template={{(index .items 0).metadata.name}} {{len (index .items 1).spec.containers}} "
	    "{{(index (index .items 1).spec.containers 2).image}} {{(index .items 0).nope}}'",
	    0, "bar 3 redis <no value>");
}

static void go_template_a_field_of_a_number_is_an_error(void **state)
{
	expect_get(state, "get pods -o 'go-template={{(len .items).x}}'", 1,
	    "error: error executing template \"{{(len .items).x}}\": template: output: can't evaluate "
	    "field x in type int\n");
}

static void go_template_a_variable_out_of_scope_is_a_parse_error(void **state)
{
	/* parse_test.go: "undefined variable", "variable lost in template" */
	expect_get(state, "get pod foo -o 'go-template={{$x}}'", 1,
	    "error: error parsing template {{$x}}, template: output:1: undefined variable \"$x\"\n");
	expect_get(state, "get pod foo -o 'go-template={{range $x := .spec.containers}}{{end}}{{$x}}'", 1,
	    "error: error parsing template {{range $x := .spec.containers}}{{end}}{{$x}}, template: output:1: "
	    "undefined variable \"$x\"\n");
	expect_get(state, "get pod foo -o 'go-template={{$i, $e := .spec}}'", 1,
	    "error: error parsing template {{$i, $e := .spec}}, template: output:1: too many declarations in command\n");
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(jsonpath_plain_text_is_printed_as_is),
		T(jsonpath_a_quoted_literal_may_hold_braces_and_escapes),
		T(jsonpath_fields_with_slash_and_dash_are_names),
		T(jsonpath_escaped_dots_are_part_of_the_name),
		T(jsonpath_wildcard_and_index_select_items),
		T(jsonpath_slices_and_negative_indexes_count_from_the_end),
		T(jsonpath_recursive_descent_finds_every_level),
		T(jsonpath_filters_compare_numbers_and_strings),
		T(jsonpath_range_over_a_list_of_pods),
		T(jsonpath_maps_print_as_compact_json),
		T(jsonpath_lists_print_as_compact_json_and_several_results_join_with_a_space),
		T(jsonpath_missing_keys_print_nothing),
		T(jsonpath_errors_in_kubectls_words),
		T(jsonpath_an_index_out_of_bounds_fails_the_template),
		T(custom_columns_print_one_row_per_object),
		T(custom_columns_join_several_values_and_show_none_for_missing),
		T(custom_columns_errors_in_kubectls_words),
		T(go_template_fields_range_index_len_and_printf),
		T(go_template_printf_names_every_extra_argument_once_as_go_does),
		T(go_template_if_else_and_missing_keys),
		T(go_template_trims_around_dashes_and_pipes_into_functions),
		T(go_template_errors_in_kubectls_words),
		T(go_template_unbalanced_parentheses_do_not_parse),
		T(go_template_dollar_is_the_object_everywhere),
		T(go_template_a_declared_variable_holds_its_value_and_prints_nothing),
		T(go_template_assignment_changes_the_innermost_declaration),
		T(go_template_range_sets_index_and_element_variables),
		T(go_template_with_declares_its_value),
		T(go_template_parenthesised_pipelines_are_operands),
		T(custom_columns_print_lists_and_maps_as_go_does),
		T(go_template_fields_of_a_parenthesised_value_chain),
		T(go_template_a_field_of_a_number_is_an_error),
		T(go_template_a_variable_out_of_scope_is_a_parse_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

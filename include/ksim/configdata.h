/*
 * configdata: the rules of ConfigMap and Secret data that the API server and
 * kubectl apply before an object exists: base64 for Secret data, key names,
 * and kubectl's --from-literal, --from-file and --from-env-file sources.
 * Pure functions; any thread may call these.
 */
#ifndef KSIM_CONFIGDATA_H
#define KSIM_CONFIGDATA_H

#include "ksim/util.h"

/* core/validation MaxSecretSize, also the ConfigMap limit (data + binaryData). */
#define CONFIGDATA_MAX_BYTES (1024 * 1024)

/* Standard base64 with padding, as encoding/json writes a []byte. */
void configdata_base64_encode(const void *data, size_t n, struct strbuf *out);
/*
 * Appends the decoded bytes of s to out, skipping CR and LF as Go's
 * base64.StdEncoding does; -1 with "illegal base64 data at input byte N".
 */
int configdata_base64_decode(const char *s, struct strbuf *out, struct ksim_error *err);

/* Go's utf8.Valid: a ConfigMap keeps such bytes in data, others in binaryData. */
bool configdata_utf8_valid(const char *s, size_t n);

/*
 * The reasons key is not a valid ConfigMap/Secret key (IsConfigMapKey), or
 * with env_name not a valid environment variable name (IsEnvVarName), each
 * appended to out after sep; returns how many (0: valid).
 */
int configdata_key_check(const char *key, bool env_name, const char *sep, struct strbuf *out);

/* kubectl's ParseLiteralSource: "K=V" split at the first '='. Caller frees. */
int configdata_literal_parse(const char *source, char **key, char **value, struct ksim_error *err);
/* kubectl's ParseFileSource: "[K=]PATH"; the key defaults to the path's base name. */
int configdata_file_source_parse(const char *source, char **key, char **path, struct ksim_error *err);
/*
 * One line of an env file (kubectl's processEnvFileLine); lineno is 0-based.
 * A blank or comment line gives *key NULL; a line without '=' takes its
 * value from ksim's own environment, as kubectl takes it from its own.
 */
int configdata_env_line_parse(const char *line, size_t n, int lineno, const char *path, char **key,
			      char **value, struct ksim_error *err);

#endif

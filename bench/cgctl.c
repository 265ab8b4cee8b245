// cgctl: callgrind client requests for node (N-API), used by bench/cg-pin.mjs. zero() = CALLGRIND_ZERO_STATS, dump(label) =
// CALLGRIND_DUMP_STATS_AT(label), toggle() = CALLGRIND_TOGGLE_COLLECT. Built by bench/cg-pin.sh: gcc -O2 -shared -fPIC -I/usr/include/node.
// Outside valgrind each request is a few no-op instructions.
#include <node_api.h>
#include <valgrind/callgrind.h>
static napi_value zero(napi_env env, napi_callback_info info) { CALLGRIND_ZERO_STATS; return NULL; }
static napi_value dump(napi_env env, napi_callback_info info) {
  size_t argc = 1; napi_value argv[1]; char buf[128]; size_t len = 0;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1 || napi_get_value_string_utf8(env, argv[0], buf, sizeof buf, &len) != napi_ok) buf[0] = 0;
  CALLGRIND_DUMP_STATS_AT(buf); return NULL;
}
static napi_value toggle(napi_env env, napi_callback_info info) { CALLGRIND_TOGGLE_COLLECT; return NULL; }
static napi_value on(napi_env env, napi_callback_info info) { CALLGRIND_START_INSTRUMENTATION; return NULL; }
static napi_value off(napi_env env, napi_callback_info info) { CALLGRIND_STOP_INSTRUMENTATION; return NULL; }
NAPI_MODULE_INIT() {
  napi_value f;
  napi_create_function(env, "zero", NAPI_AUTO_LENGTH, zero, NULL, &f); napi_set_named_property(env, exports, "zero", f);
  napi_create_function(env, "dump", NAPI_AUTO_LENGTH, dump, NULL, &f); napi_set_named_property(env, exports, "dump", f);
  napi_create_function(env, "on", NAPI_AUTO_LENGTH, on, NULL, &f); napi_set_named_property(env, exports, "on", f);
  napi_create_function(env, "off", NAPI_AUTO_LENGTH, off, NULL, &f); napi_set_named_property(env, exports, "off", f);
  napi_create_function(env, "toggle", NAPI_AUTO_LENGTH, toggle, NULL, &f); napi_set_named_property(env, exports, "toggle", f);
  return exports;
}

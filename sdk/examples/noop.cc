// noop: answers every invocation with `null` at once, without parsing the
// event (a RawHandler), so benchmarks measure gloss's invocation path and not
// the function.

#include <string>
#include <string_view>

#include "gloss/runtime.h"

int main() {
  return gloss::run([](std::string_view /*event*/, const gloss::Context& /*context*/) {
    return gloss::RawResult(std::string("null"));
  });
}

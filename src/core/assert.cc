#include "core/assert.h"

#include <cstdio>
#include <cstdlib>

namespace gloss::internal {

void CheckFailed(const char* file, int line, const char* condition) {
  std::fprintf(stderr, "gloss: check failed at %s:%d: %s\n", file, line, condition);
  std::abort();
}

void BugReached(const char* file, int line, const char* message) {
  std::fprintf(stderr, "gloss: bug at %s:%d: %s\n", file, line, message);
#ifndef NDEBUG
  std::abort();
#endif
}

}  // namespace gloss::internal

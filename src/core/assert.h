// Invariant checks. These are for bugs in Gloss itself, never for client
// input, disk contents or network data: those are Status values.
//
//   GLOSS_CHECK(cond)     always evaluated; aborts with file:line when false.
//   GLOSS_DCHECK(cond)    like GLOSS_CHECK in debug builds, compiled out in NDEBUG.
//   GLOSS_BUG(msg)        a "cannot happen" path reached at run time: aborts in
//                         debug builds; in release builds logs to stderr and
//                         continues, so the caller can answer 500.
//
// Thread safety: all macros may be used from any thread.

#pragma once

namespace gloss::internal {

[[noreturn]] void CheckFailed(const char* file, int line, const char* condition);
void BugReached(const char* file, int line, const char* message);

}  // namespace gloss::internal

#define GLOSS_CHECK(cond)                                        \
  do {                                                           \
    if (!(cond)) [[unlikely]] {                                  \
      ::gloss::internal::CheckFailed(__FILE__, __LINE__, #cond); \
    }                                                            \
  } while (false)

#ifdef NDEBUG
#define GLOSS_DCHECK(cond) \
  do {                     \
  } while (false && (cond))
#else
#define GLOSS_DCHECK(cond) GLOSS_CHECK(cond)
#endif

#define GLOSS_BUG(msg) ::gloss::internal::BugReached(__FILE__, __LINE__, msg)

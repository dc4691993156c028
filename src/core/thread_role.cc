#include "core/thread_role.h"

namespace gloss {
namespace {

thread_local ThreadRole current_role = ThreadRole::kOther;

}  // namespace

void SetCurrentThreadRole(ThreadRole role) { current_role = role; }
ThreadRole CurrentThreadRole() { return current_role; }

}  // namespace gloss

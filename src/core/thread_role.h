// ThreadRole records what the current thread is for, so code that blocks
// (db/, fsync, libvips) can assert it is not running on an I/O thread.
// http/ marks its event-loop threads kIo; BlockingPool marks its threads
// kBlocking; every other thread (main, tests) is kOther.
//
// Thread safety: each thread reads and writes only its own role.

#pragma once

namespace gloss {

enum class ThreadRole { kOther, kIo, kBlocking };

void SetCurrentThreadRole(ThreadRole role);
ThreadRole CurrentThreadRole();

// For GLOSS_DCHECK(!OnIoThread()) at the top of blocking calls.
inline bool OnIoThread() { return CurrentThreadRole() == ThreadRole::kIo; }

}  // namespace gloss

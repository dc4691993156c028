// FileWatcher calls back when any of a set of files changes, using inotify on
// their parent folders (editors often save by writing a new file and renaming
// it over the old one, which a watch on the file itself would miss). Bursts of
// events within `debounce` are coalesced into one callback.
//
// Thread safety: the callback runs on the watcher's own thread; Stop() and the
// destructor may be called from the owner only, and wait for a running
// callback to finish.

#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/result.h"

namespace gloss::sandbox {

class FileWatcher {
 public:
  using Callback = std::function<void()>;

  // Errors: kUnavailable when inotify cannot be set up.
  static Result<std::unique_ptr<FileWatcher>> Start(std::vector<std::filesystem::path> files,
                                                    std::chrono::milliseconds debounce,
                                                    Callback on_change);
  ~FileWatcher();

  // Watches `files` from now on instead of the previous set (e.g. after the
  // schema path changed in backend.toml).
  // Errors: kUnavailable when a folder cannot be watched.
  Status Watch(std::vector<std::filesystem::path> files);

  void Stop();

 private:
  FileWatcher(int inotify_fd, int wake_fd, std::chrono::milliseconds debounce, Callback on_change);
  void Run();

  const int inotify_fd_;
  const int wake_fd_;  // eventfd that tells Run() to return.
  const std::chrono::milliseconds debounce_;
  const Callback on_change_;
  // Replaced by Watch() while Run() reads it: guarded by mutex_.
  std::mutex mutex_;
  std::vector<std::filesystem::path> files_;
  std::vector<int> watches_;
  std::thread thread_;
};

}  // namespace gloss::sandbox

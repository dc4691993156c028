#include "sandbox/file_watcher.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

namespace gloss::sandbox {
namespace {

constexpr uint32_t kEvents =
    IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_MODIFY | IN_MOVED_FROM;

}  // namespace

Result<std::unique_ptr<FileWatcher>> FileWatcher::Start(std::vector<std::filesystem::path> files,
                                                        std::chrono::milliseconds debounce,
                                                        Callback on_change) {
  const int inotify_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (inotify_fd < 0) {
    return Status::Unavailable(std::string("inotify_init1: ") + std::strerror(errno));
  }
  const int wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (wake_fd < 0) {
    ::close(inotify_fd);
    return Status::Unavailable(std::string("eventfd: ") + std::strerror(errno));
  }
  std::unique_ptr<FileWatcher> watcher(
      new FileWatcher(inotify_fd, wake_fd, debounce, std::move(on_change)));
  RETURN_IF_ERROR(watcher->Watch(std::move(files)));
  watcher->thread_ = std::thread([raw = watcher.get()] { raw->Run(); });
  return watcher;
}

FileWatcher::FileWatcher(int inotify_fd, int wake_fd, std::chrono::milliseconds debounce,
                         Callback on_change)
    : inotify_fd_(inotify_fd),
      wake_fd_(wake_fd),
      debounce_(debounce),
      on_change_(std::move(on_change)) {}

FileWatcher::~FileWatcher() {
  Stop();
  ::close(inotify_fd_);
  ::close(wake_fd_);
}

Status FileWatcher::Watch(std::vector<std::filesystem::path> files) {
  std::lock_guard lock(mutex_);
  for (const int watch : watches_) {
    inotify_rm_watch(inotify_fd_, watch);
  }
  watches_.clear();
  std::set<std::filesystem::path> folders;
  for (auto& file : files) {
    file = std::filesystem::absolute(file).lexically_normal();
    folders.insert(file.parent_path());
  }
  for (const auto& folder : folders) {
    const int watch = inotify_add_watch(inotify_fd_, folder.c_str(), kEvents);
    if (watch < 0) {
      return Status::Unavailable("cannot watch " + folder.string() + ": " + std::strerror(errno));
    }
    watches_.push_back(watch);
  }
  files_ = std::move(files);
  return Status::Ok();
}

void FileWatcher::Stop() {
  if (!thread_.joinable()) {
    return;
  }
  const uint64_t one = 1;
  (void)!::write(wake_fd_, &one, sizeof(one));
  thread_.join();
}

void FileWatcher::Run() {
  // Events name a file inside a watched folder; only ours count.
  auto drain_matching = [this]() -> bool {
    alignas(inotify_event) char buffer[16 * 1024];
    bool matched = false;
    for (;;) {
      const ssize_t length = ::read(inotify_fd_, buffer, sizeof(buffer));
      if (length <= 0) {
        return matched;
      }
      std::lock_guard lock(mutex_);
      for (ssize_t offset = 0; offset < length;) {
        const auto* event = reinterpret_cast<const inotify_event*>(buffer + offset);
        offset += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
        if (event->len == 0) {
          continue;
        }
        const std::string name(event->name);
        matched = matched || std::any_of(files_.begin(), files_.end(),
                                         [&](const auto& file) { return file.filename() == name; });
      }
    }
  };

  pollfd fds[2] = {{inotify_fd_, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
  bool pending = false;
  for (;;) {
    const int timeout_ms = pending ? static_cast<int>(debounce_.count()) : -1;
    const int ready = ::poll(fds, 2, timeout_ms);
    if (ready < 0 && errno != EINTR) {
      return;
    }
    if (fds[1].revents & POLLIN) {
      return;
    }
    if (ready > 0 && (fds[0].revents & POLLIN)) {
      pending = drain_matching() || pending;
      continue;  // Restart the quiet period.
    }
    if (ready == 0 && pending) {
      pending = false;
      on_change_();
    }
  }
}

}  // namespace gloss::sandbox

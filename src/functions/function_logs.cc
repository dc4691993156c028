#include "functions/function_logs.h"

#include <algorithm>
#include <system_error>

#include <fcntl.h>
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

namespace gloss::functions {

Result<std::unique_ptr<FunctionLogs>> FunctionLogs::Open(const std::filesystem::path& dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    return Status::Unavailable("cannot create " + dir.string() + ": " + error.message());
  }
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace, error);
  return std::unique_ptr<FunctionLogs>(new FunctionLogs(dir));
}

std::filesystem::path FunctionLogs::FileOf(std::string_view function) const {
  return dir_ / (std::string(function) + ".log");
}

void FunctionLogs::Append(std::string_view function, std::string_view text) {
  LogLine line;
  line.function = std::string(function);
  line.time = std::chrono::system_clock::now();
  line.text = std::string(text);
  std::vector<std::shared_ptr<const Listener>> listeners;
  {
    std::lock_guard lock(mutex_);
    line.sequence = next_sequence_++;
    auto file = files_.find(function);
    if (file == files_.end()) {
      file = files_.emplace(std::string(function), File{}).first;
    }
    WriteLocked(file->second, function, line);
    std::deque<LogLine>& backlog = backlogs_[line.function];
    backlog.push_back(line);
    if (backlog.size() > kBacklogLines) {
      backlog.pop_front();
    }
    listeners.reserve(listeners_.size());
    for (const auto& [id, listener] : listeners_) {
      listeners.push_back(listener);
    }
  }
  for (const auto& listener : listeners) {
    (*listener)(line);
  }
}

void FunctionLogs::WriteLocked(File& file, std::string_view function, const LogLine& line) {
  const std::filesystem::path path = FileOf(function);
  if (file.fd.valid() && file.bytes >= kRotateBytes) {
    file.fd.Reset();
    std::error_code ignored;
    std::filesystem::rename(path, path.string() + ".1", ignored);
  }
  if (!file.fd.valid()) {
    file.fd = UniqueFd(::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600));
    struct stat info {};
    file.bytes = file.fd.valid() && ::fstat(file.fd.get(), &info) == 0 ? info.st_size : 0;
  }
  if (!file.fd.valid()) {
    return;  // A log that cannot be written must not stop the function.
  }
  const std::string text = FormatLogFileLine(line) + "\n";
  const ssize_t written = ::write(file.fd.get(), text.data(), text.size());
  if (written > 0) {
    file.bytes += static_cast<uint64_t>(written);
  }
}

uint64_t FunctionLogs::Subscribe(Listener listener) {
  std::lock_guard lock(mutex_);
  const uint64_t id = next_listener_++;
  listeners_[id] = std::make_shared<const Listener>(std::move(listener));
  return id;
}

void FunctionLogs::Unsubscribe(uint64_t id) {
  std::lock_guard lock(mutex_);
  listeners_.erase(id);
}

std::vector<LogLine> FunctionLogs::Recent(std::string_view function, uint64_t after) const {
  std::lock_guard lock(mutex_);
  std::vector<LogLine> lines;
  for (const auto& [name, backlog] : backlogs_) {
    if (!function.empty() && name != function) {
      continue;
    }
    for (const LogLine& line : backlog) {
      if (line.sequence > after) {
        lines.push_back(line);
      }
    }
  }
  std::sort(lines.begin(), lines.end(),
            [](const LogLine& a, const LogLine& b) { return a.sequence < b.sequence; });
  if (lines.size() > kBacklogLines) {
    lines.erase(lines.begin(), lines.end() - static_cast<std::ptrdiff_t>(kBacklogLines));
  }
  return lines;
}

std::string FormatLogFileLine(const LogLine& line) {
  const auto millis = std::chrono::time_point_cast<std::chrono::milliseconds>(line.time);
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}Z\t{}", millis, line.text);
}

}  // namespace gloss::functions

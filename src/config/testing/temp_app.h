// Test helpers for config/: a throw-away app folder (with data/schema.graphql)
// to parse backend.toml texts against, and a matcher for loader errors.
//
// Thread safety: test-only, single-threaded use.

#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "config/backend_loader.h"
#include "core/backend_spec.h"
#include "core/result.h"

namespace gloss::config::testing {

class TempApp {
 public:
  TempApp() {
    std::string pattern = (std::filesystem::temp_directory_path() / "gloss-config-XXXXXX").string();
    dir_ = ::mkdtemp(pattern.data());
    WriteFile("data/schema.graphql", "type Query { hello: String }\n");
  }
  ~TempApp() {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  TempApp(const TempApp&) = delete;
  TempApp& operator=(const TempApp&) = delete;

  const std::filesystem::path& dir() const { return dir_; }

  // Writes `contents` to `relative` under the app folder, creating folders.
  void WriteFile(const std::filesystem::path& relative, std::string_view contents,
                 bool executable = false) const {
    const std::filesystem::path path = dir_ / relative;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << contents;
    std::filesystem::permissions(
        path, executable ? std::filesystem::perms(0755) : std::filesystem::perms(0644));
  }

  // Parses `toml` as "backend.toml" of this app.
  Result<BackendSpec> Parse(std::string_view toml) const {
    return ParseBackend(toml, "backend.toml", dir_);
  }

 private:
  std::filesystem::path dir_;
};

// Matches a Result/Status that is InvalidArgument with a line
// "backend.toml:POSITION: ..." containing `text`; POSITION is "LINE:COL".
MATCHER_P2(HasError, position, text,
           std::string("has error at ") + position + " containing \"" + text + "\"") {
  const Status status = arg.status();
  *result_listener << "whose status is " << status.ToString();
  if (status.code() != StatusCode::kInvalidArgument) {
    return false;
  }
  const std::string prefix = std::string("backend.toml:") + position + ": ";
  std::istringstream lines{std::string(status.message())};
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(prefix, 0) == 0 && line.find(text) != std::string::npos) {
      return true;
    }
  }
  return false;
}

// Number of error lines in a failed Result.
template <typename T>
size_t ErrorCount(const Result<T>& result) {
  const std::string_view message = result.status().message();
  return message.empty()
             ? 0
             : static_cast<size_t>(std::count(message.begin(), message.end(), '\n')) + 1;
}

}  // namespace gloss::config::testing

#include "core/logger.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace gloss {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;

TEST(LoggerTest, JsonEventHasStandardKeysAndFields) {
  const std::string path = ::testing::TempDir() + "/logger_json_test.log";
  std::filesystem::remove(path);
  {
    auto logger = Logger::ToFile(LogFormat::kJson, LogLevel::kInfo, path);
    logger->Info("http", "request", {{"status", 200}, {"path", "/a b"}});
    logger->Debug("http", "dropped below min level");
  }
  std::ifstream in(path);
  std::string line;
  ASSERT_TRUE(std::getline(in, line));
  const nlohmann::json event = nlohmann::json::parse(line);
  EXPECT_EQ(event["level"], "info");
  EXPECT_EQ(event["component"], "http");
  EXPECT_EQ(event["msg"], "request");
  EXPECT_EQ(event["status"], 200);
  EXPECT_EQ(event["path"], "/a b");
  EXPECT_THAT(event["time"].get<std::string>(),
              MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\\.[0-9]{3}Z"));
  EXPECT_FALSE(std::getline(in, line));  // The debug event was filtered.
}

TEST(LoggerTest, HumanEventQuotesOnlyValuesThatNeedIt) {
  const std::string path = ::testing::TempDir() + "/logger_human_test.log";
  auto logger = Logger::ToFile(LogFormat::kHuman, LogLevel::kDebug, path);
  const std::string line = logger->Render(LogLevel::kWarn, "sandbox", "reload failed",
                                          {{"file", "backend.toml"}, {"error", "bad value"}});
  EXPECT_THAT(line,
              HasSubstr("WARN  sandbox  reload failed file=backend.toml error=\"bad value\""));
}

}  // namespace
}  // namespace gloss

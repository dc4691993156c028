#include "functions/function_logs.h"

#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test/support/status_matchers.h"

namespace gloss::functions {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::MatchesRegex;

class FunctionLogsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("gloss-logs-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    ASSERT_OK_AND_ASSIGN(logs_, FunctionLogs::Open(dir_ / "functions"));
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Read(const std::filesystem::path& path) {
    std::ifstream file(path);
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
  }

  std::filesystem::path dir_;
  std::unique_ptr<FunctionLogs> logs_;
};

TEST_F(FunctionLogsTest, AppendsTimestampedLinesPerFunction) {
  logs_->Append("alpha", "first");
  logs_->Append("beta", "other");
  logs_->Append("alpha", "second");
  EXPECT_THAT(Read(logs_->FileOf("alpha")),
              MatchesRegex("[0-9-]+T[0-9:.]+Z\tfirst\n[0-9-]+T[0-9:.]+Z\tsecond\n"));
  EXPECT_THAT(Read(logs_->FileOf("beta")), MatchesRegex(".*\tother\n"));
  EXPECT_EQ(std::filesystem::status(dir_ / "functions").permissions(),
            std::filesystem::perms::owner_all);
}

TEST_F(FunctionLogsTest, RecentFiltersByFunctionAndSequence) {
  logs_->Append("alpha", "a1");
  logs_->Append("beta", "b1");
  logs_->Append("alpha", "a2");
  EXPECT_THAT(logs_->Recent("alpha"),
              ElementsAre(Field(&LogLine::text, "a1"), Field(&LogLine::text, "a2")));
  const std::vector<LogLine> all = logs_->Recent("");
  ASSERT_EQ(all.size(), 3u);
  EXPECT_THAT(logs_->Recent("", all[0].sequence),
              ElementsAre(Field(&LogLine::text, "b1"), Field(&LogLine::text, "a2")));
}

TEST_F(FunctionLogsTest, BacklogIsBounded) {
  for (size_t i = 0; i < FunctionLogs::kBacklogLines + 10; ++i) {
    logs_->Append("alpha", std::to_string(i));
  }
  const std::vector<LogLine> recent = logs_->Recent("alpha");
  ASSERT_EQ(recent.size(), FunctionLogs::kBacklogLines);
  EXPECT_EQ(recent.front().text, "10");
}

TEST_F(FunctionLogsTest, ListenersSeeNewLinesUntilUnsubscribed) {
  std::vector<std::string> seen;
  const uint64_t id = logs_->Subscribe(
      [&](const LogLine& line) { seen.push_back(line.function + ":" + line.text); });
  logs_->Append("alpha", "one");
  logs_->Unsubscribe(id);
  logs_->Append("alpha", "two");
  EXPECT_THAT(seen, ElementsAre("alpha:one"));
}

}  // namespace
}  // namespace gloss::functions

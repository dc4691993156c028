#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/testing/temp_app.h"
#include "test/support/status_matchers.h"

namespace gloss::config {
namespace {

using ::testing::ElementsAre;
using testing::HasError;
using ::testing::IsEmpty;
using testing::TempApp;

class StorageTest : public ::testing::Test {
 protected:
  TempApp app_;
};

TEST_F(StorageTest, ReadsBucketsAndAccessRules) {
  ASSERT_OK_AND_ASSIGN(const BackendSpec spec, app_.Parse(R"([auth]
groups = ["ADMINS"]
[storage.images]
access = [
  { path = "images/original/{entity_id}/*", entity = ["read", "write", "delete"], authenticated = ["read"] },
  { path = "public/*", guest = ["get", "list"], groups = { ADMINS = ["write"] } },
]
)"));
  ASSERT_EQ(spec.storage.size(), 1u);
  const StorageSpec& bucket = spec.storage.at("images");
  EXPECT_EQ(bucket.key, "images");
  EXPECT_EQ(bucket.name, "images");
  EXPECT_TRUE(bucket.is_default);
  ASSERT_EQ(bucket.access.size(), 2u);
  EXPECT_EQ(bucket.access[0].path, "images/original/{entity_id}/*");
  EXPECT_THAT(bucket.access[0].entity,
              ElementsAre(StorageAction::kRead, StorageAction::kWrite, StorageAction::kDelete));
  EXPECT_THAT(bucket.access[0].authenticated, ElementsAre(StorageAction::kRead));
  EXPECT_THAT(bucket.access[0].guest, IsEmpty());
  EXPECT_EQ(bucket.access[0].where.line, 5u);
  EXPECT_EQ(bucket.access[0].where.column, 3u);
  EXPECT_THAT(bucket.access[1].guest, ElementsAre(StorageAction::kGet, StorageAction::kList));
  EXPECT_THAT(bucket.access[1].groups.at("ADMINS"), ElementsAre(StorageAction::kWrite));
}

TEST_F(StorageTest, NameOverridesTheKey) {
  ASSERT_OK_AND_ASSIGN(const BackendSpec spec,
                       app_.Parse("[storage.images]\nname = 'my-images.bucket'\n"));
  EXPECT_EQ(spec.storage.at("images").name, "my-images.bucket");
}

TEST_F(StorageTest, FirstBucketByKeyIsDefaultWhenNoneIsMarked) {
  ASSERT_OK_AND_ASSIGN(const BackendSpec spec, app_.Parse("[storage.zeta]\n[storage.alpha]\n"));
  EXPECT_TRUE(spec.storage.at("alpha").is_default);
  EXPECT_FALSE(spec.storage.at("zeta").is_default);
}

TEST_F(StorageTest, MarkedBucketIsDefault) {
  ASSERT_OK_AND_ASSIGN(const BackendSpec spec,
                       app_.Parse("[storage.zeta]\nisDefault = true\n[storage.alpha]\n"));
  EXPECT_TRUE(spec.storage.at("zeta").is_default);
  EXPECT_FALSE(spec.storage.at("alpha").is_default);
}

TEST_F(StorageTest, AtMostOneDefaultBucket) {
  EXPECT_THAT(app_.Parse("[storage.aaa]\nisDefault = true\n[storage.bbb]\nisDefault = true\n"),
              HasError("4:13",
                       "storage.bbb.isDefault: only one bucket may be the default, and "
                       "storage.aaa already is"));
}

TEST_F(StorageTest, BucketNamesFollowS3Rules) {
  const std::pair<const char*, const char*> cases[] = {
      {"ab", "3 to 63 characters"},
      {"Images", "only lowercase letters"},
      {"my_bucket", "only lowercase letters"},
      {"-abc", "must start with"},
      {"abc.", "must end with"},
      {"a..b", "'..'"},
      {"192.168.1.1", "IP address"},
  };
  for (const auto& [name, reason] : cases) {
    EXPECT_THAT(app_.Parse("[storage.b]\nname = '" + std::string(name) + "'\n"),
                HasError("2:8", std::string("storage.b.name: bucket name '") + name + "' "))
        << name;
    EXPECT_THAT(app_.Parse("[storage.b]\nname = '" + std::string(name) + "'\n"),
                HasError("2:8", reason))
        << name;
  }
  EXPECT_THAT(app_.Parse("[storage.b]\nname = '" + std::string(64, 'a') + "'\n"),
              HasError("2:8", "3 to 63 characters"));
}

TEST_F(StorageTest, InvalidKeyAsNameIsReportedAtTheTable) {
  EXPECT_THAT(app_.Parse("\n[storage.My_Bucket]\n"),
              HasError("2:1", "storage.My_Bucket: bucket name 'My_Bucket' may contain only"));
}

TEST_F(StorageTest, DuplicateBucketNamesAreErrors) {
  EXPECT_THAT(app_.Parse("[storage.a]\nname = 'same'\n[storage.b]\nname = 'same'\n"),
              HasError("4:8", "bucket name 'same' is already used by storage.a"));
}

TEST_F(StorageTest, AccessPathRules) {
  const std::pair<const char*, const char*> cases[] = {
      {"images", "must end with '/*'"},
      {"images/", "must end with '/*'"},
      {"*", "must end with '/*'"},
      {"/images/*", "must not start with '/'"},
      {"a//b/*", "empty segment"},
      {"a/*/b/*", "'*' only as its final"},
      {"a/{entity_id}/b/*", "{entity_id} only right before"},
      {"a/x{entity_id}/*", "whole '{entity_id}' segment"},
      {"a/{owner}/*", "whole '{entity_id}' segment"},
  };
  for (const auto& [path, reason] : cases) {
    const Result<BackendSpec> spec =
        app_.Parse("[storage.box]\naccess = [{ path = '" + std::string(path) +
                   "', authenticated = ['read'] }]\n");
    EXPECT_THAT(spec, HasError("2:20", std::string("storage.box.access[0].path: '") + path + "' "))
        << path;
    EXPECT_THAT(spec, HasError("2:20", reason)) << path;
    EXPECT_EQ(testing::ErrorCount(spec), 1u) << path;
  }
}

TEST_F(StorageTest, AccessRuleNeedsAPath) {
  EXPECT_THAT(app_.Parse("[storage.box]\naccess = [{ guest = ['read'] }]\n"),
              HasError("2:11", "storage.box.access[0].path: missing required key"));
}

TEST_F(StorageTest, ActionsMustBeKnown) {
  EXPECT_THAT(app_.Parse("[storage.box]\naccess = [{ path = 'p/*', guest = ['read', 'copy'] }]\n"),
              HasError("2:44", "storage.box.access[0].guest: unknown action 'copy'"));
  EXPECT_THAT(app_.Parse("[storage.box]\naccess = [{ path = 'p/*', guest = 'read' }]\n"),
              HasError("2:35", "expected an array of actions, got a string"));
  EXPECT_THAT(app_.Parse("[storage.box]\naccess = [{ path = 'p/*', guest = ['get', 'get'] }]\n"),
              HasError("2:43", "'get' is listed twice"));
  EXPECT_THAT(app_.Parse("[storage.box]\naccess = [{ path = 'p/*', guest = ['read', 'list'] }]\n"),
              HasError("2:35", "'read' already means get and list"));
}

TEST_F(StorageTest, GroupsInRulesMustBeDeclaredInAuth) {
  EXPECT_THAT(app_.Parse("[auth]\ngroups = ['ADMINS']\n[storage.box]\n"
                         "access = [{ path = 'p/*', groups = { EDITORS = ['read'] } }]\n"),
              HasError("4:38",
                       "storage.box.access[0].groups.EDITORS: group 'EDITORS' is not "
                       "declared in [auth] groups"));
  EXPECT_THAT(
      app_.Parse("[storage.box]\naccess = [{ path = 'p/*', groups = { ADMINS = ['read'] } }]\n"),
      HasError("2:38", "group 'ADMINS' is not declared"));
}

TEST_F(StorageTest, EntityAccessNeedsEntityIdInThePath) {
  EXPECT_THAT(app_.Parse("[storage.box]\naccess = [{ path = 'p/*', entity = ['read'] }]\n"),
              HasError("2:36", "entity access needs {entity_id} in the path"));
}

TEST_F(StorageTest, DuplicatePathsAreErrors) {
  EXPECT_THAT(app_.Parse("[storage.box]\naccess = [\n  { path = 'p/*', guest = ['read'] },\n"
                         "  { path = 'p/*', authenticated = ['read'] },\n]\n"),
              HasError("4:3", "path 'p/*' already has an access rule"));
}

TEST_F(StorageTest, AccessEntriesMustBeTables) {
  EXPECT_THAT(app_.Parse("[storage.box]\naccess = ['p/*']\n"),
              HasError("2:11", "storage.box.access[0]: expected a table, got a string"));
}

TEST_F(StorageTest, UnknownRuleKeyIsReported) {
  EXPECT_THAT(
      app_.Parse("[storage.box]\naccess = [{ path = 'p/*', guests = ['read'] }]\n"),
      HasError("2:27", "unknown key 'guests' in [storage.box.access[0]], did you mean 'guest'?"));
}

TEST_F(StorageTest, ResourceKeysMustBeSimple) {
  EXPECT_THAT(app_.Parse("[storage.\"a b\"]\n"),
              HasError("1:10", "storage.\"a b\": the key may contain only"));
}

}  // namespace
}  // namespace gloss::config

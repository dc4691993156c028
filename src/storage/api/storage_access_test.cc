#include "storage/api/storage_access.h"

#include <gtest/gtest.h>

#include "test/support/status_matchers.h"

namespace gloss::storage {
namespace {

using auth::Principal;
using auth::PrincipalKind;

// The reference app's bucket, as app/backend.toml declares it.
std::map<std::string, StorageSpec> ReferenceBuckets() {
  StorageSpec images;
  images.key = images.name = "images";
  StorageAccessRule original;
  original.path = "images/original/{entity_id}/*";
  original.entity = {StorageAction::kRead, StorageAction::kWrite, StorageAction::kDelete};
  original.groups["ADMINS"] = {StorageAction::kRead, StorageAction::kDelete};
  StorageAccessRule derived;
  derived.path = "images/thumbnail/*";
  derived.authenticated = {StorageAction::kGet};
  derived.guest = {StorageAction::kGet};
  StorageAccessRule images_root;
  images_root.path = "images/*";
  images_root.authenticated = {StorageAction::kList};
  images.access = {original, derived, images_root};
  return {{"images", images}};
}

Principal User(std::vector<std::string> groups = {}) {
  Principal user;
  user.kind = PrincipalKind::kUser;
  user.sub = user.username = "u1";
  user.groups = std::move(groups);
  return user;
}

Principal Kind(PrincipalKind kind, std::string function_name = "") {
  Principal principal;
  principal.kind = kind;
  principal.function_name = std::move(function_name);
  return principal;
}

class StorageAccessTest : public ::testing::Test {
 protected:
  StorageAccess access_{ReferenceBuckets(), [](std::string_view name) {
                          return name == "process-image" ? policy_ : nullptr;
                        }};
  static inline const std::shared_ptr<const aws::IamPolicy> policy_ =
      std::make_shared<const aws::IamPolicy>(std::vector<aws::IamStatement>{
          {PolicyEffect::kAllow, {"s3:GetObject"}, {"arn:aws:s3:::images/images/original/*"}},
          {PolicyEffect::kAllow,
           {"s3:PutObject"},
           {"arn:aws:s3:::images/images/compressed/*", "arn:aws:s3:::images/images/thumbnail/*"}},
          {PolicyEffect::kAllow, {"s3:ListBucket"}, {"arn:aws:s3:::images"}},
      });
  static constexpr std::string_view kMine = "us-east-1:mine";
};

TEST_F(StorageAccessTest, EntityRulesLetOwnersUseTheirOwnFolderOnly) {
  const Principal user = User();
  EXPECT_OK(
      access_.Check(user, kMine, S3Action::kPut, "images", "images/original/us-east-1:mine/a.jpg"));
  EXPECT_OK(
      access_.Check(user, kMine, S3Action::kGet, "images", "images/original/us-east-1:mine/a.jpg"));
  EXPECT_OK(
      access_.Check(user, kMine, S3Action::kList, "images", "images/original/us-east-1:mine/"));
  EXPECT_THAT(access_.Check(user, kMine, S3Action::kGet, "images", "images/original/other/a.jpg"),
              testing::StatusIs(StatusCode::kPermissionDenied));
  EXPECT_FALSE(
      access_.Check(user, kMine, S3Action::kPut, "images", "images/original/other/a.jpg").ok());
  // No identity id: entity rules never match.
  EXPECT_FALSE(access_.Check(user, "", S3Action::kGet, "images", "images/original//a.jpg").ok());
  // A key directly in the entity folder's parent has no owner segment.
  EXPECT_FALSE(access_.Check(user, kMine, S3Action::kPut, "images", "images/original/a.jpg").ok());
}

TEST_F(StorageAccessTest, GroupsAuthenticatedAndGuestRules) {
  const Principal admin_group = User({"ADMINS"});
  EXPECT_OK(access_.Check(admin_group, kMine, S3Action::kDelete, "images",
                          "images/original/other/a.jpg"));
  EXPECT_FALSE(
      access_.Check(admin_group, kMine, S3Action::kPut, "images", "images/original/other/a.jpg")
          .ok());
  EXPECT_OK(access_.Check(User(), kMine, S3Action::kGet, "images", "images/thumbnail/x/a.jpg"));
  EXPECT_FALSE(access_.Check(User(), kMine, S3Action::kList, "images", "images/thumbnail/").ok());
  const Principal guest = Kind(PrincipalKind::kGuest);
  EXPECT_OK(access_.Check(guest, "", S3Action::kGet, "images", "images/thumbnail/x/a.jpg"));
  EXPECT_FALSE(access_.Check(guest, "", S3Action::kPut, "images", "images/thumbnail/x/a.jpg").ok());
  EXPECT_FALSE(
      access_.Check(Kind(PrincipalKind::kApiKey), "", S3Action::kList, "images", "images/").ok());
}

TEST_F(StorageAccessTest, TheLongestCoveringPathDecidesAlone) {
  // "images/*" grants list to users, but "images/thumbnail/*" covers this
  // prefix more specifically and grants only get.
  EXPECT_OK(access_.Check(User(), kMine, S3Action::kList, "images", "images/"));
  EXPECT_OK(access_.Check(User(), kMine, S3Action::kList, "images", "images/other/"));
  EXPECT_FALSE(access_.Check(User(), kMine, S3Action::kList, "images", "images/thumbnail/a").ok());
  EXPECT_FALSE(access_.Check(User(), kMine, S3Action::kList, "images", "").ok());
}

TEST_F(StorageAccessTest, FunctionsByIamPolicy) {
  const Principal function = Kind(PrincipalKind::kFunction, "process-image");
  EXPECT_OK(access_.Check(function, "", S3Action::kGet, "images", "images/original/x/a.jpg"));
  EXPECT_OK(access_.Check(function, "", S3Action::kPut, "images", "images/thumbnail/x/a.jpg"));
  EXPECT_OK(access_.Check(function, "", S3Action::kList, "images", "anything/"));
  EXPECT_FALSE(
      access_.Check(function, "", S3Action::kPut, "images", "images/original/x/a.jpg").ok());
  EXPECT_FALSE(access_.Check(function, "", S3Action::kDelete, "images", "images/thumbnail/a").ok());
  EXPECT_FALSE(
      access_.Check(function, "", S3Action::kGet, "other", "images/original/x/a.jpg").ok());
  EXPECT_FALSE(access_
                   .Check(Kind(PrincipalKind::kFunction, "unknown"), "", S3Action::kGet, "images",
                          "images/original/x/a.jpg")
                   .ok());
  EXPECT_FALSE(access_.Check(function, "", S3Action::kAdminBucket, "images", "").ok());
}

TEST_F(StorageAccessTest, AdminMayDoAnythingOthersNoBucketAdministration) {
  EXPECT_OK(access_.Check(Kind(PrincipalKind::kAdmin), "", S3Action::kAdminBucket, "new", ""));
  EXPECT_OK(access_.Check(Kind(PrincipalKind::kAdmin), "", S3Action::kDelete, "adhoc", "k"));
  EXPECT_FALSE(access_.Check(User({"ADMINS"}), kMine, S3Action::kAdminBucket, "images", "").ok());
  // Buckets without rules (ad-hoc ones) are closed to users and guests.
  EXPECT_FALSE(access_.Check(User(), kMine, S3Action::kGet, "adhoc", "k").ok());
}

}  // namespace
}  // namespace gloss::storage

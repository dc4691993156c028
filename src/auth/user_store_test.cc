#include "auth/user_store.h"

#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "db/database.h"
#include "db/sqlite_test_fixture.h"
#include "test/support/status_matchers.h"

namespace gloss::auth {
namespace {

using ::gloss::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::MatchesRegex;
using namespace std::chrono_literals;

ListUsersRequest Request(int limit, std::string token = "", std::string filter = "") {
  ListUsersRequest request;
  request.limit = limit;
  request.pagination_token = std::move(token);
  request.filter = std::move(filter);
  return request;
}

// A fixed "now": 2026-11-03T09:07:05Z.
constexpr TimePoint kNow{std::chrono::seconds(1793696825)};

class UserStoreTest : public db::SqliteDatabaseTest {
 protected:
  void SetUp() override {
    db::SqliteDatabaseTest::SetUp();
    ASSERT_OK_AND_ASSIGN(store_, UserStore::Open(*db_));
  }

  // Closes the store and the database and opens both again on the same file.
  void Reopen() {
    store_.reset();
    db_.reset();
    ASSERT_OK_AND_ASSIGN(db_, db::OpenDatabase(FileOptions()));
    ASSERT_OK_AND_ASSIGN(store_, UserStore::Open(*db_));
  }

  Result<UserRecord> Create(const std::string& email, const std::string& username = "") {
    NewUser user{.username = username,
                 .password_hash = "$argon2id$hash",
                 .srp_salt_hex = "0a0b",
                 .srp_verifier_hex = "0c0d",
                 .attributes = {{"email", email}, {"email_verified", "false"}},
                 .status = UserStatus::kUnconfirmed};
    return store_->CreateUser(user, kNow);
  }

  int64_t CountRows(const std::string& table, const std::string& sub) {
    auto row = db_->QueryOne("SELECT count(*) FROM " + table + " WHERE sub = ?", {sub});
    EXPECT_OK(row);
    return (*row)->Get<int64_t>(0).value();
  }

  std::unique_ptr<UserStore> store_;
};

// ---- Migrations and pool identity ----

TEST_F(UserStoreTest, OpenTwiceAppliesMigrationsOnce) {
  ASSERT_OK_AND_ASSIGN(auto second, UserStore::Open(*db_));
  ASSERT_OK_AND_ASSIGN(auto row, db_->QueryOne("SELECT count(*) FROM gloss_schema_migrations "
                                               "WHERE component = 'auth'"));
  EXPECT_EQ(row->Get<int64_t>(0).value(), 1);
  Reopen();
  ASSERT_OK_AND_ASSIGN(row, db_->QueryOne("SELECT count(*) FROM gloss_schema_migrations "
                                          "WHERE component = 'auth'"));
  EXPECT_EQ(row->Get<int64_t>(0).value(), 1);
}

TEST_F(UserStoreTest, EnsurePoolCreatesIdsOnceAndKeepsThemAcrossReopen) {
  ASSERT_OK_AND_ASSIGN(const PoolIdentity first, store_->EnsurePool("us-east-1", kNow));
  EXPECT_THAT(first.pool_id, MatchesRegex("us-east-1_[A-Za-z0-9]{9}"));
  EXPECT_THAT(first.client_id, MatchesRegex("[a-z0-9]{26}"));
  EXPECT_EQ(first.created_at, kNow);
  ASSERT_OK_AND_ASSIGN(const PoolIdentity again, store_->EnsurePool("us-east-1", kNow + 1h));
  EXPECT_EQ(again.pool_id, first.pool_id);
  Reopen();
  ASSERT_OK_AND_ASSIGN(const PoolIdentity reopened, store_->EnsurePool("eu-west-1", kNow + 2h));
  EXPECT_EQ(reopened.pool_id, first.pool_id);
  EXPECT_EQ(reopened.client_id, first.client_id);
  EXPECT_EQ(reopened.created_at, kNow);
}

TEST_F(UserStoreTest, EnsurePoolRejectsMalformedRegion) {
  EXPECT_THAT(store_->EnsurePool("", kNow), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(store_->EnsurePool("us_east'1", kNow), StatusIs(StatusCode::kInvalidArgument));
}

// ---- Users ----

TEST_F(UserStoreTest, CreateUserGeneratesSubAndUsesItAsUsername) {
  ASSERT_OK_AND_ASSIGN(const UserRecord user, Create("Ann@Example.com"));
  EXPECT_THAT(user.sub,
              MatchesRegex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
  EXPECT_EQ(user.username, user.sub);
  EXPECT_EQ(user.status, UserStatus::kUnconfirmed);
  EXPECT_TRUE(user.enabled);
  EXPECT_EQ(user.attributes.at("email"), "Ann@Example.com");
  EXPECT_EQ(user.srp_verifier_hex, "0c0d");
  EXPECT_EQ(user.created_at, kNow);
  EXPECT_FALSE(user.signed_out_at.has_value());
}

TEST_F(UserStoreTest, FindByUsernameOrAliasIsCaseInsensitive) {
  ASSERT_OK_AND_ASSIGN(const UserRecord ann, Create("Ann@Example.com"));
  ASSERT_OK_AND_ASSIGN(const UserRecord bob, Create("bob@example.com", "Bob"));
  ASSERT_OK_AND_ASSIGN(UserRecord found, store_->FindByUsernameOrAlias("ann@EXAMPLE.com"));
  EXPECT_EQ(found.sub, ann.sub);
  ASSERT_OK_AND_ASSIGN(found, store_->FindByUsernameOrAlias(ann.sub));
  EXPECT_EQ(found.sub, ann.sub);
  ASSERT_OK_AND_ASSIGN(found, store_->FindByUsernameOrAlias("bob"));
  EXPECT_EQ(found.sub, bob.sub);
  EXPECT_EQ(found.username, "Bob");
  EXPECT_THAT(store_->FindByUsernameOrAlias("nobody@example.com"), StatusIs(StatusCode::kNotFound));
}

TEST_F(UserStoreTest, FindBySubReturnsNotFoundForUnknownSub) {
  ASSERT_OK_AND_ASSIGN(const UserRecord ann, Create("ann@example.com"));
  ASSERT_OK_AND_ASSIGN(const UserRecord found, store_->FindBySub(ann.sub));
  EXPECT_EQ(found.attributes, ann.attributes);
  const auto missing = store_->FindBySub("00000000-0000-4000-8000-000000000000");
  EXPECT_THAT(missing, StatusIs(StatusCode::kNotFound));
  EXPECT_EQ(CognitoExceptionName(missing.status()), kUserNotFoundException);
}

TEST_F(UserStoreTest, CreateUserRejectsTakenEmailInAnyCase) {
  ASSERT_OK(Create("ann@example.com"));
  const auto duplicate = Create("ANN@example.COM");
  EXPECT_THAT(duplicate, StatusIs(StatusCode::kAlreadyExists));
  EXPECT_EQ(CognitoExceptionName(duplicate.status()), kUsernameExistsException);
  ASSERT_OK_AND_ASSIGN(auto count, db_->QueryOne("SELECT count(*) FROM auth_users"));
  EXPECT_EQ(count->Get<int64_t>(0).value(), 1);
}

TEST_F(UserStoreTest, CreateUserRejectsTakenUsernameInAnyCase) {
  ASSERT_OK(Create("a@example.com", "Carol"));
  EXPECT_THAT(Create("b@example.com", "carol"), StatusIs(StatusCode::kAlreadyExists));
}

TEST_F(UserStoreTest, CreateUserRejectsSubAttribute) {
  NewUser user;
  user.attributes = {{"sub", "mine"}};
  EXPECT_THAT(store_->CreateUser(user, kNow), StatusIs(StatusCode::kInvalidArgument));
}

TEST_F(UserStoreTest, UpdateStatusEnabledPasswordAndSignOutArePersisted) {
  ASSERT_OK_AND_ASSIGN(const UserRecord ann, Create("ann@example.com"));
  ASSERT_OK(store_->UpdateStatus(ann.sub, UserStatus::kConfirmed, kNow + 1s));
  ASSERT_OK(store_->SetEnabled(ann.sub, false, kNow + 2s));
  ASSERT_OK(store_->UpdatePassword(ann.sub, "$argon2id$new", "ff", "ee", kNow + 3s));
  ASSERT_OK(store_->SetSignedOutAt(ann.sub, kNow + 4s));
  Reopen();
  ASSERT_OK_AND_ASSIGN(const UserRecord found, store_->FindBySub(ann.sub));
  EXPECT_EQ(found.status, UserStatus::kConfirmed);
  EXPECT_FALSE(found.enabled);
  EXPECT_EQ(found.password_hash, "$argon2id$new");
  EXPECT_EQ(found.srp_salt_hex, "ff");
  EXPECT_EQ(found.srp_verifier_hex, "ee");
  EXPECT_EQ(found.signed_out_at, kNow + 4s);
  EXPECT_EQ(found.updated_at, kNow + 4s);
}

TEST_F(UserStoreTest, UpdatesOfUnknownUserAreNotFound) {
  const std::string sub = "00000000-0000-4000-8000-000000000000";
  EXPECT_THAT(store_->UpdateStatus(sub, UserStatus::kConfirmed, kNow),
              StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(store_->SetEnabled(sub, false, kNow), StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(store_->UpdatePassword(sub, "h", "s", "v", kNow), StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(store_->SetSignedOutAt(sub, kNow), StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(store_->UpdateAttributes(sub, {{"name", "x"}}, kNow),
              StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(store_->DeleteUser(sub), StatusIs(StatusCode::kNotFound));
}

TEST_F(UserStoreTest, UpdateAttributesMovesTheEmailAlias) {
  ASSERT_OK_AND_ASSIGN(const UserRecord ann, Create("ann@example.com"));
  ASSERT_OK(store_->UpdateAttributes(
      ann.sub, {{"email", "Ann2@Example.com"}, {"name", "Ann"}, {"email_verified", ""}},
      kNow + 1s));
  ASSERT_OK_AND_ASSIGN(const UserRecord found, store_->FindByUsernameOrAlias("ann2@example.com"));
  EXPECT_EQ(found.sub, ann.sub);
  EXPECT_EQ(found.attributes.at("name"), "Ann");
  EXPECT_FALSE(found.attributes.contains("email_verified"));
  EXPECT_THAT(store_->FindByUsernameOrAlias("ann@example.com"), StatusIs(StatusCode::kNotFound));
  // The old address is free again.
  EXPECT_OK(Create("ann@example.com"));
}

TEST_F(UserStoreTest, UpdateAttributesRejectsAnotherUsersAliasAndChangesNothing) {
  ASSERT_OK_AND_ASSIGN(const UserRecord ann, Create("ann@example.com"));
  ASSERT_OK(Create("bob@example.com"));
  const Status status =
      store_->UpdateAttributes(ann.sub, {{"email", "BOB@example.com"}, {"name", "Ann"}}, kNow);
  EXPECT_THAT(status, StatusIs(StatusCode::kAlreadyExists));
  EXPECT_EQ(CognitoExceptionName(status), kAliasExistsException);
  ASSERT_OK_AND_ASSIGN(const UserRecord found, store_->FindBySub(ann.sub));
  EXPECT_EQ(found.attributes.at("email"), "ann@example.com");
  EXPECT_FALSE(found.attributes.contains("name"));
  // Setting one's own alias again, in another case, is fine.
  EXPECT_OK(store_->UpdateAttributes(ann.sub, {{"email", "ANN@example.com"}}, kNow));
}

TEST_F(UserStoreTest, DeleteUserCascadesToEverythingItOwns) {
  ASSERT_OK(store_->SyncGroups({"admins"}));
  ASSERT_OK_AND_ASSIGN(const UserRecord ann, Create("ann@example.com"));
  ASSERT_OK(store_->AddUserToGroup(ann.sub, "admins"));
  ASSERT_OK(store_->IssueCode(ann.sub, CodeKind::kSignUp, kNow, 24h));
  ASSERT_OK(store_->IssueRefreshToken(ann.sub, "client", "jti", kNow, 24h));
  ASSERT_OK(store_->SaveSrpSession(ann.sub, "{}", kNow, 5min));
  ASSERT_OK(store_->DeleteUser(ann.sub));
  for (const std::string table :
       {"auth_users", "auth_user_attributes", "auth_aliases", "auth_user_groups", "auth_codes",
        "auth_refresh_tokens", "auth_srp_sessions"}) {
    EXPECT_EQ(CountRows(table, ann.sub), 0) << table;
  }
  EXPECT_OK(Create("ann@example.com"));
}

// ---- Groups ----

TEST_F(UserStoreTest, GroupsOfUserAreOrderedByPrecedence) {
  ASSERT_OK(store_->SyncGroups({"admins", "editors", "readers"}));
  ASSERT_OK_AND_ASSIGN(const UserRecord ann, Create("ann@example.com"));
  ASSERT_OK(store_->AddUserToGroup(ann.sub, "readers"));
  ASSERT_OK(store_->AddUserToGroup(ann.sub, "admins"));
  ASSERT_OK(store_->AddUserToGroup(ann.sub, "admins"));  // Idempotent.
  EXPECT_THAT(store_->GroupsOfUser(ann.sub).value(), ElementsAre("admins", "readers"));
  ASSERT_OK(store_->SyncGroups({"readers", "admins"}));  // Precedence follows the new order.
  EXPECT_THAT(store_->GroupsOfUser(ann.sub).value(), ElementsAre("readers", "admins"));
  ASSERT_OK(store_->RemoveUserFromGroup(ann.sub, "readers"));
  EXPECT_THAT(store_->GroupsOfUser(ann.sub).value(), ElementsAre("admins"));
}

TEST_F(UserStoreTest, SyncGroupsRemovesDroppedGroupsWithTheirMemberships) {
  ASSERT_OK(store_->SyncGroups({"admins", "editors"}));
  ASSERT_OK_AND_ASSIGN(const UserRecord ann, Create("ann@example.com"));
  ASSERT_OK(store_->AddUserToGroup(ann.sub, "admins"));
  ASSERT_OK(store_->AddUserToGroup(ann.sub, "editors"));
  ASSERT_OK(store_->SyncGroups({"editors"}));
  EXPECT_THAT(store_->GroupsOfUser(ann.sub).value(), ElementsAre("editors"));
  EXPECT_THAT(store_->AddUserToGroup(ann.sub, "admins"), StatusIs(StatusCode::kNotFound));
  ASSERT_OK(store_->SyncGroups({}));
  EXPECT_THAT(store_->GroupsOfUser(ann.sub).value(), IsEmpty());
}

TEST_F(UserStoreTest, GroupOperationsReportUnknownGroupOrUser) {
  ASSERT_OK(store_->SyncGroups({"admins"}));
  ASSERT_OK_AND_ASSIGN(const UserRecord ann, Create("ann@example.com"));
  const Status status = store_->AddUserToGroup(ann.sub, "nope");
  EXPECT_THAT(status, StatusIs(StatusCode::kNotFound));
  EXPECT_EQ(status.message(), "ResourceNotFoundException: Group not found.");
  EXPECT_THAT(store_->RemoveUserFromGroup(ann.sub, "nope"), StatusIs(StatusCode::kNotFound));
  const std::string ghost = "00000000-0000-4000-8000-000000000000";
  EXPECT_THAT(store_->AddUserToGroup(ghost, "admins"), StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(store_->GroupsOfUser(ghost), StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(store_->SyncGroups({"a", "a"}), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(store_->SyncGroups({""}), StatusIs(StatusCode::kInvalidArgument));
}

// ---- ListUsers ----

TEST_F(UserStoreTest, ListUsersPaginatesOverEveryUserOnce) {
  std::set<std::string> created;
  for (int user_idx = 0; user_idx < 7; ++user_idx) {
    ASSERT_OK_AND_ASSIGN(const UserRecord user,
                         Create("user" + std::to_string(user_idx) + "@example.com"));
    created.insert(user.sub);
  }
  std::set<std::string> listed;
  ListUsersRequest request = Request(3);
  int pages = 0;
  while (true) {
    ASSERT_OK_AND_ASSIGN(const ListUsersPage page, store_->ListUsers(request));
    ++pages;
    EXPECT_LE(page.users.size(), 3u);
    for (const UserRecord& user : page.users) {
      EXPECT_TRUE(listed.insert(user.sub).second);
      EXPECT_TRUE(user.attributes.contains("email"));
    }
    if (!page.next_token) {
      break;
    }
    request.pagination_token = *page.next_token;
  }
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(listed, created);
}

TEST_F(UserStoreTest, ListUsersFiltersByExactValueAndPrefix) {
  ASSERT_OK_AND_ASSIGN(const UserRecord ann, Create("ann@example.com"));
  ASSERT_OK_AND_ASSIGN(const UserRecord anna, Create("anna@example.org", "anna"));
  ASSERT_OK(Create("bob@example.com"));
  ASSERT_OK(store_->UpdateStatus(anna.sub, UserStatus::kConfirmed, kNow));

  const auto subs = [&](const std::string& filter) {
    std::set<std::string> result;
    auto page = store_->ListUsers(Request(60, "", filter));
    EXPECT_OK(page);
    for (const UserRecord& user : page->users) {
      result.insert(user.sub);
    }
    return result;
  };
  EXPECT_EQ(subs("email = \"ann@example.com\""), std::set<std::string>{ann.sub});
  EXPECT_EQ(subs("email ^= \"ann\""), (std::set<std::string>{ann.sub, anna.sub}));
  EXPECT_EQ(subs("  username=\"anna\"  "), std::set<std::string>{anna.sub});
  EXPECT_EQ(subs("cognito:user_status = \"CONFIRMED\""), std::set<std::string>{anna.sub});
  EXPECT_EQ(subs("status = \"Enabled\"").size(), 3u);
  EXPECT_EQ(subs("sub = \"" + ann.sub + "\""), std::set<std::string>{ann.sub});
  EXPECT_EQ(subs("email ^= \"\"").size(), 3u);
  EXPECT_THAT(subs("email = \"nobody\""), IsEmpty());
}

TEST_F(UserStoreTest, ListUsersRejectsBadLimitTokenAndFilter) {
  EXPECT_THAT(store_->ListUsers(Request(0)), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(store_->ListUsers(Request(61)), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(store_->ListUsers(Request(10, "'; DROP TABLE auth_users")),
              StatusIs(StatusCode::kInvalidArgument));
  for (const std::string filter :
       {"email", "email = ann", "email = \"ann", "email ~ \"a\"", "= \"a\"", "email = \"a\" extra",
        "custom:x = \"a\"", "status ^= \"En\""}) {
    EXPECT_THAT(store_->ListUsers(Request(10, "", filter)), StatusIs(StatusCode::kInvalidArgument))
        << filter;
  }
}

// ---- Codes ----

TEST_F(UserStoreTest, IssuedCodeIsSixDigitsAndWorksOnce) {
  ASSERT_OK_AND_ASSIGN(const UserRecord ann, Create("ann@example.com"));
  ASSERT_OK_AND_ASSIGN(const std::string code,
                       store_->IssueCode(ann.sub, CodeKind::kSignUp, kNow, 24h));
  EXPECT_THAT(code, MatchesRegex("[0-9]{6}"));
  ASSERT_OK_AND_ASSIGN(auto stored,
                       db_->QueryOne("SELECT code_hash FROM auth_codes WHERE sub = ?", {ann.sub}));
  EXPECT_NE(stored->Get<std::string>(0).value(), code);  // Hashed at rest.
  // Codes are per kind.
  EXPECT_THAT(store_->ConsumeCode(ann.sub, CodeKind::kForgotPassword, code, kNow),
              StatusIs(StatusCode::kFailedPrecondition));
  EXPECT_OK(store_->ConsumeCode(ann.sub, CodeKind::kSignUp, code, kNow + 1h));
  EXPECT_THAT(store_->ConsumeCode(ann.sub, CodeKind::kSignUp, code, kNow + 1h),
              StatusIs(StatusCode::kFailedPrecondition));
}

TEST_F(UserStoreTest, ExpiredCodeIsRejected) {
  ASSERT_OK_AND_ASSIGN(const UserRecord ann, Create("ann@example.com"));
  ASSERT_OK_AND_ASSIGN(const std::string code,
                       store_->IssueCode(ann.sub, CodeKind::kForgotPassword, kNow, 1h));
  const Status status = store_->ConsumeCode(ann.sub, CodeKind::kForgotPassword, code, kNow + 1h);
  EXPECT_THAT(status, StatusIs(StatusCode::kFailedPrecondition));
  EXPECT_EQ(CognitoExceptionName(status), kExpiredCodeException);
}

TEST_F(UserStoreTest, NewCodeReplacesTheOldOne) {
  ASSERT_OK_AND_ASSIGN(const UserRecord ann, Create("ann@example.com"));
  std::string old_code;
  std::string new_code;
  // Codes are random: draw until they differ (almost always at once).
  do {
    ASSERT_OK_AND_ASSIGN(old_code, store_->IssueCode(ann.sub, CodeKind::kAttribute, kNow, 1h));
    ASSERT_OK_AND_ASSIGN(new_code, store_->IssueCode(ann.sub, CodeKind::kAttribute, kNow, 1h));
  } while (old_code == new_code);
  EXPECT_THAT(store_->ConsumeCode(ann.sub, CodeKind::kAttribute, old_code, kNow),
              StatusIs(StatusCode::kInvalidArgument));
  EXPECT_OK(store_->ConsumeCode(ann.sub, CodeKind::kAttribute, new_code, kNow));
}

TEST_F(UserStoreTest, CodeIsBurntAfterFiveMismatches) {
  ASSERT_OK_AND_ASSIGN(const UserRecord ann, Create("ann@example.com"));
  ASSERT_OK_AND_ASSIGN(const std::string code,
                       store_->IssueCode(ann.sub, CodeKind::kSignUp, kNow, 24h));
  const std::string wrong = code == "000000" ? "000001" : "000000";
  for (int attempt = 0; attempt < UserStore::kMaxCodeAttempts; ++attempt) {
    const Status status = store_->ConsumeCode(ann.sub, CodeKind::kSignUp, wrong, kNow);
    EXPECT_THAT(status, StatusIs(StatusCode::kInvalidArgument));
    EXPECT_EQ(CognitoExceptionName(status), kCodeMismatchException);
  }
  EXPECT_THAT(store_->ConsumeCode(ann.sub, CodeKind::kSignUp, code, kNow),
              StatusIs(StatusCode::kFailedPrecondition));
}

TEST_F(UserStoreTest, IssueCodeForUnknownUserIsNotFound) {
  EXPECT_THAT(
      store_->IssueCode("00000000-0000-4000-8000-000000000000", CodeKind::kSignUp, kNow, 1h),
      StatusIs(StatusCode::kNotFound));
}

// ---- Refresh tokens ----

TEST_F(UserStoreTest, RefreshTokenIsFoundUntilItExpires) {
  ASSERT_OK_AND_ASSIGN(const UserRecord ann, Create("ann@example.com"));
  ASSERT_OK_AND_ASSIGN(const std::string token,
                       store_->IssueRefreshToken(ann.sub, "client", "jti-1", kNow, 30 * 24h));
  EXPECT_THAT(token, MatchesRegex("[A-Za-z0-9]{64}"));
  ASSERT_OK_AND_ASSIGN(const RefreshTokenRecord record,
                       store_->FindRefreshToken(token, kNow + 24h));
  EXPECT_EQ(record.sub, ann.sub);
  EXPECT_EQ(record.client_id, "client");
  EXPECT_EQ(record.origin_jti, "jti-1");
  EXPECT_EQ(record.issued_at, kNow);
  EXPECT_EQ(record.expires_at, kNow + 30 * 24h);
  EXPECT_THAT(store_->FindRefreshToken(token, kNow + 30 * 24h),
              StatusIs(StatusCode::kUnauthenticated));
  EXPECT_THAT(store_->FindRefreshToken("unknown", kNow), StatusIs(StatusCode::kUnauthenticated));
  ASSERT_OK_AND_ASSIGN(auto stored, db_->QueryOne("SELECT token_hash FROM auth_refresh_tokens"));
  EXPECT_NE(stored->Get<std::string>(0).value(), token);
}

TEST_F(UserStoreTest, RevokedRefreshTokensAreRejected) {
  ASSERT_OK_AND_ASSIGN(const UserRecord ann, Create("ann@example.com"));
  ASSERT_OK_AND_ASSIGN(const UserRecord bob, Create("bob@example.com"));
  ASSERT_OK_AND_ASSIGN(const std::string first,
                       store_->IssueRefreshToken(ann.sub, "client", "j1", kNow, 24h));
  ASSERT_OK_AND_ASSIGN(const std::string second,
                       store_->IssueRefreshToken(ann.sub, "client", "j2", kNow, 24h));
  ASSERT_OK_AND_ASSIGN(const std::string third,
                       store_->IssueRefreshToken(ann.sub, "client", "j3", kNow, 24h));
  ASSERT_OK_AND_ASSIGN(const std::string bobs,
                       store_->IssueRefreshToken(bob.sub, "client", "j4", kNow, 24h));
  ASSERT_OK(store_->RevokeRefreshToken(first, kNow));
  ASSERT_OK(store_->RevokeRefreshToken(first, kNow + 1s));  // Idempotent.
  EXPECT_THAT(store_->RevokeRefreshToken("unknown", kNow), StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(store_->FindRefreshToken(first, kNow), StatusIs(StatusCode::kUnauthenticated));
  EXPECT_OK(store_->FindRefreshToken(second, kNow));
  ASSERT_OK(store_->RevokeAllRefreshTokens(ann.sub, kNow));
  EXPECT_THAT(store_->FindRefreshToken(second, kNow), StatusIs(StatusCode::kUnauthenticated));
  EXPECT_THAT(store_->FindRefreshToken(third, kNow), StatusIs(StatusCode::kUnauthenticated));
  EXPECT_OK(store_->FindRefreshToken(bobs, kNow));
}

// ---- SRP sessions ----

TEST_F(UserStoreTest, SrpSessionCanBeTakenOnlyOnce) {
  ASSERT_OK_AND_ASSIGN(const UserRecord ann, Create("ann@example.com"));
  ASSERT_OK_AND_ASSIGN(const std::string id,
                       store_->SaveSrpSession(ann.sub, "{\"b\":\"00\"}", kNow, 5min));
  ASSERT_OK_AND_ASSIGN(const SrpSessionRecord session, store_->TakeSrpSession(id, kNow + 1min));
  EXPECT_EQ(session.sub, ann.sub);
  EXPECT_EQ(session.state, "{\"b\":\"00\"}");
  EXPECT_EQ(session.expires_at, kNow + 5min);
  EXPECT_THAT(store_->TakeSrpSession(id, kNow + 1min), StatusIs(StatusCode::kUnauthenticated));
  EXPECT_THAT(store_->TakeSrpSession("unknown", kNow), StatusIs(StatusCode::kUnauthenticated));
}

TEST_F(UserStoreTest, ExpiredSrpSessionIsRejectedAndDeleted) {
  ASSERT_OK_AND_ASSIGN(const UserRecord ann, Create("ann@example.com"));
  ASSERT_OK_AND_ASSIGN(const std::string id, store_->SaveSrpSession(ann.sub, "{}", kNow, 5min));
  EXPECT_THAT(store_->TakeSrpSession(id, kNow + 5min), StatusIs(StatusCode::kUnauthenticated));
  EXPECT_EQ(CountRows("auth_srp_sessions", ann.sub), 0);
  EXPECT_THAT(store_->SaveSrpSession("00000000-0000-4000-8000-000000000000", "{}", kNow, 5min),
              StatusIs(StatusCode::kNotFound));
}

TEST_F(UserStoreTest, PurgeExpiredDeletesOnlyExpiredRows) {
  ASSERT_OK_AND_ASSIGN(const UserRecord ann, Create("ann@example.com"));
  ASSERT_OK(store_->SaveSrpSession(ann.sub, "{}", kNow, 5min));
  ASSERT_OK(store_->IssueCode(ann.sub, CodeKind::kSignUp, kNow, 1h));
  ASSERT_OK_AND_ASSIGN(const std::string token,
                       store_->IssueRefreshToken(ann.sub, "client", "j", kNow, 24h));
  ASSERT_OK_AND_ASSIGN(const int64_t purged, store_->PurgeExpired(kNow + 2h));
  EXPECT_EQ(purged, 2);
  EXPECT_OK(store_->FindRefreshToken(token, kNow + 2h));
}

// ---- API keys ----

TEST_F(UserStoreTest, EnsureApiKeyReusesTheValidKeyAndReplacesAnExpiredOne) {
  ASSERT_OK_AND_ASSIGN(const ApiKeyRecord first, store_->EnsureApiKey(7, kNow));
  EXPECT_THAT(first.key, MatchesRegex("da2-[a-z0-9]{26}"));
  EXPECT_EQ(first.expires_at, kNow + std::chrono::days(7));
  ASSERT_OK_AND_ASSIGN(const ApiKeyRecord again, store_->EnsureApiKey(7, kNow + 24h));
  EXPECT_EQ(again.key, first.key);
  ASSERT_OK_AND_ASSIGN(const ApiKeyRecord later,
                       store_->EnsureApiKey(7, kNow + std::chrono::days(7)));
  EXPECT_NE(later.key, first.key);
  EXPECT_THAT(store_->EnsureApiKey(0, kNow), StatusIs(StatusCode::kInvalidArgument));
}

TEST_F(UserStoreTest, FindApiKeyReturnsOnlyUnexpiredKeys) {
  ASSERT_OK_AND_ASSIGN(const ApiKeyRecord key, store_->EnsureApiKey(1, kNow));
  ASSERT_OK_AND_ASSIGN(std::optional<ApiKeyRecord> found, store_->FindApiKey(key.key, kNow));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, key.id);
  ASSERT_OK_AND_ASSIGN(found, store_->FindApiKey(key.key, kNow + 24h));
  EXPECT_FALSE(found.has_value());
  ASSERT_OK_AND_ASSIGN(found, store_->FindApiKey("da2-unknown", kNow));
  EXPECT_FALSE(found.has_value());
}

TEST(CognitoExceptionNameTest, ReadsOnlyAnExceptionPrefix) {
  EXPECT_EQ(CognitoExceptionName(Status::InvalidArgument("CodeMismatchException: x")),
            "CodeMismatchException");
  EXPECT_EQ(CognitoExceptionName(Status::Internal("disk: broken")), "");
  EXPECT_EQ(CognitoExceptionName(Status::Ok()), "");
}

}  // namespace
}  // namespace gloss::auth

#include "data/model/authorizer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "data/model/extract.h"
#include "test/support/status_matchers.h"

namespace gloss::data {
namespace {

using auth::Principal;
using auth::PrincipalKind;
using ::testing::ElementsAre;

Principal User(std::string sub, std::vector<std::string> groups = {}) {
  Principal principal;
  principal.kind = PrincipalKind::kUser;
  principal.username = sub;  // Email sign-in: the username is the sub.
  principal.sub = std::move(sub);
  principal.groups = std::move(groups);
  return principal;
}

Principal Kind(PrincipalKind kind) {
  Principal principal;
  principal.kind = kind;
  return principal;
}

DataModel Model(const std::string& rules, const std::string& extra_fields = "") {
  Result<DataModel> model = ExtractDataModel("type Post @model @auth(rules: [" + rules +
                                             "]) { title: String " + extra_fields + " }");
  EXPECT_OK(model);
  return model.ok() ? *std::move(model) : DataModel{};
}

// One row of the matrix: a rule set, a principal, an operation, the outcome.
struct Case {
  const char* rules;
  Principal principal;
  std::string_view operation;
  enum { kDenied, kConditional, kUnconditional } outcome;
};

class DataAuthorizerMatrixTest : public ::testing::TestWithParam<Case> {};

TEST_P(DataAuthorizerMatrixTest, DecidesLikeAppSync) {
  const Case& c = GetParam();
  const DataModel model = Model(c.rules);
  const ModelSpec& post = model.models.at(0);
  const AccessDecision decision = Authorize(post, post.auth, c.principal, c.operation);
  switch (c.outcome) {
    case Case::kDenied: EXPECT_FALSE(decision.allowed); break;
    case Case::kConditional:
      EXPECT_TRUE(decision.allowed);
      EXPECT_FALSE(decision.unconditional);
      EXPECT_FALSE(decision.conditions.empty());
      break;
    case Case::kUnconditional:
      EXPECT_TRUE(decision.allowed);
      EXPECT_TRUE(decision.unconditional);
      break;
  }
}

const Principal kAda = User("ada", {"EDITORS"});
const Principal kBob = User("bob");
const Principal kApiKey = Kind(PrincipalKind::kApiKey);
const Principal kGuest = Kind(PrincipalKind::kGuest);
const Principal kAdmin = Kind(PrincipalKind::kAdmin);
const Principal kFunction = Kind(PrincipalKind::kFunction);

INSTANTIATE_TEST_SUITE_P(
    Rules, DataAuthorizerMatrixTest,
    ::testing::Values(
        // owner: every operation, tied to the item.
        Case{"{allow: owner}", kAda, kCreate, Case::kConditional},
        Case{"{allow: owner}", kAda, kGet, Case::kConditional},
        Case{"{allow: owner}", kAda, kList, Case::kConditional},
        Case{"{allow: owner}", kAda, kUpdate, Case::kConditional},
        Case{"{allow: owner}", kAda, kDelete, Case::kConditional},
        Case{"{allow: owner}", kAda, kListen, Case::kConditional},
        Case{"{allow: owner}", kApiKey, kGet, Case::kDenied},
        Case{"{allow: owner}", kGuest, kList, Case::kDenied},
        Case{"{allow: owner, operations: [create, read]}", kAda, kUpdate, Case::kDenied},
        Case{"{allow: owner, operations: [create, read]}", kAda, kListen, Case::kConditional},
        // private: any signed-in user.
        Case{"{allow: private}", kBob, kDelete, Case::kUnconditional},
        Case{"{allow: private, operations: [read]}", kBob, kList, Case::kUnconditional},
        Case{"{allow: private, operations: [read]}", kBob, kCreate, Case::kDenied},
        Case{"{allow: private}", kApiKey, kGet, Case::kDenied},
        // static groups.
        Case{"{allow: groups, groups: [\"EDITORS\"]}", kAda, kUpdate, Case::kUnconditional},
        Case{"{allow: groups, groups: [\"EDITORS\"]}", kBob, kGet, Case::kDenied},
        Case{"{allow: groups, groups: [\"ADMINS\", \"EDITORS\"], operations: [get]}", kAda, kList,
             Case::kDenied},
        // public (API key) and public iam (the unauthenticated role).
        Case{"{allow: public}", kApiKey, kCreate, Case::kUnconditional},
        Case{"{allow: public}", kAda, kGet, Case::kDenied},
        Case{"{allow: public}", kGuest, kGet, Case::kDenied},
        Case{"{allow: public, provider: iam, operations: [read]}", kGuest, kList,
             Case::kUnconditional},
        Case{"{allow: public, provider: iam, operations: [read]}", kGuest, kCreate, Case::kDenied},
        // admin always; a function only with an IAM grant (none here).
        Case{"{allow: owner}", kAdmin, kDelete, Case::kUnconditional},
        Case{"{allow: private}", kFunction, kGet, Case::kDenied},
        // Any rule suffices; an unconditional one wins over item conditions.
        Case{"{allow: owner}, {allow: private, operations: [read]}", kBob, kGet,
             Case::kUnconditional},
        Case{"{allow: owner}, {allow: private, operations: [read]}", kBob, kUpdate,
             Case::kConditional},
        Case{"{allow: owner}, {allow: groups, groups: [\"EDITORS\"]}", kAda, kDelete,
             Case::kUnconditional}));

TEST(DataAuthorizerTest, OwnerItemsMatchSubUsernameOrEitherPart) {
  const DataModel model = Model("{allow: owner}");
  const ModelSpec& post = model.models[0];
  const Principal ann = [] {
    Principal principal = User("0f5c");
    principal.username = "ann";
    return principal;
  }();
  const AccessDecision decision = Authorize(post, post.auth, ann, kGet);
  EXPECT_TRUE(ItemAllowed(decision, {{"owner", "0f5c::ann"}}));
  EXPECT_TRUE(ItemAllowed(decision, {{"owner", "0f5c"}}));
  EXPECT_TRUE(ItemAllowed(decision, {{"owner", "ann"}}));
  EXPECT_FALSE(ItemAllowed(decision, {{"owner", "bob::bob"}}));
  EXPECT_FALSE(ItemAllowed(decision, {{"title", "no owner"}}));
  EXPECT_EQ(ListFilter(decision),
            nlohmann::json::parse(R"({"or":[{"owner":{"eq":"0f5c::ann"}},{"owner":{"eq":"0f5c"}},
                                              {"owner":{"eq":"ann"}}]})"));
  const AccessDecision create = Authorize(post, post.auth, ann, kCreate);
  EXPECT_EQ(create.owner_defaults, nlohmann::json({{"owner", "0f5c::ann"}}));
}

TEST(DataAuthorizerTest, CustomOwnerFieldListsAndClaims) {
  const DataModel model =
      Model("{allow: owner, ownerField: \"editors\", identityClaim: \"sub\"}", "editors: [String]");
  const ModelSpec& post = model.models[0];
  const AccessDecision decision = Authorize(post, post.auth, kAda, kUpdate);
  ASSERT_EQ(decision.conditions.size(), 1u);
  EXPECT_TRUE(decision.conditions[0].list_field);
  EXPECT_THAT(decision.conditions[0].values, ElementsAre("ada"));
  EXPECT_TRUE(ItemAllowed(decision, {{"editors", {"bob", "ada"}}}));
  EXPECT_FALSE(ItemAllowed(decision, {{"editors", {"bob"}}}));
  EXPECT_EQ(ListFilter(decision),
            nlohmann::json::parse(R"({"or":[{"editors":{"contains":"ada"}}]})"));
  EXPECT_EQ(Authorize(post, post.auth, kAda, kCreate).owner_defaults,
            nlohmann::json::parse(R"({"editors":["ada"]})"));
}

TEST(DataAuthorizerTest, DynamicGroupsFieldMatchesTheCallersGroups) {
  const DataModel model = Model("{allow: groups, groupsField: \"team\"}", "team: String");
  const ModelSpec& post = model.models[0];
  const AccessDecision decision = Authorize(post, post.auth, kAda, kGet);
  EXPECT_TRUE(ItemAllowed(decision, {{"team", "EDITORS"}}));
  EXPECT_FALSE(ItemAllowed(decision, {{"team", "ADMINS"}}));
  EXPECT_FALSE(Authorize(post, post.auth, kBob, kGet).allowed);  // Bob is in no group.
}

TEST(DataAuthorizerTest, FunctionsFollowTheirIamGrant) {
  const DataModel model = Model("{allow: owner}");
  const ModelSpec& post = model.models[0];
  EXPECT_FALSE(Authorize(post, post.auth, kFunction, kGet, IamGrant{false}).allowed);
  EXPECT_TRUE(Authorize(post, post.auth, kFunction, kGet, IamGrant{true}).unconditional);
}

}  // namespace
}  // namespace gloss::data

#include "data/model/model_introspection.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "data/model/extract.h"
#include "test/support/status_matchers.h"

namespace gloss::data {
namespace {

using nlohmann::json;

std::string ReadTestdata(const std::string& name) {
  std::ifstream file(std::string(GLOSS_SOURCE_DIR) + "/src/data/testdata/transformer/" + name);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

// <name>.introspection.json is what Amplify's generator makes of <name>.graphql
// (tests/oracle/introspect.mjs). Compared as JSON values: object key order
// does not matter, array order does.
class ModelIntrospectionTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ModelIntrospectionTest, EqualsAmplifysModelIntrospection) {
  ASSERT_OK_AND_ASSIGN(const DataModel model,
                       ExtractDataModel(ReadTestdata(GetParam() + ".graphql")));
  const std::string expected_text = ReadTestdata(GetParam() + ".introspection.json");
  ASSERT_FALSE(expected_text.empty());
  const json expected = json::parse(expected_text);
  const json generated = ModelIntrospection(model);
  const json patch = json::diff(expected, generated);
  EXPECT_TRUE(patch.empty()) << "JSON patch from the expected to the generated document:\n"
                             << patch.dump(2);
}

INSTANTIATE_TEST_SUITE_P(Oracle, ModelIntrospectionTest,
                         ::testing::Values("todo-owner", "reference", "primary-key",
                                           "secondary-indexes", "relationships",
                                           "scalars-enums-defaults", "auth-rules",
                                           "custom-operations"),
                         [](const auto& param_info) {
                           std::string name = param_info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

// Not in the oracle inputs: the generator adds a "gsi-<Model>.<field>" key when
// the first back-reference of a @hasMany is not its @belongsTo. Expected value
// from introspect.mjs on this SDL.
TEST(ModelIntrospectionKeysTest, SelfReferencingHasManyGetsImplicitKey) {
  ASSERT_OK_AND_ASSIGN(const DataModel model, ExtractDataModel(R"(
    type Node @model @auth(rules: [{allow: private}]) {
      parentId: ID
      children: [Node] @hasMany(references: ["parentId"])
      parent: Node @belongsTo(references: ["parentId"])
    })"));
  const json expected = json::parse(R"([
    {"type": "model", "properties": {}},
    {"type": "key", "properties": {"name": "gsi-Node.children", "fields": ["parentId"]}},
    {"type": "auth", "properties": {"rules": [
      {"allow": "private", "operations": ["create", "update", "delete", "read"]}]}}])");
  EXPECT_EQ(ModelIntrospection(model)["models"]["Node"]["attributes"], expected);
}

}  // namespace
}  // namespace gloss::data

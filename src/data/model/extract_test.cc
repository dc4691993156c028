#include "data/model/extract.h"

#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test/support/status_matchers.h"

namespace gloss::data {
namespace {

using ::gloss::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string ReadReferenceSchema() {
  std::ifstream file(std::string(GLOSS_SOURCE_DIR) +
                     "/src/data/graphql/testdata/reference-schema.graphql");
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

std::vector<std::string> FieldNames(const ModelSpec& model) {
  std::vector<std::string> names;
  for (const FieldSpec& field : model.fields) {
    names.push_back(field.name);
  }
  return names;
}

TEST(DataExtractTest, ReadsTheReferenceSchema) {
  ASSERT_OK_AND_ASSIGN(const DataModel model, ExtractDataModel(ReadReferenceSchema()));
  ASSERT_EQ(model.models.size(), 4u);
  EXPECT_EQ(model.enums.size(), 4u);
  const ModelSpec* image = model.FindModel("Image");
  ASSERT_NE(image, nullptr);
  EXPECT_EQ(image->plural, "Images");
  EXPECT_EQ(image->primary_key.partition_key, "id");
  // Declared fields in order, then what the transformer adds (createdAt is declared).
  EXPECT_THAT(
      FieldNames(*image),
      ElementsAre("id", "projectId", "project", "originalKey", "compressedKey", "thumbnailKey",
                  "status", "width", "height", "bytes", "contentType", "takenAt", "metadata",
                  "error", "createdAt", "annotations", "updatedAt", "owner"));
  const FieldSpec* status = image->FindField("status");
  EXPECT_EQ(status->kind, FieldKind::kEnum);
  EXPECT_TRUE(status->required);
  EXPECT_EQ(status->default_value, nlohmann::json("UPLOADED"));
  const FieldSpec* project = image->FindField("project");
  EXPECT_EQ(project->kind, FieldKind::kModel);
  EXPECT_EQ(project->relation, RelationKind::kBelongsTo);
  EXPECT_THAT(project->references, ElementsAre("projectId"));
  EXPECT_EQ(image->FindField("annotations")->relation, RelationKind::kHasMany);
  EXPECT_TRUE(image->FindField("owner")->generated);
  EXPECT_TRUE(image->FindField("updatedAt")->read_only);
  EXPECT_FALSE(image->FindField("createdAt")->generated);

  ASSERT_EQ(image->indexes.size(), 2u);
  EXPECT_EQ(image->indexes[0].name, "byProject");
  EXPECT_EQ(image->indexes[0].partition_key, "projectId");
  EXPECT_THAT(image->indexes[0].sort_keys, ElementsAre("createdAt"));
  EXPECT_EQ(image->indexes[0].query_field, "imagesByProject");

  ASSERT_EQ(image->auth.size(), 3u);
  EXPECT_EQ(image->auth[0].strategy, AuthRule::Strategy::kOwner);
  EXPECT_EQ(image->auth[0].identity_claim, "sub::username");
  EXPECT_EQ(image->auth[1].strategy, AuthRule::Strategy::kPrivate);
  EXPECT_THAT(image->auth[1].operations, ElementsAre("read"));
  EXPECT_THAT(image->auth[2].groups, ElementsAre("ADMINS"));

  ASSERT_EQ(model.custom_operations.size(), 1u);
  const CustomOperation& generate = model.custom_operations[0];
  EXPECT_EQ(generate.kind, CustomOperation::Kind::kMutation);
  EXPECT_EQ(generate.name, "generateAnnotation");
  EXPECT_EQ(generate.arguments_sdl, "(imageId: ID!, provider: String, prompt: String)");
  EXPECT_EQ(generate.return_type, "AWSJSON");
  EXPECT_EQ(generate.function_name, "generate-annotation");
}

TEST(DataExtractTest, CustomPrimaryKeyAndAutoIndexNames) {
  ASSERT_OK_AND_ASSIGN(const DataModel model, ExtractDataModel(R"(
    type Reading @model @auth(rules: [{allow: public}]) {
      deviceId: ID! @primaryKey(sortKeyFields: ["at"])
      at: AWSDateTime!
      value: Float @default(value: "1.5")
      kind: String @index(sortKeyFields: ["value"])
      hidden: Boolean @index(name: "byHidden", queryField: null)
    })"));
  const ModelSpec& reading = model.models[0];
  EXPECT_THAT(reading.KeyFields(), ElementsAre("deviceId", "at"));
  EXPECT_EQ(reading.FindField("id"), nullptr);  // A custom key replaces id.
  EXPECT_EQ(reading.FindField("value")->default_value, nlohmann::json(1.5));
  EXPECT_EQ(reading.indexes[0].name, "readingsByKindAndValue");
  EXPECT_EQ(reading.indexes[0].query_field, "readingsByKindAndValue");
  EXPECT_FALSE(reading.indexes[1].query_field.has_value());
  EXPECT_EQ(reading.auth[0].provider, AuthRule::Provider::kApiKey);
  EXPECT_EQ(reading.FindField("owner"), nullptr);
}

TEST(DataExtractTest, ReportsEveryProblemWithItsPosition) {
  const Status status = ExtractDataModel(R"(
type Post @model @searchable {
  title: Strin
  comments: [Comment] @hasMany(references: ["postId"])
  rank: Int @default(value: "high")
}
type Comment @model {
  body: String
}
type Mutation {
  publish(id: ID!): Post
}
)")
                            .status();
  EXPECT_THAT(status, StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(status.message(), HasSubstr("2:18: unsupported directive @searchable on model Post"));
  EXPECT_THAT(status.message(), HasSubstr("3:10: Unknown type \"Strin\" of field title"));
  EXPECT_THAT(status.message(), HasSubstr("5:22: @default value is not an Int: high"));
  EXPECT_THAT(status.message(),
              HasSubstr("Post.comments: reference field postId does not exist on Comment"));
  EXPECT_THAT(status.message(), HasSubstr("custom operation publish needs a handler"));
}

TEST(DataExtractTest, RejectsBadAuthRulesAndRelationshipShapes) {
  const Status status = ExtractDataModel(R"(
type A @model @auth(rules: [{allow: everyone}, {allow: groups}, {allow: owner, operations: [peek]}]) {
  b: B @hasMany(references: ["aId"])
}
type B @model {
  aId: ID
}
)")
                            .status();
  EXPECT_THAT(status.message(), HasSubstr("needs allow: owner, groups, private, public or custom"));
  EXPECT_THAT(status.message(), HasSubstr("a groups rule needs groups"));
  EXPECT_THAT(status.message(), HasSubstr("unknown @auth operation peek"));
  EXPECT_THAT(status.message(), HasSubstr("@hasMany must be on a list field"));
}

TEST(DataExtractTest, SyntaxErrorsComeFromTheParser) {
  EXPECT_THAT(ExtractDataModel("type {").status().message(), HasSubstr("Syntax Error"));
}

}  // namespace
}  // namespace gloss::data

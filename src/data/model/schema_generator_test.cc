#include "data/model/schema_generator.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "data/graphql/ast.h"
#include "data/graphql/parser.h"
#include "data/graphql/print.h"
#include "data/model/extract.h"
#include "test/support/status_matchers.h"

namespace gloss::data {
namespace {

std::string ReadTestdata(const std::string& name) {
  std::ifstream file(std::string(GLOSS_SOURCE_DIR) + "/src/data/testdata/transformer/" + name);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

// Orders names as graphql-js 15's lexicographicSortSchema does: by UTF-16
// code units, which for GraphQL names is byte order.
bool NameLess(std::string_view a, std::string_view b) { return a < b; }

template <typename T>
std::vector<const T*> Sorted(const std::vector<T>& items) {
  std::vector<const T*> sorted;
  for (const T& item : items) {
    sorted.push_back(&item);
  }
  std::sort(sorted.begin(), sorted.end(),
            [](const T* a, const T* b) { return NameLess(a->name, b->name); });
  return sorted;
}

std::string Directives(const std::vector<graphql::Directive>& directives) {
  std::string out;
  for (const graphql::Directive* directive : Sorted(directives)) {
    out += " @" + std::string(directive->name);
    if (!directive->arguments.empty()) {
      out += "(";
      for (size_t i = 0; i < directive->arguments.size(); ++i) {
        out += (i == 0 ? "" : ", ") + std::string(directive->arguments[i].name) + ": " +
               graphql::PrintValue(directive->arguments[i].value);
      }
      out += ")";
    }
  }
  return out;
}

std::string InputValue(const graphql::InputValueDefinition& value) {
  std::string out = std::string(value.name) + ": " + graphql::PrintType(value.type);
  if (value.default_value) {
    out += " = " + graphql::PrintValue(*value.default_value);
  }
  return out;
}

// The normalised form the oracle prints (tests/oracle/README.md): graphql-js
// printSchema(lexicographicSortSchema(...)) with directive usages put back,
// sorted by name; no scalar or directive declarations.
std::string Normalise(const graphql::Document& document) {
  std::vector<const graphql::TypeDefinition*> types;
  for (const graphql::Definition& definition : document.definitions()) {
    const auto* type = std::get_if<graphql::TypeDefinition>(&definition.node);
    if (type != nullptr && type->kind != graphql::TypeKind::kScalar) {
      types.push_back(type);
    }
  }
  std::sort(types.begin(), types.end(),
            [](const auto* a, const auto* b) { return NameLess(a->name, b->name); });
  std::string out;
  for (const graphql::TypeDefinition* type : types) {
    out += std::string(graphql::TypeKindKeyword(type->kind)) + " " + std::string(type->name) +
           Directives(type->directives) + " {\n";
    if (type->kind == graphql::TypeKind::kEnum) {
      for (const auto* value : Sorted(type->enum_values)) {
        out += "  " + std::string(value->name) + "\n";
      }
    } else if (type->kind == graphql::TypeKind::kInputObject) {
      for (const auto* field : Sorted(type->input_fields)) {
        out += "  " + InputValue(*field) + "\n";
      }
    } else {
      for (const auto* field : Sorted(type->fields)) {
        out += "  " + std::string(field->name);
        if (!field->arguments.empty()) {
          out += "(";
          const auto arguments = Sorted(field->arguments);
          for (size_t i = 0; i < arguments.size(); ++i) {
            out += (i == 0 ? "" : ", ") + InputValue(*arguments[i]);
          }
          out += ")";
        }
        out += ": " + graphql::PrintType(field->type) + Directives(field->directives) + "\n";
      }
    }
    out += "}\n\n";
  }
  return out;
}

std::string TrimEnd(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0) {
    text.pop_back();
  }
  return text;
}

class DataSchemaGeneratorTest : public ::testing::TestWithParam<std::string> {};

TEST_P(DataSchemaGeneratorTest, EqualsTheAmplifyTransformersSchema) {
  ASSERT_OK_AND_ASSIGN(const DataModel model,
                       ExtractDataModel(ReadTestdata(GetParam() + ".graphql")));
  const std::string generated = GenerateSchema(model, GeneratorOptions{false});
  ASSERT_OK_AND_ASSIGN(const graphql::Document document, graphql::ParseSchema(generated));
  const std::string expected = ReadTestdata(GetParam() + ".expected.graphql");
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(TrimEnd(Normalise(document)), TrimEnd(expected));
}

INSTANTIATE_TEST_SUITE_P(Oracle, DataSchemaGeneratorTest,
                         ::testing::Values("todo-owner", "reference", "primary-key",
                                           "secondary-indexes", "relationships",
                                           "scalars-enums-defaults", "auth-rules",
                                           "custom-operations"),
                         [](const auto& param_info) {
                           std::string name = param_info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(DataSchemaGeneratorBuiltinsTest, DeclaresAppSyncScalarsAndDirectivesWhenAsked) {
  ASSERT_OK_AND_ASSIGN(const DataModel model, ExtractDataModel("type T @model { x: AWSJSON }"));
  const std::string generated = GenerateSchema(model);
  EXPECT_THAT(generated, ::testing::HasSubstr("scalar AWSJSON\n"));
  EXPECT_THAT(generated, ::testing::HasSubstr("directive @aws_subscribe(mutations: [String])"));
  EXPECT_OK(graphql::ParseSchema(generated));
}

}  // namespace
}  // namespace gloss::data

#include "data/graphql/print.h"

#include <string>
#include <string_view>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "data/graphql/ast.h"
#include "data/graphql/parser.h"
#include "test/support/status_matchers.h"

namespace gloss::graphql {
namespace {

std::string PrintParsed(std::string_view source, DocumentKind kind) {
  auto document = Parse(std::string(source), kind);
  EXPECT_TRUE(document.ok()) << document.status().ToString() << "\n" << source;
  return document.ok() ? Print(*document) : "";
}

// parse -> print -> parse -> print is stable; returns the first print.
std::string ExpectStableRoundTrip(std::string_view source, DocumentKind kind) {
  const std::string printed = PrintParsed(source, kind);
  EXPECT_EQ(PrintParsed(printed, kind), printed);
  return printed;
}

TEST(GraphqlPrintTest, ExecutableDocumentIsCanonical) {
  constexpr std::string_view kSource =
      "query Q($a: [Int!]! = [1, 2], $b: In = {x: \"y\\n\"} @v) @d(x: 1) {"
      "  f1: f(a: $a, o: {x: \"y\", z: [ENUM, null, true, 1.5e3]}) @include(if: $b) { g ...F }"
      "  ... on T @skip(if: false) { h } ... @x { i } }"
      "fragment F on T { j }"
      "{ shorthand }"
      "mutation ($id: ID!) { m(id: $id) }";
  EXPECT_EQ(ExpectStableRoundTrip(kSource, DocumentKind::kExecutable),
            R"(query Q($a: [Int!]! = [1, 2], $b: In = {x: "y\n"} @v) @d(x: 1) {
  f1: f(a: $a, o: {x: "y", z: [ENUM, null, true, 1.5e3]}) @include(if: $b) {
    g
    ...F
  }
  ... on T @skip(if: false) {
    h
  }
  ... @x {
    i
  }
}

fragment F on T {
  j
}

{
  shorthand
}

mutation ($id: ID!) {
  m(id: $id)
})");
}

TEST(GraphqlPrintTest, SchemaDocumentIsCanonical) {
  constexpr std::string_view kSource = R"(
"""
Root
  indented
"""
schema { query: Q mutation: M }
"one line" scalar Date
type User implements A & B @model @auth(rules: [{allow: owner}, {allow: groups, groups: ["ADMINS"]}]) {
  """
  The id.
  """
  id: ID!
  friends("how many" first: Int = 10, after: String): [User!]! @deprecated(reason: "no")
  plain(a: Int, b: [String] = ["x"] @d): String
}
union U @u = A | B
enum E { A "b" B @deprecated }
input I { a: Int = 1 b: I }
directive @auth(rules: [AuthRule!]!) repeatable on OBJECT | FIELD_DEFINITION
extend schema @e
extend type User @x
extend enum E { C })";
  EXPECT_EQ(ExpectStableRoundTrip(kSource, DocumentKind::kSchema),
            R"("""
Root
  indented
"""
schema {
  query: Q
  mutation: M
}

"one line"
scalar Date

type User implements A & B @model @auth(rules: [{allow: owner}, {allow: groups, groups: ["ADMINS"]}]) {
  """The id."""
  id: ID!
  friends(
    "how many"
    first: Int = 10
    after: String
  ): [User!]! @deprecated(reason: "no")
  plain(a: Int, b: [String] = ["x"] @d): String
}

union U @u = A | B

enum E {
  A
  "b"
  B @deprecated
}

input I {
  a: Int = 1
  b: I
}

directive @auth(rules: [AuthRule!]!) repeatable on OBJECT | FIELD_DEFINITION

extend schema @e

extend type User @x

extend enum E {
  C
})");
}

TEST(GraphqlPrintTest, StringsAreEscaped) {
  EXPECT_EQ(PrintString("a\"b\\c\n\t\x01\x7F\xC3\xA9"), R"("a\"b\\c\n\t\u0001\u007F)"
                                                        "\xC3\xA9\"");
  EXPECT_EQ(PrintString("\xFF"), R"("\uFFFD")");
}

TEST(GraphqlPrintTest, BlockDescriptionsRoundTripExactly) {
  const std::vector<std::string> descriptions = {
      "simple",
      "  leading space",
      "two\nlines",
      "  indented first\nsecond",
      "ends with quote\"",
      "ends with backslash\\",
      "has \"\"\" triple and \"\"\"\" four",
      "line\n  \n  indented\nback",
      std::string(80, 'x'),
      "  " + std::string(80, 'y'),
      "\"\"\"",
  };
  for (const std::string& text : descriptions) {
    Document doc;
    TypeDefinition type;
    type.kind = TypeKind::kScalar;
    type.name = "S";
    type.description = Description{doc.Intern(text), /*block=*/true};
    FieldDefinition field;
    field.description = Description{doc.Intern(text), /*block=*/true};
    field.name = "f";
    field.type.name = "Int";
    TypeDefinition object;
    object.name = "O";
    object.description = type.description;
    object.fields.push_back(field);
    doc.definitions().push_back(Definition{std::move(type)});
    doc.definitions().push_back(Definition{std::move(object)});
    const std::string printed = Print(doc);
    ASSERT_OK_AND_ASSIGN(Document reparsed, ParseSchema(printed));
    const auto& scalar = std::get<TypeDefinition>(reparsed.definitions()[0].node);
    EXPECT_EQ(scalar.description->value, text) << printed;
    const auto& reparsed_object = std::get<TypeDefinition>(reparsed.definitions()[1].node);
    EXPECT_EQ(reparsed_object.fields[0].description->value, text) << printed;
    EXPECT_EQ(Print(reparsed), printed);
  }
}

TEST(GraphqlPrintTest, UnsafeBlockDescriptionsFallBackToStrings) {
  Document doc;
  TypeDefinition type;
  type.kind = TypeKind::kScalar;
  type.name = "S";
  type.description = Description{doc.Intern("  all\n  indented"), /*block=*/true};
  doc.definitions().push_back(Definition{std::move(type)});
  EXPECT_EQ(Print(doc), "\"  all\\n  indented\"\nscalar S");
}

TEST(GraphqlPrintTest, ValuesAndTypes) {
  Value list;
  list.kind = ValueKind::kList;
  Value variable;
  variable.kind = ValueKind::kVariable;
  variable.text = "v";
  list.list.push_back(variable);
  Value boolean;
  boolean.kind = ValueKind::kBoolean;
  boolean.text = "true";
  list.list.push_back(boolean);
  EXPECT_EQ(PrintValue(list), "[$v, true]");
  Type type;
  type.name = "Int";
  type.wrappers = {Type::Wrapper::kList, Type::Wrapper::kNonNull, Type::Wrapper::kList};
  EXPECT_EQ(PrintType(type), "[[Int]!]");
}

}  // namespace
}  // namespace gloss::graphql

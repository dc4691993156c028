// Schema building: merging, built-ins, lookups and the type-system
// validation rules with their messages.

#include "data/graphql/schema.h"

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "data/graphql/parser.h"
#include "data/graphql/print.h"
#include "data/graphql/validate_test_fixture.h"
#include "test/support/status_matchers.h"

namespace gloss::graphql {
namespace {

using testing::ReadTestdata;
using testing::SpecSchema;

Result<std::shared_ptr<const Schema>> BuildFrom(std::string sdl,
                                                const SchemaOptions& options = {}) {
  auto document = ParseSchema(std::move(sdl));
  if (!document.ok()) {
    return document.status();
  }
  return Schema::Build(std::move(document).value(), options);
}

// "OK" or the error message.
std::string ErrorOf(std::string sdl, const SchemaOptions& options = {}) {
  auto schema = BuildFrom(std::move(sdl), options);
  return schema.ok() ? "OK" : std::string(schema.status().message());
}

std::vector<std::string> Names(const std::vector<const TypeDefinition*>& types) {
  std::vector<std::string> names;
  for (const TypeDefinition* type : types) {
    names.emplace_back(type->name);
  }
  return names;
}

TEST(GraphqlSchemaTest, LooksUpTypesFieldsAndRoots) {
  const Schema& schema = SpecSchema();
  const TypeDefinition* dog = schema.FindType("Dog");
  ASSERT_NE(dog, nullptr);
  EXPECT_EQ(dog->kind, TypeKind::kObject);
  const FieldDefinition* bark = schema.FindField(*dog, "barkVolume");
  ASSERT_NE(bark, nullptr);
  EXPECT_EQ(PrintType(bark->type), "Int");
  EXPECT_EQ(schema.FindField(*dog, "meowVolume"), nullptr);
  EXPECT_EQ(schema.FindType("Nope"), nullptr);
  ASSERT_NE(schema.query_type(), nullptr);
  EXPECT_EQ(schema.query_type()->name, "Query");
  ASSERT_NE(schema.mutation_type(), nullptr);
  EXPECT_EQ(schema.mutation_type()->name, "Mutation");
  ASSERT_NE(schema.subscription_type(), nullptr);
  EXPECT_EQ(schema.subscription_type()->name, "Subscription");
  EXPECT_EQ(schema.RootType(OperationType::kMutation), schema.mutation_type());
  // `extend type Query` was merged.
  EXPECT_NE(schema.FindField(*schema.query_type(), "human"), nullptr);
  EXPECT_NE(schema.FindField(*schema.query_type(), "dog"), nullptr);
  EXPECT_FALSE(schema.query_type()->extension);
}

TEST(GraphqlSchemaTest, MetaFields) {
  const Schema& schema = SpecSchema();
  const TypeDefinition& dog = *schema.FindType("Dog");
  const TypeDefinition& cat_or_dog = *schema.FindType("CatOrDog");
  EXPECT_EQ(schema.FindField(dog, "__typename"), &schema.typename_field());
  EXPECT_EQ(schema.FindField(cat_or_dog, "__typename"), &schema.typename_field());
  EXPECT_EQ(PrintType(schema.typename_field().type), "String!");
  EXPECT_EQ(schema.FindField(*schema.query_type(), "__schema"), &schema.schema_field());
  EXPECT_EQ(schema.FindField(*schema.query_type(), "__type"), &schema.type_field());
  EXPECT_EQ(schema.FindField(dog, "__schema"), nullptr);
  EXPECT_EQ(schema.FindField(*schema.FindType("DogCommand"), "__typename"), nullptr);
  ASSERT_EQ(schema.type_field().arguments.size(), 1u);
  EXPECT_EQ(PrintType(schema.type_field().arguments[0].type), "String!");
}

TEST(GraphqlSchemaTest, BuiltinsAndIntrospectionTypes) {
  const Schema& schema = SpecSchema();
  for (const char* name : {"Int", "Float", "String", "Boolean", "ID"}) {
    const TypeDefinition* type = schema.FindType(name);
    ASSERT_NE(type, nullptr) << name;
    EXPECT_EQ(type->kind, TypeKind::kScalar);
    EXPECT_TRUE(IsBuiltinScalar(name));
  }
  EXPECT_FALSE(IsBuiltinScalar("JSON"));
  for (const char* name :
       {"__Schema", "__Type", "__Field", "__InputValue", "__EnumValue", "__Directive"}) {
    ASSERT_NE(schema.FindType(name), nullptr) << name;
    EXPECT_EQ(schema.FindType(name)->kind, TypeKind::kObject);
  }
  EXPECT_EQ(schema.FindType("__TypeKind")->kind, TypeKind::kEnum);
  EXPECT_NE(schema.FindEnumValue(*schema.FindType("__DirectiveLocation"), "FIELD"), nullptr);
  EXPECT_NE(schema.FindField(*schema.FindType("__Type"), "ofType"), nullptr);
  EXPECT_EQ(schema.FindType("__Meta"), nullptr);
  std::vector<std::string> directives;
  for (const DirectiveDefinition* directive : schema.directives()) {
    directives.emplace_back(directive->name);
  }
  EXPECT_EQ(directives, (std::vector<std::string>{"include", "skip", "deprecated", "specifiedBy",
                                                  "onField", "repeat"}));
  ASSERT_NE(schema.FindDirective("skip"), nullptr);
  EXPECT_TRUE(schema.FindDirective("repeat")->repeatable);
  EXPECT_EQ(schema.FindDirective("model"), nullptr);
  // User types first, in SDL order.
  EXPECT_EQ(schema.types().front()->name, "Query");
}

TEST(GraphqlSchemaTest, PossibleTypesAndSubtyping) {
  const Schema& schema = SpecSchema();
  const TypeDefinition& pet = *schema.FindType("Pet");
  const TypeDefinition& dog = *schema.FindType("Dog");
  const TypeDefinition& cat = *schema.FindType("Cat");
  const TypeDefinition& human = *schema.FindType("Human");
  EXPECT_EQ(Names(schema.PossibleTypes(pet)), (std::vector<std::string>{"Dog", "Cat"}));
  EXPECT_EQ(Names(schema.PossibleTypes(*schema.FindType("CatOrDog"))),
            (std::vector<std::string>{"Cat", "Dog"}));
  EXPECT_EQ(Names(schema.PossibleTypes(dog)), (std::vector<std::string>{"Dog"}));
  EXPECT_TRUE(schema.PossibleTypes(*schema.FindType("String")).empty());
  EXPECT_TRUE(schema.IsPossibleType(pet, cat));
  EXPECT_FALSE(schema.IsPossibleType(pet, human));
  EXPECT_TRUE(schema.IsSubType(pet, dog));
  EXPECT_FALSE(schema.IsSubType(pet, human));

  auto type = [](std::string_view name, std::vector<Type::Wrapper> wrappers) {
    return Type{name, std::move(wrappers), {}};
  };
  using W = Type::Wrapper;
  EXPECT_TRUE(schema.IsTypeSubTypeOf(type("Dog", {W::kNonNull}), type("Pet", {})));
  EXPECT_TRUE(schema.IsTypeSubTypeOf(type("Dog", {W::kList}), type("Pet", {W::kList})));
  EXPECT_FALSE(schema.IsTypeSubTypeOf(type("Dog", {}), type("Pet", {W::kNonNull})));
  EXPECT_FALSE(schema.IsTypeSubTypeOf(type("Dog", {W::kList}), type("Dog", {})));
  EXPECT_FALSE(schema.IsTypeSubTypeOf(type("Human", {}), type("Pet", {})));
  EXPECT_TRUE(schema.IsTypeSubTypeOf(type("Int", {W::kNonNull, W::kList, W::kNonNull}),
                                     type("Int", {W::kList})));

  EXPECT_TRUE(schema.IsInputType(type("FindDogInput", {W::kList})));
  EXPECT_TRUE(schema.IsInputType(type("DogCommand", {})));
  EXPECT_FALSE(schema.IsInputType(type("Dog", {})));
  EXPECT_TRUE(schema.IsOutputType(type("Dog", {})));
  EXPECT_FALSE(schema.IsOutputType(type("FindDogInput", {})));
  EXPECT_FALSE(schema.IsOutputType(type("Nope", {})));
}

TEST(GraphqlSchemaTest, InputFieldsAndEnumValues) {
  const Schema& schema = SpecSchema();
  const TypeDefinition& input = *schema.FindType("StrictInput");
  ASSERT_NE(schema.FindInputField(input, "age"), nullptr);
  EXPECT_TRUE(schema.FindInputField(input, "age")->default_value.has_value());
  EXPECT_EQ(schema.FindInputField(input, "nope"), nullptr);
  EXPECT_NE(schema.FindEnumValue(*schema.FindType("DogCommand"), "HEEL"), nullptr);
  EXPECT_EQ(schema.FindEnumValue(*schema.FindType("DogCommand"), "JUMP"), nullptr);
  const FieldDefinition& field = *schema.FindField(*schema.FindType("Dog"), "doesKnowCommand");
  EXPECT_NE(Schema::FindArgument(field, "dogCommand"), nullptr);
  EXPECT_EQ(Schema::FindArgument(field, "x"), nullptr);
}

TEST(GraphqlSchemaTest, ReferenceSchemaWithAmplifyDirectives) {
  const std::string sdl = ReadTestdata("reference-schema.graphql");
  SchemaOptions options;
  options.allow_unknown_directives = true;
  options.appsync_scalars = true;
  ASSERT_OK_AND_ASSIGN(auto schema, BuildFrom(sdl, options));
  EXPECT_EQ(schema->query_type(), nullptr);  // The transformer adds Query.
  ASSERT_NE(schema->mutation_type(), nullptr);
  EXPECT_NE(schema->FindField(*schema->mutation_type(), "generateAnnotation"), nullptr);
  const TypeDefinition* image = schema->FindType("Image");
  ASSERT_NE(image, nullptr);
  EXPECT_EQ(PrintType(schema->FindField(*image, "status")->type), "ImageStatus!");
  EXPECT_EQ(schema->FindType("AWSJSON")->kind, TypeKind::kScalar);

  // Without the options, Amplify's directives and AppSync's scalars are unknown.
  const std::string strict = ErrorOf(sdl);
  EXPECT_NE(strict.find("Unknown directive \"@model\"."), std::string::npos) << strict;
  EXPECT_NE(strict.find("Unknown type \"AWSDateTime\"."), std::string::npos) << strict;
}

TEST(GraphqlSchemaTest, SchemaDefinitionNamesRoots) {
  ASSERT_OK_AND_ASSIGN(auto schema, BuildFrom("schema { query: Q mutation: M } type Q { a: Int } "
                                              "type M { b: Int } type Query { c: Int }"));
  EXPECT_EQ(schema->query_type()->name, "Q");
  EXPECT_EQ(schema->mutation_type()->name, "M");
  EXPECT_EQ(schema->subscription_type(), nullptr);
  EXPECT_NE(schema->FindField(*schema->FindType("Q"), "__schema"), nullptr);
  EXPECT_EQ(schema->FindField(*schema->FindType("Query"), "__schema"), nullptr);
  EXPECT_EQ(ErrorOf("schema { query: Q }"), "1:10: Unknown type \"Q\".");
  EXPECT_EQ(ErrorOf("schema { query: Q } input Q { a: Int }"),
            "1:10: Query root type must be Object type, it cannot be Q.");
  EXPECT_EQ(ErrorOf("schema { query: Q query: Q } type Q { a: Int }"),
            "1:19: Type for query already defined in the schema. It cannot be redefined.");
}

TEST(GraphqlSchemaTest, UniqueNames) {
  EXPECT_EQ(ErrorOf("type A { a: Int }\ntype A { b: Int }"),
            "2:1: There can be only one type named \"A\".");
  EXPECT_EQ(ErrorOf("type A { a: Int a: String }"),
            "1:17: Field \"A.a\" can only be defined once.");
  EXPECT_EQ(ErrorOf("type A { a: Int } extend type A { a: Int }"),
            "1:35: Field \"A.a\" can only be defined once.");
  EXPECT_EQ(ErrorOf("type A { a(x: Int, x: Int): Int }"),
            "1:20: Argument \"A.a(x:)\" can only be defined once.");
  EXPECT_EQ(ErrorOf("enum E { X Y X }"), "1:14: Enum value \"E.X\" can only be defined once.");
  EXPECT_EQ(ErrorOf("input I { a: Int a: Int }"), "1:18: Field \"I.a\" can only be defined once.");
  EXPECT_EQ(ErrorOf("directive @d on FIELD directive @d on FIELD"),
            "1:23: There can be only one directive named \"@d\".");
  EXPECT_EQ(ErrorOf("directive @skip on FIELD"),
            "1:1: Directive \"@skip\" already exists in the schema. It cannot be redefined.");
  EXPECT_EQ(ErrorOf("type String { a: Int }"),
            "1:1: Type \"String\" already exists in the schema. It cannot also be defined in "
            "this type definition.");
  EXPECT_EQ(ErrorOf("scalar String type Query { a: String }"), "OK");
}

TEST(GraphqlSchemaTest, ReferencedTypesExistAndHaveTheRightKind) {
  EXPECT_EQ(ErrorOf("type A { a: Nope }"), "1:13: Unknown type \"Nope\".");
  EXPECT_EQ(ErrorOf("type A { a(x: [Nope!]): Int }"), "1:15: Unknown type \"Nope\".");
  EXPECT_EQ(ErrorOf("type A { a: I } input I { x: Int }"),
            "1:13: The type of A.a must be Output Type but got: I.");
  EXPECT_EQ(ErrorOf("type A { a(x: [A!]): Int }"),
            "1:15: The type of A.a(x:) must be Input Type but got: [A!].");
  EXPECT_EQ(ErrorOf("input I { x: A } type A { a: Int }"),
            "1:14: The type of I.x must be Input Type but got: A.");
  EXPECT_EQ(ErrorOf("directive @d(x: A) on FIELD type A { a: Int }"),
            "1:17: The type of @d(x:) must be Input Type but got: A.");
  EXPECT_EQ(ErrorOf("type A"), "1:1: Type A must define one or more fields.");
  EXPECT_EQ(ErrorOf("enum E"), "1:1: Enum type E must define one or more values.");
}

TEST(GraphqlSchemaTest, ReservedNames) {
  EXPECT_EQ(ErrorOf("type __A { a: Int }"),
            "1:1: Name \"__A\" must not begin with \"__\", which is reserved by GraphQL "
            "introspection.");
  EXPECT_EQ(ErrorOf("type A { __a: Int }"),
            "1:10: Name \"__a\" must not begin with \"__\", which is reserved by GraphQL "
            "introspection.");
  EXPECT_EQ(ErrorOf("type __Type { a: Int }"),
            "1:1: Type \"__Type\" already exists in the schema. It cannot also be defined in this "
            "type definition.\n"
            "1:1: Name \"__Type\" must not begin with \"__\", which is reserved by GraphQL "
            "introspection.");
}

TEST(GraphqlSchemaTest, InterfaceImplementations) {
  EXPECT_EQ(ErrorOf("interface I { a: I } type A implements I { a: A }"), "OK");  // Covariant.
  EXPECT_EQ(ErrorOf("interface I { a: [I] } type A implements I { a: [A!]! }"), "OK");
  EXPECT_EQ(ErrorOf("interface I { a: Int b: Int } type A implements I { a: Int }"),
            "1:31: Interface field I.b expected but A does not provide it.");
  EXPECT_EQ(ErrorOf("interface I { a: Int! } type A implements I { a: Int }"),
            "1:50: Interface field I.a expects type Int! but A.a is type Int.");
  EXPECT_EQ(ErrorOf("interface I { a(x: Int): Int } type A implements I { a: Int }"),
            "1:54: Interface field argument I.a(x:) expected but A.a does not provide it.");
  EXPECT_EQ(ErrorOf("interface I { a(x: Int): Int } type A implements I { a(x: Int!): Int }"),
            "1:59: Interface field argument I.a(x:) expects type Int but A.a(x:) is type Int!.");
  EXPECT_EQ(ErrorOf("interface I { a: Int } type A implements I { a(y: Int!): Int }"),
            "1:48: Object field A.a includes required argument y that is missing from the "
            "Interface field I.a.");
  EXPECT_EQ(ErrorOf("type B { b: Int } type A implements B { a: Int }"),
            "1:19: Type A must only implement Interface types, it cannot implement B.");
  EXPECT_EQ(ErrorOf("interface I implements I { a: Int }"),
            "1:1: Type I cannot implement itself because it would create a circular reference.");
  EXPECT_EQ(ErrorOf("interface I { a: Int } interface J implements I { a: Int } "
                    "type A implements J { a: Int }"),
            "1:60: Type A must implement I because it is implemented by J.");
  EXPECT_EQ(ErrorOf("type A implements Nope { a: Int }"), "1:1: Unknown type \"Nope\".");
}

TEST(GraphqlSchemaTest, Unions) {
  EXPECT_EQ(ErrorOf("type A { a: Int } type B { b: Int } union U = A | B"), "OK");
  EXPECT_EQ(ErrorOf("type A { a: Int } union U = A | String"),
            "1:19: Union type U can only include Object types, it cannot include String.");
  EXPECT_EQ(ErrorOf("type A { a: Int } union U = A | A"),
            "1:19: Union type U can only include type A once.");
  EXPECT_EQ(ErrorOf("union U"), "1:1: Union type U must define one or more member types.");
  EXPECT_EQ(ErrorOf("type A { a: Int } union U = A | Nope"), "1:19: Unknown type \"Nope\".");
}

TEST(GraphqlSchemaTest, NonNullInputCycles) {
  EXPECT_EQ(ErrorOf("input A { b: B } input B { a: A! }"), "OK");
  EXPECT_EQ(ErrorOf("input A { b: [B!]! } input B { a: A! }"), "OK");
  EXPECT_EQ(ErrorOf("input A { self: A! }"),
            "1:11: Cannot reference Input Object \"A\" within itself through a series of "
            "non-null fields: \"self\".");
  EXPECT_EQ(ErrorOf("input A { b: B! } input B { c: C! } input C { a: A! }"),
            "1:11: Cannot reference Input Object \"A\" within itself through a series of "
            "non-null fields: \"b.c.a\".");
}

TEST(GraphqlSchemaTest, DirectiveUses) {
  EXPECT_EQ(ErrorOf("type A @model { a: Int }"), "1:8: Unknown directive \"@model\".");
  SchemaOptions lenient;
  lenient.allow_unknown_directives = true;
  EXPECT_EQ(ErrorOf("type A @model { a: Int }", lenient), "OK");
  EXPECT_EQ(ErrorOf("type A @deprecated { a: Int }"),
            "1:8: Directive \"@deprecated\" may not be used on OBJECT.");
  EXPECT_EQ(ErrorOf("type A { a: Int @deprecated b: Int @deprecated(reason: \"x\") }"), "OK");
  EXPECT_EQ(ErrorOf("type A { a: Int @deprecated @deprecated }"),
            "1:29: The directive \"@deprecated\" can only be used once at this location.");
  EXPECT_EQ(ErrorOf("directive @d repeatable on OBJECT type A @d @d { a: Int }"), "OK");
  EXPECT_EQ(ErrorOf("directive @d on OBJECT type A @d { a: Int } extend type A @d"),
            "1:59: The directive \"@d\" can only be used once at this location.");
  EXPECT_EQ(ErrorOf("enum E { A @deprecated } input I { a: Int @deprecated }"), "OK");
}

TEST(GraphqlSchemaTest, DirectiveArgumentsAndDefaultValues) {
  EXPECT_EQ(ErrorOf("type A { a: Int @deprecated(reason: 1) }"),
            "1:37: String cannot represent a non string value: 1");
  EXPECT_EQ(ErrorOf("type A { a: Int @deprecated(reasn: \"x\") }"),
            "1:29: Unknown argument \"reasn\" on directive \"@deprecated\". Did you mean "
            "\"reason\"?");
  EXPECT_EQ(ErrorOf("scalar S @specifiedBy"),
            "1:10: Directive \"@specifiedBy\" argument \"url\" of type \"String!\" is required, "
            "but it was not provided.");
  EXPECT_EQ(ErrorOf("directive @d(x: Int, y: [E!] = [A]) on OBJECT enum E { A B }\n"
                    "type T @d(x: 1, x: 2) { a: Int }"),
            "2:17: There can be only one argument named \"x\".");
  EXPECT_EQ(ErrorOf("enum E { A } type T { a(e: E = B): Int }"),
            "1:32: Value \"B\" does not exist in \"E\" enum. Did you mean the enum value \"A\"?");
  EXPECT_EQ(ErrorOf("input I { a: Int = \"x\" b: [Int!] = [1, 2] }"),
            "1:20: Int cannot represent non-integer value: \"x\"");
  EXPECT_EQ(ErrorOf("input I { a: J = {y: 1} } input J { x: Int! y: Int }"),
            "1:18: Field \"J.x\" of required type \"Int!\" was not provided.");
}

TEST(GraphqlSchemaTest, Extensions) {
  EXPECT_EQ(ErrorOf("extend type A { a: Int }"),
            "1:1: Cannot extend type \"A\" because it is not defined.");
  EXPECT_EQ(ErrorOf("enum A { X } extend type A { a: Int }"),
            "1:14: Cannot extend non-object type \"A\".");
  ASSERT_OK_AND_ASSIGN(auto schema,
                       BuildFrom("extend enum E { Y } enum E { X } union U = A extend union U = B "
                                 "type A { a: Int } type B { b: Int } input I { a: Int } "
                                 "extend input I { b: Int }"));
  EXPECT_NE(schema->FindEnumValue(*schema->FindType("E"), "Y"), nullptr);
  EXPECT_EQ(Names(schema->PossibleTypes(*schema->FindType("U"))),
            (std::vector<std::string>{"A", "B"}));
  EXPECT_NE(schema->FindInputField(*schema->FindType("I"), "b"), nullptr);
}

TEST(GraphqlSchemaTest, ErrorListIsCappedAndSorted) {
  std::string sdl;
  for (int i = 0; i < 30; ++i) {
    sdl += "type T" + std::to_string(i) + " { a: Nope }\n";
  }
  const std::string message = ErrorOf(sdl);
  EXPECT_EQ(message.rfind("1:14: Unknown type \"Nope\".\n2:14: ", 0), 0u) << message;
  EXPECT_NE(message.find("\n(10 more problems)"), std::string::npos) << message;
  EXPECT_EQ(BuildFrom(sdl).status().code(), StatusCode::kInvalidArgument);
}

TEST(GraphqlSchemaTest, ExecutableDefinitionsInSdlAreRejected) {
  Document document;
  OperationDefinition operation;
  operation.loc = {1, 1};
  document.definitions().push_back({operation});
  auto schema = Schema::Build(std::move(document));
  ASSERT_FALSE(schema.ok());
  EXPECT_EQ(schema.status().message(),
            "1:1: The \"anonymous\" definition is not a type-system definition.");
}

}  // namespace
}  // namespace gloss::graphql

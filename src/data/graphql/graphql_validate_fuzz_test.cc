// libFuzzer target for validation: each input is parsed as an executable
// document and validated against a fixed schema (the spec's section 5
// example, as in testdata/validation-schema.graphql).
//
// Properties checked: no crash, sanitizer report, stack overflow or hang
// (fragment cycles, exponential fragment fan-out and deep nesting are all
// bounded); every error has a message; Validate agrees with ValidateDocument.
//
// Seeds: fuzz/corpus/graphql_validate/.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/assert.h"
#include "core/status.h"
#include "data/graphql/parser.h"
#include "data/graphql/schema.h"
#include "data/graphql/validate.h"

namespace {

constexpr std::string_view kSchema = R"(
type Query {
  dog: Dog
  findDog(searchBy: FindDogInput): Dog
}

extend type Query {
  human: Human
  pet: Pet
  catOrDog: CatOrDog
  dogOrHuman: DogOrHuman
  humanOrAlien: HumanOrAlien
  arguments: Arguments
  json(value: JSON): Boolean
  strict(input: StrictInput!): Boolean
}

type Mutation {
  renameDog(name: String!): Dog
}

type Subscription {
  newMessage: Message
  disallowedSecondRootField: Boolean
}

type Message {
  body: String
  sender: String
}

scalar JSON

enum DogCommand {
  SIT
  DOWN
  HEEL
}

type Dog implements Pet {
  name: String!
  nickname: String
  barkVolume: Int
  doesKnowCommand(dogCommand: DogCommand!): Boolean!
  isHouseTrained(atOtherHomes: Boolean): Boolean!
  owner: Human
}

interface Sentient {
  name: String!
}

interface Pet {
  name: String!
}

type Alien implements Sentient {
  name: String!
  homePlanet: String
}

type Human implements Sentient {
  name: String!
  pets: [Pet!]
}

enum CatCommand {
  JUMP
}

type Cat implements Pet {
  name: String!
  nickname: String
  doesKnowCommand(catCommand: CatCommand!): Boolean!
  meowVolume: Int
}

union CatOrDog = Cat | Dog
union DogOrHuman = Dog | Human
union HumanOrAlien = Human | Alien

input FindDogInput {
  name: String
  owner: String
}

input StrictInput {
  name: String!
  age: Int = 3
  tags: [String!]
}

type Arguments {
  multipleRequirements(x: Int!, y: Int!): Int!
  booleanArgField(booleanArg: Boolean): Boolean
  floatArgField(floatArg: Float): Float
  intArgField(intArg: Int): Int
  idArgField(idArg: ID): ID
  stringArgField(stringArg: String): String
  nonNullBooleanArgField(nonNullBooleanArg: Boolean!): Boolean!
  booleanListArgField(booleanListArg: [Boolean]!): [Boolean]
  optionalNonNullBooleanArgField(optionalBooleanArg: Boolean! = false): Boolean!
}

directive @onField on FIELD
directive @repeat repeatable on FIELD | QUERY
)";

const gloss::graphql::Schema& FuzzSchema() {
  // Built once and kept for the process lifetime (never destroyed).
  static const auto* schema = [] {
    auto sdl = gloss::graphql::ParseSchema(std::string(kSchema));
    GLOSS_CHECK(sdl.ok());
    auto built = gloss::graphql::Schema::Build(std::move(sdl).value());
    GLOSS_CHECK(built.ok());
    return new std::shared_ptr<const gloss::graphql::Schema>(std::move(built).value());
  }();
  return **schema;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto document = gloss::graphql::ParseExecutable(std::string(input));
  if (!document.ok()) {
    return 0;
  }
  const gloss::graphql::Schema& schema = FuzzSchema();
  gloss::graphql::ValidationOptions options;
  options.max_errors = 20;
  const auto errors = gloss::graphql::ValidateDocument(schema, *document, options);
  GLOSS_CHECK(errors.size() <= options.max_errors + 1);  // Plus the abort notice.
  for (const auto& error : errors) {
    GLOSS_CHECK(!error.message.empty());
  }
  const gloss::Status status = gloss::graphql::Validate(schema, *document, options);
  GLOSS_CHECK(status.ok() == errors.empty());
  GLOSS_CHECK(status.ok() || status.code() == gloss::StatusCode::kInvalidArgument);
  return 0;
}

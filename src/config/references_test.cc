#include "config/references.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace gloss::config {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

ResourceKeys Keys() { return ResourceKeys{{"images"}, {"evaluation", "a.b"}, {"process-image"}}; }

BackendSpec SpecWithResources() {
  BackendSpec spec;
  spec.region = "eu-west-2";
  spec.storage["images"].name = "images-bucket";
  spec.queues["evaluation"].name = "evaluation-queue";
  spec.functions["process-image"].name = "process-image-fn";
  return spec;
}

std::string Resolve(std::string_view text) {
  return ResolveTemplate(SpecWithResources(), Template{std::string(text), {}},
                         Endpoint{"http://127.0.0.1:4000"});
}

TEST(ReferencesTest, ParsesLiteralsAndReferences) {
  const ParsedTemplate parsed = ParseTemplate("x-${queues.evaluation.url}-y");
  ASSERT_THAT(parsed.problems, IsEmpty());
  ASSERT_THAT(parsed.pieces, SizeIs(3));
  EXPECT_EQ(std::get<std::string>(parsed.pieces[0]), "x-");
  const auto& reference = std::get<TemplateReference>(parsed.pieces[1]);
  EXPECT_EQ(reference.kind, ResourceKind::kQueues);
  EXPECT_EQ(reference.key, "evaluation");
  EXPECT_EQ(reference.attribute, "url");
  EXPECT_EQ(reference.offset, 2u);
  EXPECT_EQ(std::get<std::string>(parsed.pieces[2]), "-y");
}

TEST(ReferencesTest, KeyMayContainDots) {
  const ParsedTemplate parsed = ParseTemplate("${queues.a.b.name}");
  ASSERT_THAT(parsed.problems, IsEmpty());
  EXPECT_EQ(std::get<TemplateReference>(parsed.pieces[0]).key, "a.b");
}

TEST(ReferencesTest, DoubleDollarIsALiteralDollar) {
  EXPECT_EQ(Resolve("cost $$5 and $${storage.images.name}"), "cost $5 and ${storage.images.name}");
}

TEST(ReferencesTest, LoneDollarIsLiteral) { EXPECT_EQ(Resolve("a$b$"), "a$b$"); }

TEST(ReferencesTest, UnterminatedReferenceIsReportedAtItsDollar) {
  EXPECT_THAT(ParseTemplate("abc${queues.x.url").problems,
              ElementsAre(AllOf(Field(&TemplateProblem::offset, 3u),
                                Field(&TemplateProblem::message, HasSubstr("unterminated")))));
}

TEST(ReferencesTest, EmptyReferenceIsAnError) {
  EXPECT_THAT(ParseTemplate("${}").problems,
              ElementsAre(Field(&TemplateProblem::message, HasSubstr("empty reference"))));
}

TEST(ReferencesTest, ReferenceNeedsThreeParts) {
  for (const char* text :
       {"${queues}", "${queues.x}", "${.x.name}", "${queues..name}", "${queues.x.}"}) {
    EXPECT_THAT(ParseTemplate(text).problems,
                ElementsAre(Field(&TemplateProblem::message, HasSubstr("must have the form"))))
        << text;
  }
}

TEST(ReferencesTest, UnknownKindIsAnError) {
  EXPECT_THAT(
      ParseTemplate("${queue.x.url}").problems,
      ElementsAre(Field(&TemplateProblem::message, HasSubstr("unknown resource kind 'queue'"))));
}

TEST(ReferencesTest, UnknownAttributeIsAnError) {
  EXPECT_THAT(ParseTemplate("${storage.images.url}").problems,
              ElementsAre(Field(&TemplateProblem::message, HasSubstr("unknown attribute 'url'"))));
  EXPECT_THAT(ParseTemplate("${functions.f.url}").problems, SizeIs(1));
}

TEST(ReferencesTest, EveryProblemIsFoundInOrder) {
  const std::vector<TemplateProblem> problems =
      CheckTemplate("${nope.x.name} ${queues.missing.arn} ${queues.evaluation.arn}", Keys());
  ASSERT_THAT(problems, SizeIs(2));
  EXPECT_EQ(problems[0].offset, 0u);
  EXPECT_EQ(problems[1].offset, 15u);
  EXPECT_THAT(problems[1].message, HasSubstr("queues.missing, which is not defined"));
}

TEST(ReferencesTest, CheckAcceptsDeclaredKeys) {
  EXPECT_THAT(CheckTemplate("${storage.images.arn}/${functions.process-image.arn}", Keys()),
              IsEmpty());
}

TEST(ReferencesTest, ResolvesEveryAttribute) {
  EXPECT_EQ(Resolve("${storage.images.name}"), "images-bucket");
  EXPECT_EQ(Resolve("${storage.images.arn}"), "arn:aws:s3:::images-bucket");
  EXPECT_EQ(Resolve("${queues.evaluation.name}"), "evaluation-queue");
  EXPECT_EQ(Resolve("${queues.evaluation.arn}"),
            "arn:aws:sqs:eu-west-2:000000000000:evaluation-queue");
  EXPECT_EQ(Resolve("${queues.evaluation.url}"),
            "http://127.0.0.1:4000/000000000000/evaluation-queue");
  EXPECT_EQ(Resolve("${functions.process-image.name}"), "process-image-fn");
  EXPECT_EQ(Resolve("${functions.process-image.arn}"),
            "arn:aws:lambda:eu-west-2:000000000000:function:process-image-fn");
  EXPECT_EQ(Resolve("${storage.images.arn}/images/*"), "arn:aws:s3:::images-bucket/images/*");
}

TEST(ReferencesTest, HandBuiltSpecKeepsUnknownReferencesVerbatim) {
  EXPECT_EQ(Resolve("${queues.other.url}"), "${queues.other.url}");
}

TEST(ReferencesTest, QueueUrlIgnoresTrailingSlashOfBase) {
  EXPECT_EQ(QueueUrl(Endpoint{"http://h:1/"}, "q"), "http://h:1/000000000000/q");
}

}  // namespace
}  // namespace gloss::config

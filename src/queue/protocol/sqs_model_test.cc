#include "queue/protocol/sqs_model.h"

#include <set>
#include <string>

#include <gtest/gtest.h>

namespace gloss::queue::protocol {
namespace {

// Checks a shape and everything under it; `path` names it in failures.
void ExpectWellFormed(const Shape& shape, const std::string& path) {
  switch (shape.kind) {
    case ShapeKind::kList:
      ASSERT_NE(shape.element, nullptr) << path;
      ExpectWellFormed(*shape.element, path + "[]");
      return;
    case ShapeKind::kMap:
      ASSERT_NE(shape.element, nullptr) << path;
      EXPECT_FALSE(shape.key_name.empty()) << path;
      EXPECT_EQ(shape.value_name, "Value") << path;
      ExpectWellFormed(*shape.element, path + "{}");
      return;
    case ShapeKind::kStructure: {
      std::set<std::string_view> names;
      std::set<std::string_view> wire_names;
      for (const Member& member : shape.members) {
        EXPECT_TRUE(names.insert(member.name).second) << path << "." << member.name;
        EXPECT_TRUE(wire_names.insert(member.wire_name).second) << path << "." << member.name;
        ASSERT_NE(member.shape, nullptr) << path << "." << member.name;
        ExpectWellFormed(*member.shape, path + "." + std::string(member.name));
      }
      return;
    }
    default:
      EXPECT_TRUE(shape.members.empty()) << path;
      EXPECT_EQ(shape.element, nullptr) << path;
      return;
  }
}

TEST(SqsModelTest, OperationsAreSortedAndWellFormed) {
  std::string_view previous;
  for (const Operation& operation : AllOperations()) {
    EXPECT_LT(previous, operation.name);
    previous = operation.name;
    ASSERT_NE(operation.input, nullptr) << operation.name;
    EXPECT_EQ(operation.input->kind, ShapeKind::kStructure) << operation.name;
    ExpectWellFormed(*operation.input, std::string(operation.name));
    if (operation.output != nullptr) {
      EXPECT_EQ(operation.output->kind, ShapeKind::kStructure) << operation.name;
      ExpectWellFormed(*operation.output, std::string(operation.name) + "Result");
    }
    EXPECT_EQ(FindOperation(operation.name), &operation);
  }
}

TEST(SqsModelTest, HasEverySqsOperation) {
  EXPECT_EQ(AllOperations().size(), 23u);
  for (const char* name : {"AddPermission",
                           "CancelMessageMoveTask",
                           "ChangeMessageVisibility",
                           "ChangeMessageVisibilityBatch",
                           "CreateQueue",
                           "DeleteMessage",
                           "DeleteMessageBatch",
                           "DeleteQueue",
                           "GetQueueAttributes",
                           "GetQueueUrl",
                           "ListDeadLetterSourceQueues",
                           "ListMessageMoveTasks",
                           "ListQueueTags",
                           "ListQueues",
                           "PurgeQueue",
                           "ReceiveMessage",
                           "RemovePermission",
                           "SendMessage",
                           "SendMessageBatch",
                           "SetQueueAttributes",
                           "StartMessageMoveTask",
                           "TagQueue",
                           "UntagQueue"}) {
    EXPECT_NE(FindOperation(name), nullptr) << name;
  }
}

TEST(SqsModelTest, FindOperationIsExact) {
  EXPECT_EQ(FindOperation(""), nullptr);
  EXPECT_EQ(FindOperation("sendmessage"), nullptr);
  EXPECT_EQ(FindOperation("SendMessage "), nullptr);
  EXPECT_EQ(FindOperation("Zzz"), nullptr);
  EXPECT_EQ(FindOperation("AAA"), nullptr);
}

TEST(SqsModelTest, OperationsWithoutResultHaveNoOutput) {
  for (const char* name : {"DeleteMessage", "DeleteQueue", "PurgeQueue", "SetQueueAttributes",
                           "ChangeMessageVisibility", "TagQueue", "UntagQueue"}) {
    EXPECT_EQ(FindOperation(name)->output, nullptr) << name;
  }
}

}  // namespace
}  // namespace gloss::queue::protocol

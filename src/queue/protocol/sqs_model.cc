#include "queue/protocol/sqs_model.h"

#include <algorithm>
#include <array>

namespace gloss::queue::protocol {
namespace {

// Shapes are written bottom-up: every shape is defined before its first use.
// Member order is the order SQS writes the XML elements in.

constexpr Shape Structure(std::span<const Member> members) {
  return Shape{.kind = ShapeKind::kStructure, .members = members};
}
constexpr Shape List(const Shape* element) {
  return Shape{.kind = ShapeKind::kList, .element = element};
}
constexpr Shape Map(const Shape* value, std::string_view key_name) {
  return Shape{
      .kind = ShapeKind::kMap, .element = value, .key_name = key_name, .value_name = "Value"};
}

constexpr Shape kString{.kind = ShapeKind::kString};
constexpr Shape kInteger{.kind = ShapeKind::kInteger};
constexpr Shape kLong{.kind = ShapeKind::kLong};
constexpr Shape kBoolean{.kind = ShapeKind::kBoolean};
constexpr Shape kBlob{.kind = ShapeKind::kBlob};

constexpr Shape kStringList = List(&kString);
constexpr Shape kBlobList = List(&kBlob);
constexpr Shape kQueueAttributeMap = Map(&kString, "Name");
constexpr Shape kTagMap = Map(&kString, "Key");
constexpr Shape kMessageSystemAttributeMap = Map(&kString, "Name");

// MessageAttributeValue and MessageSystemAttributeValue have the same members.
constexpr Member kAttributeValueMembers[] = {
    {"StringValue", "StringValue", &kString},
    {"BinaryValue", "BinaryValue", &kBlob},
    {"StringListValues", "StringListValue", &kStringList},
    {"BinaryListValues", "BinaryListValue", &kBlobList},
    {"DataType", "DataType", &kString},
};
constexpr Shape kAttributeValue = Structure(kAttributeValueMembers);
constexpr Shape kAttributeValueMap = Map(&kAttributeValue, "Name");

constexpr Member kBatchResultErrorEntryMembers[] = {
    {"Id", "Id", &kString},
    {"SenderFault", "SenderFault", &kBoolean},
    {"Code", "Code", &kString},
    {"Message", "Message", &kString},
};
constexpr Shape kBatchResultErrorEntry = Structure(kBatchResultErrorEntryMembers);
constexpr Shape kBatchResultErrorEntryList = List(&kBatchResultErrorEntry);

constexpr Member kIdOnlyMembers[] = {{"Id", "Id", &kString}};
constexpr Shape kIdOnlyEntry = Structure(kIdOnlyMembers);
constexpr Shape kIdOnlyEntryList = List(&kIdOnlyEntry);

constexpr Member kQueueUrlMembers[] = {{"QueueUrl", "QueueUrl", &kString}};
constexpr Shape kQueueUrlOnly = Structure(kQueueUrlMembers);

// AddPermission / RemovePermission
constexpr Member kAddPermissionInput[] = {
    {"QueueUrl", "QueueUrl", &kString},
    {"Label", "Label", &kString},
    {"AWSAccountIds", "AWSAccountId", &kStringList},
    {"Actions", "ActionName", &kStringList},
};
constexpr Member kRemovePermissionInput[] = {
    {"QueueUrl", "QueueUrl", &kString},
    {"Label", "Label", &kString},
};

// CancelMessageMoveTask
constexpr Member kCancelMessageMoveTaskInput[] = {{"TaskHandle", "TaskHandle", &kString}};
constexpr Member kCancelMessageMoveTaskOutput[] = {
    {"ApproximateNumberOfMessagesMoved", "ApproximateNumberOfMessagesMoved", &kLong},
};

// ChangeMessageVisibility(Batch)
constexpr Member kChangeMessageVisibilityInput[] = {
    {"QueueUrl", "QueueUrl", &kString},
    {"ReceiptHandle", "ReceiptHandle", &kString},
    {"VisibilityTimeout", "VisibilityTimeout", &kInteger},
};
constexpr Member kChangeVisibilityEntryMembers[] = {
    {"Id", "Id", &kString},
    {"ReceiptHandle", "ReceiptHandle", &kString},
    {"VisibilityTimeout", "VisibilityTimeout", &kInteger},
};
constexpr Shape kChangeVisibilityEntry = Structure(kChangeVisibilityEntryMembers);
constexpr Shape kChangeVisibilityEntryList = List(&kChangeVisibilityEntry);
constexpr Member kChangeMessageVisibilityBatchInput[] = {
    {"QueueUrl", "QueueUrl", &kString},
    {"Entries", "ChangeMessageVisibilityBatchRequestEntry", &kChangeVisibilityEntryList},
};
constexpr Member kChangeMessageVisibilityBatchOutput[] = {
    {"Successful", "ChangeMessageVisibilityBatchResultEntry", &kIdOnlyEntryList},
    {"Failed", "BatchResultErrorEntry", &kBatchResultErrorEntryList},
};

// CreateQueue
constexpr Member kCreateQueueInput[] = {
    {"QueueName", "QueueName", &kString},
    {"Attributes", "Attribute", &kQueueAttributeMap},
    {"tags", "Tag", &kTagMap},  // Lower case in the JSON protocol, as in SQS's model.
};

// DeleteMessage(Batch)
constexpr Member kDeleteMessageInput[] = {
    {"QueueUrl", "QueueUrl", &kString},
    {"ReceiptHandle", "ReceiptHandle", &kString},
};
constexpr Member kDeleteEntryMembers[] = {
    {"Id", "Id", &kString},
    {"ReceiptHandle", "ReceiptHandle", &kString},
};
constexpr Shape kDeleteEntry = Structure(kDeleteEntryMembers);
constexpr Shape kDeleteEntryList = List(&kDeleteEntry);
constexpr Member kDeleteMessageBatchInput[] = {
    {"QueueUrl", "QueueUrl", &kString},
    {"Entries", "DeleteMessageBatchRequestEntry", &kDeleteEntryList},
};
constexpr Member kDeleteMessageBatchOutput[] = {
    {"Successful", "DeleteMessageBatchResultEntry", &kIdOnlyEntryList},
    {"Failed", "BatchResultErrorEntry", &kBatchResultErrorEntryList},
};

// GetQueueAttributes / SetQueueAttributes
constexpr Member kGetQueueAttributesInput[] = {
    {"QueueUrl", "QueueUrl", &kString},
    {"AttributeNames", "AttributeName", &kStringList},
};
constexpr Member kQueueAttributesMembers[] = {{"Attributes", "Attribute", &kQueueAttributeMap}};
constexpr Member kSetQueueAttributesInput[] = {
    {"QueueUrl", "QueueUrl", &kString},
    {"Attributes", "Attribute", &kQueueAttributeMap},
};

// GetQueueUrl
constexpr Member kGetQueueUrlInput[] = {
    {"QueueName", "QueueName", &kString},
    {"QueueOwnerAWSAccountId", "QueueOwnerAWSAccountId", &kString},
};

// ListDeadLetterSourceQueues / ListQueues
constexpr Member kListDeadLetterSourceQueuesInput[] = {
    {"QueueUrl", "QueueUrl", &kString},
    {"NextToken", "NextToken", &kString},
    {"MaxResults", "MaxResults", &kInteger},
};
constexpr Member kListDeadLetterSourceQueuesOutput[] = {
    {"queueUrls", "QueueUrl", &kStringList},  // Lower case in the JSON protocol, as in SQS's model.
    {"NextToken", "NextToken", &kString},
};
constexpr Member kListQueuesInput[] = {
    {"QueueNamePrefix", "QueueNamePrefix", &kString},
    {"NextToken", "NextToken", &kString},
    {"MaxResults", "MaxResults", &kInteger},
};
constexpr Member kListQueuesOutput[] = {
    {"QueueUrls", "QueueUrl", &kStringList},
    {"NextToken", "NextToken", &kString},
};

// ListMessageMoveTasks / StartMessageMoveTask
constexpr Member kListMessageMoveTasksInput[] = {
    {"SourceArn", "SourceArn", &kString},
    {"MaxResults", "MaxResults", &kInteger},
};
constexpr Member kMoveTaskMembers[] = {
    {"TaskHandle", "TaskHandle", &kString},
    {"Status", "Status", &kString},
    {"SourceArn", "SourceArn", &kString},
    {"DestinationArn", "DestinationArn", &kString},
    {"MaxNumberOfMessagesPerSecond", "MaxNumberOfMessagesPerSecond", &kInteger},
    {"ApproximateNumberOfMessagesMoved", "ApproximateNumberOfMessagesMoved", &kLong},
    {"ApproximateNumberOfMessagesToMove", "ApproximateNumberOfMessagesToMove", &kLong},
    {"FailureReason", "FailureReason", &kString},
    {"StartedTimestamp", "StartedTimestamp", &kLong},
};
constexpr Shape kMoveTask = Structure(kMoveTaskMembers);
constexpr Shape kMoveTaskList = List(&kMoveTask);
constexpr Member kListMessageMoveTasksOutput[] = {
    {"Results", "ListMessageMoveTasksResultEntry", &kMoveTaskList},
};
constexpr Member kStartMessageMoveTaskInput[] = {
    {"SourceArn", "SourceArn", &kString},
    {"DestinationArn", "DestinationArn", &kString},
    {"MaxNumberOfMessagesPerSecond", "MaxNumberOfMessagesPerSecond", &kInteger},
};
constexpr Member kStartMessageMoveTaskOutput[] = {{"TaskHandle", "TaskHandle", &kString}};

// ListQueueTags / TagQueue / UntagQueue
constexpr Member kListQueueTagsOutput[] = {{"Tags", "Tag", &kTagMap}};
constexpr Member kTagQueueInput[] = {
    {"QueueUrl", "QueueUrl", &kString},
    {"Tags", "Tag", &kTagMap},
};
constexpr Member kUntagQueueInput[] = {
    {"QueueUrl", "QueueUrl", &kString},
    {"TagKeys", "TagKey", &kStringList},
};

// ReceiveMessage. SQS's model gives MessageSystemAttributeNames the query
// name "AttributeName" too; on the query wire it is MessageSystemAttributeName
// here so that both lists can be told apart.
constexpr Member kReceiveMessageInput[] = {
    {"QueueUrl", "QueueUrl", &kString},
    {"AttributeNames", "AttributeName", &kStringList},
    {"MessageSystemAttributeNames", "MessageSystemAttributeName", &kStringList},
    {"MessageAttributeNames", "MessageAttributeName", &kStringList},
    {"MaxNumberOfMessages", "MaxNumberOfMessages", &kInteger},
    {"VisibilityTimeout", "VisibilityTimeout", &kInteger},
    {"WaitTimeSeconds", "WaitTimeSeconds", &kInteger},
    {"ReceiveRequestAttemptId", "ReceiveRequestAttemptId", &kString},
};
constexpr Member kMessageMembers[] = {
    {"MessageId", "MessageId", &kString},
    {"ReceiptHandle", "ReceiptHandle", &kString},
    {"MD5OfBody", "MD5OfBody", &kString},
    {"Body", "Body", &kString},
    {"Attributes", "Attribute", &kMessageSystemAttributeMap},
    {"MD5OfMessageAttributes", "MD5OfMessageAttributes", &kString},
    {"MessageAttributes", "MessageAttribute", &kAttributeValueMap},
};
constexpr Shape kMessage = Structure(kMessageMembers);
constexpr Shape kMessageList = List(&kMessage);
constexpr Member kReceiveMessageOutput[] = {{"Messages", "Message", &kMessageList}};

// SendMessage(Batch)
constexpr Member kSendMessageInput[] = {
    {"QueueUrl", "QueueUrl", &kString},
    {"MessageBody", "MessageBody", &kString},
    {"DelaySeconds", "DelaySeconds", &kInteger},
    {"MessageAttributes", "MessageAttribute", &kAttributeValueMap},
    {"MessageSystemAttributes", "MessageSystemAttribute", &kAttributeValueMap},
    {"MessageDeduplicationId", "MessageDeduplicationId", &kString},
    {"MessageGroupId", "MessageGroupId", &kString},
};
constexpr Member kSendMessageOutput[] = {
    {"MD5OfMessageBody", "MD5OfMessageBody", &kString},
    {"MD5OfMessageAttributes", "MD5OfMessageAttributes", &kString},
    {"MD5OfMessageSystemAttributes", "MD5OfMessageSystemAttributes", &kString},
    {"MessageId", "MessageId", &kString},
    {"SequenceNumber", "SequenceNumber", &kString},
};
constexpr Member kSendEntryMembers[] = {
    {"Id", "Id", &kString},
    {"MessageBody", "MessageBody", &kString},
    {"DelaySeconds", "DelaySeconds", &kInteger},
    {"MessageAttributes", "MessageAttribute", &kAttributeValueMap},
    {"MessageSystemAttributes", "MessageSystemAttribute", &kAttributeValueMap},
    {"MessageDeduplicationId", "MessageDeduplicationId", &kString},
    {"MessageGroupId", "MessageGroupId", &kString},
};
constexpr Shape kSendEntry = Structure(kSendEntryMembers);
constexpr Shape kSendEntryList = List(&kSendEntry);
constexpr Member kSendMessageBatchInput[] = {
    {"QueueUrl", "QueueUrl", &kString},
    {"Entries", "SendMessageBatchRequestEntry", &kSendEntryList},
};
constexpr Member kSendResultEntryMembers[] = {
    {"Id", "Id", &kString},
    {"MessageId", "MessageId", &kString},
    {"MD5OfMessageBody", "MD5OfMessageBody", &kString},
    {"MD5OfMessageAttributes", "MD5OfMessageAttributes", &kString},
    {"MD5OfMessageSystemAttributes", "MD5OfMessageSystemAttributes", &kString},
    {"SequenceNumber", "SequenceNumber", &kString},
};
constexpr Shape kSendResultEntry = Structure(kSendResultEntryMembers);
constexpr Shape kSendResultEntryList = List(&kSendResultEntry);
constexpr Member kSendMessageBatchOutput[] = {
    {"Successful", "SendMessageBatchResultEntry", &kSendResultEntryList},
    {"Failed", "BatchResultErrorEntry", &kBatchResultErrorEntryList},
};

constexpr Shape kAddPermission = Structure(kAddPermissionInput);
constexpr Shape kCancelMessageMoveTask = Structure(kCancelMessageMoveTaskInput);
constexpr Shape kCancelMessageMoveTaskResult = Structure(kCancelMessageMoveTaskOutput);
constexpr Shape kChangeMessageVisibility = Structure(kChangeMessageVisibilityInput);
constexpr Shape kChangeMessageVisibilityBatch = Structure(kChangeMessageVisibilityBatchInput);
constexpr Shape kChangeMessageVisibilityBatchResult =
    Structure(kChangeMessageVisibilityBatchOutput);
constexpr Shape kCreateQueue = Structure(kCreateQueueInput);
constexpr Shape kDeleteMessage = Structure(kDeleteMessageInput);
constexpr Shape kDeleteMessageBatch = Structure(kDeleteMessageBatchInput);
constexpr Shape kDeleteMessageBatchResult = Structure(kDeleteMessageBatchOutput);
constexpr Shape kGetQueueAttributes = Structure(kGetQueueAttributesInput);
constexpr Shape kQueueAttributes = Structure(kQueueAttributesMembers);
constexpr Shape kGetQueueUrl = Structure(kGetQueueUrlInput);
constexpr Shape kListDeadLetterSourceQueues = Structure(kListDeadLetterSourceQueuesInput);
constexpr Shape kListDeadLetterSourceQueuesResult = Structure(kListDeadLetterSourceQueuesOutput);
constexpr Shape kListMessageMoveTasks = Structure(kListMessageMoveTasksInput);
constexpr Shape kListMessageMoveTasksResult = Structure(kListMessageMoveTasksOutput);
constexpr Shape kListQueues = Structure(kListQueuesInput);
constexpr Shape kListQueuesResult = Structure(kListQueuesOutput);
constexpr Shape kListQueueTagsResult = Structure(kListQueueTagsOutput);
constexpr Shape kReceiveMessage = Structure(kReceiveMessageInput);
constexpr Shape kReceiveMessageResult = Structure(kReceiveMessageOutput);
constexpr Shape kRemovePermission = Structure(kRemovePermissionInput);
constexpr Shape kSendMessage = Structure(kSendMessageInput);
constexpr Shape kSendMessageResult = Structure(kSendMessageOutput);
constexpr Shape kSendMessageBatch = Structure(kSendMessageBatchInput);
constexpr Shape kSendMessageBatchResult = Structure(kSendMessageBatchOutput);
constexpr Shape kSetQueueAttributes = Structure(kSetQueueAttributesInput);
constexpr Shape kStartMessageMoveTask = Structure(kStartMessageMoveTaskInput);
constexpr Shape kStartMessageMoveTaskResult = Structure(kStartMessageMoveTaskOutput);
constexpr Shape kTagQueue = Structure(kTagQueueInput);
constexpr Shape kUntagQueue = Structure(kUntagQueueInput);

constexpr std::array kOperations = {
    Operation{"AddPermission", &kAddPermission, nullptr},
    Operation{"CancelMessageMoveTask", &kCancelMessageMoveTask, &kCancelMessageMoveTaskResult},
    Operation{"ChangeMessageVisibility", &kChangeMessageVisibility, nullptr},
    Operation{"ChangeMessageVisibilityBatch", &kChangeMessageVisibilityBatch,
              &kChangeMessageVisibilityBatchResult},
    Operation{"CreateQueue", &kCreateQueue, &kQueueUrlOnly},
    Operation{"DeleteMessage", &kDeleteMessage, nullptr},
    Operation{"DeleteMessageBatch", &kDeleteMessageBatch, &kDeleteMessageBatchResult},
    Operation{"DeleteQueue", &kQueueUrlOnly, nullptr},
    Operation{"GetQueueAttributes", &kGetQueueAttributes, &kQueueAttributes},
    Operation{"GetQueueUrl", &kGetQueueUrl, &kQueueUrlOnly},
    Operation{"ListDeadLetterSourceQueues", &kListDeadLetterSourceQueues,
              &kListDeadLetterSourceQueuesResult},
    Operation{"ListMessageMoveTasks", &kListMessageMoveTasks, &kListMessageMoveTasksResult},
    Operation{"ListQueueTags", &kQueueUrlOnly, &kListQueueTagsResult},
    Operation{"ListQueues", &kListQueues, &kListQueuesResult},
    Operation{"PurgeQueue", &kQueueUrlOnly, nullptr},
    Operation{"ReceiveMessage", &kReceiveMessage, &kReceiveMessageResult},
    Operation{"RemovePermission", &kRemovePermission, nullptr},
    Operation{"SendMessage", &kSendMessage, &kSendMessageResult},
    Operation{"SendMessageBatch", &kSendMessageBatch, &kSendMessageBatchResult},
    Operation{"SetQueueAttributes", &kSetQueueAttributes, nullptr},
    Operation{"StartMessageMoveTask", &kStartMessageMoveTask, &kStartMessageMoveTaskResult},
    Operation{"TagQueue", &kTagQueue, nullptr},
    Operation{"UntagQueue", &kUntagQueue, nullptr},
};

}  // namespace

std::span<const Operation> AllOperations() { return kOperations; }

const Operation* FindOperation(std::string_view name) {
  const auto found = std::lower_bound(
      kOperations.begin(), kOperations.end(), name,
      [](const Operation& operation, std::string_view key) { return operation.name < key; });
  if (found == kOperations.end() || found->name != name) {
    return nullptr;
  }
  return &*found;
}

}  // namespace gloss::queue::protocol

#include "queue/protocol/sqs_errors.h"

#include <set>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "test/support/status_matchers.h"

namespace gloss::queue::protocol {
namespace {

using ::gloss::testing::StatusIs;

TEST(SqsErrorsTest, TableRowsAreInEnumeratorOrderWithUniqueNames) {
  std::set<std::string_view> names;
  for (size_t idx = 0; idx < AllSqsErrors().size(); ++idx) {
    const SqsErrorInfo& info = AllSqsErrors()[idx];
    EXPECT_EQ(static_cast<size_t>(info.code), idx) << info.name;
    EXPECT_TRUE(names.insert(info.name).second) << info.name;
    EXPECT_FALSE(info.default_message.empty()) << info.name;
    EXPECT_EQ(FindSqsErrorCode(info.name), info.code) << info.name;
    EXPECT_EQ(FindSqsErrorCode(info.query_code), info.code) << info.query_code;
    EXPECT_EQ(info.fault == SqsFault::kReceiver, info.http_status >= 500) << info.name;
  }
  EXPECT_EQ(AllSqsErrors().size(), static_cast<size_t>(SqsErrorCode::kUnsupportedOperation) + 1);
}

// Query codes and statuses as SQS's service model gives them.
TEST(SqsErrorsTest, WireSpellingsMatchSqs) {
  struct Row {
    SqsErrorCode code;
    std::string_view name;
    std::string_view query_code;
    unsigned http_status;
  };
  const std::vector<Row> expected = {
      {SqsErrorCode::kAccessDenied, "AccessDenied", "AccessDenied", 403},
      {SqsErrorCode::kBatchEntryIdsNotDistinct, "BatchEntryIdsNotDistinct",
       "AWS.SimpleQueueService.BatchEntryIdsNotDistinct", 400},
      {SqsErrorCode::kBatchRequestTooLong, "BatchRequestTooLong",
       "AWS.SimpleQueueService.BatchRequestTooLong", 400},
      {SqsErrorCode::kEmptyBatchRequest, "EmptyBatchRequest",
       "AWS.SimpleQueueService.EmptyBatchRequest", 400},
      {SqsErrorCode::kIncompleteSignature, "IncompleteSignature", "IncompleteSignature", 400},
      {SqsErrorCode::kInternalError, "InternalError", "InternalError", 500},
      {SqsErrorCode::kInvalidAction, "InvalidAction", "InvalidAction", 400},
      {SqsErrorCode::kInvalidAddress, "InvalidAddress", "InvalidAddress", 404},
      {SqsErrorCode::kInvalidAttributeName, "InvalidAttributeName", "InvalidAttributeName", 400},
      {SqsErrorCode::kInvalidAttributeValue, "InvalidAttributeValue", "InvalidAttributeValue", 400},
      {SqsErrorCode::kInvalidBatchEntryId, "InvalidBatchEntryId",
       "AWS.SimpleQueueService.InvalidBatchEntryId", 400},
      {SqsErrorCode::kInvalidClientTokenId, "InvalidClientTokenId", "InvalidClientTokenId", 403},
      {SqsErrorCode::kInvalidMessageContents, "InvalidMessageContents", "InvalidMessageContents",
       400},
      {SqsErrorCode::kInvalidParameterValue, "InvalidParameterValue", "InvalidParameterValue", 400},
      {SqsErrorCode::kInvalidSecurity, "InvalidSecurity", "InvalidSecurity", 403},
      {SqsErrorCode::kMessageNotInflight, "MessageNotInflight",
       "AWS.SimpleQueueService.MessageNotInflight", 400},
      {SqsErrorCode::kMissingAuthenticationToken, "MissingAuthenticationToken",
       "MissingAuthenticationToken", 403},
      {SqsErrorCode::kMissingParameter, "MissingParameter", "MissingParameter", 400},
      {SqsErrorCode::kOverLimit, "OverLimit", "OverLimit", 403},
      {SqsErrorCode::kPurgeQueueInProgress, "PurgeQueueInProgress",
       "AWS.SimpleQueueService.PurgeQueueInProgress", 403},
      {SqsErrorCode::kQueueDeletedRecently, "QueueDeletedRecently",
       "AWS.SimpleQueueService.QueueDeletedRecently", 400},
      {SqsErrorCode::kQueueDoesNotExist, "QueueDoesNotExist",
       "AWS.SimpleQueueService.NonExistentQueue", 400},
      {SqsErrorCode::kQueueNameExists, "QueueNameExists", "QueueAlreadyExists", 400},
      {SqsErrorCode::kReceiptHandleIsInvalid, "ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid",
       404},
      {SqsErrorCode::kRequestExpired, "RequestExpired", "RequestExpired", 400},
      {SqsErrorCode::kRequestThrottled, "RequestThrottled", "RequestThrottled", 403},
      {SqsErrorCode::kResourceNotFoundException, "ResourceNotFoundException",
       "ResourceNotFoundException", 404},
      {SqsErrorCode::kServiceUnavailable, "ServiceUnavailable", "ServiceUnavailable", 503},
      {SqsErrorCode::kSignatureDoesNotMatch, "SignatureDoesNotMatch", "SignatureDoesNotMatch", 403},
      {SqsErrorCode::kTooManyEntriesInBatchRequest, "TooManyEntriesInBatchRequest",
       "AWS.SimpleQueueService.TooManyEntriesInBatchRequest", 400},
      {SqsErrorCode::kUnsupportedOperation, "UnsupportedOperation",
       "AWS.SimpleQueueService.UnsupportedOperation", 400},
  };
  ASSERT_EQ(expected.size(), AllSqsErrors().size());
  for (const Row& row : expected) {
    const SqsErrorInfo& info = GetSqsErrorInfo(row.code);
    EXPECT_EQ(info.name, row.name);
    EXPECT_EQ(info.query_code, row.query_code) << row.name;
    EXPECT_EQ(info.http_status, row.http_status) << row.name;
  }
}

// Every code survives the trip Status -> SqsErrorOf with its own wire values.
TEST(SqsErrorsTest, EveryCodeRoundTripsThroughAStatus) {
  for (const SqsErrorInfo& info : AllSqsErrors()) {
    const Status status = SqsErrorStatus(info.code, "details");
    EXPECT_THAT(status, StatusIs(info.status_code)) << info.name;
    EXPECT_EQ(SqsErrorCodeOf(status), info.code) << info.name;
    const SqsError error = SqsErrorOf(status);
    EXPECT_EQ(error.code, info.code);
    EXPECT_EQ(error.name, info.name);
    EXPECT_EQ(error.query_code, info.query_code);
    EXPECT_EQ(error.http_status, info.http_status);
    EXPECT_EQ(error.fault, info.fault);
    EXPECT_EQ(error.message, info.http_status >= 500 ? info.default_message : "details")
        << info.name;
  }
}

TEST(SqsErrorsTest, StatusCarriesTheCodeAsMessagePrefix) {
  const Status status = SqsErrorStatus(SqsErrorCode::kQueueDoesNotExist, "queue 'q1'");
  EXPECT_THAT(status, StatusIs(StatusCode::kNotFound));
  EXPECT_EQ(status.message(), "QueueDoesNotExist: queue 'q1'");
  EXPECT_EQ(SqsErrorStatus(SqsErrorCode::kMissingParameter).message(),
            "MissingParameter: A required parameter for the specified action is not supplied.");
}

TEST(SqsErrorsTest, EmptyMessageBecomesTheDefault) {
  const SqsError error = SqsErrorOf(Status::InvalidArgument("QueueDoesNotExist: "));
  EXPECT_EQ(error.code, SqsErrorCode::kQueueDoesNotExist);
  EXPECT_EQ(error.message, "The specified queue does not exist.");
}

TEST(SqsErrorsTest, QueryCodePrefixesAreUnderstood) {
  EXPECT_EQ(SqsErrorCodeOf(Status::InvalidArgument("AWS.SimpleQueueService.NonExistentQueue: x")),
            SqsErrorCode::kQueueDoesNotExist);
  EXPECT_EQ(SqsErrorCodeOf(Status::InvalidArgument("QueueAlreadyExists: x")),
            SqsErrorCode::kQueueNameExists);
}

// The prefixes aws/sigv4.cc and aws/sigv4_presign.cc put on their errors.
TEST(SqsErrorsTest, SigV4CodesBecomeSqsCodes) {
  const std::vector<std::pair<Status, SqsErrorCode>> cases = {
      {Status::Unauthenticated("InvalidAccessKeyId: the access key id 'x' does not exist"),
       SqsErrorCode::kInvalidClientTokenId},
      {Status::PermissionDenied("SignatureDoesNotMatch: the request signature we calculated"),
       SqsErrorCode::kSignatureDoesNotMatch},
      {Status::InvalidArgument("IncompleteSignature: request is missing the x-amz-date header"),
       SqsErrorCode::kIncompleteSignature},
      {Status::InvalidArgument("AuthorizationHeaderMalformed: bad credential"),
       SqsErrorCode::kIncompleteSignature},
      {Status::InvalidArgument("AuthorizationQueryParametersError: bad"),
       SqsErrorCode::kIncompleteSignature},
      {Status::Unauthenticated("MissingAuthenticationToken: request is missing the header"),
       SqsErrorCode::kMissingAuthenticationToken},
      {Status::PermissionDenied("RequestTimeTooSkewed: the difference is too large"),
       SqsErrorCode::kRequestExpired},
      {Status::PermissionDenied("InvalidToken: the security token is missing or invalid"),
       SqsErrorCode::kInvalidClientTokenId},
      {Status::PermissionDenied("AccessDenied: Request has expired"), SqsErrorCode::kAccessDenied},
      {Status::InvalidArgument("InvalidArgument: only one auth mechanism allowed"),
       SqsErrorCode::kInvalidParameterValue},
  };
  for (const auto& [status, code] : cases) {
    EXPECT_EQ(SqsErrorOf(status).code, code) << status.ToString();
  }
  const SqsError error = SqsErrorOf(cases[0].first);
  EXPECT_EQ(error.http_status, 403u);
  EXPECT_EQ(error.message, "the access key id 'x' does not exist");
}

TEST(SqsErrorsTest, UnprefixedStatusesMapByStatusCode) {
  const std::vector<std::pair<Status, SqsErrorCode>> cases = {
      {Status::InvalidArgument("bad"), SqsErrorCode::kInvalidParameterValue},
      {Status::PayloadTooLarge("request body exceeds 1048576 bytes"),
       SqsErrorCode::kInvalidParameterValue},
      {Status::Unauthenticated("who"), SqsErrorCode::kAccessDenied},
      {Status::PermissionDenied("no"), SqsErrorCode::kAccessDenied},
      {Status::ResourceExhausted("slow down"), SqsErrorCode::kRequestThrottled},
      {Status::Unimplemented("later"), SqsErrorCode::kUnsupportedOperation},
      {Status::Unavailable("database is locked"), SqsErrorCode::kServiceUnavailable},
      {Status::DeadlineExceeded("slow client"), SqsErrorCode::kServiceUnavailable},
      {Status::NotFound("row 7"), SqsErrorCode::kInternalError},
      {Status::Corruption("bad page"), SqsErrorCode::kInternalError},
      {Status::Internal("oops"), SqsErrorCode::kInternalError},
      {Status::InvalidArgument("commit: NotACode: x"), SqsErrorCode::kInvalidParameterValue},
  };
  for (const auto& [status, code] : cases) {
    EXPECT_EQ(SqsErrorOf(status).code, code) << status.ToString();
    EXPECT_EQ(SqsErrorCodeOf(status), std::nullopt) << status.ToString();
  }
  EXPECT_EQ(SqsErrorOf(Status::InvalidArgument("bad")).message, "bad");
}

TEST(SqsErrorsTest, ServerErrorsNeverLeakInternalMessages) {
  const SqsError internal = SqsErrorOf(Status::Internal("sqlite: /var/lib/gloss/queue.db locked"));
  EXPECT_EQ(internal.http_status, 500u);
  EXPECT_EQ(internal.fault, SqsFault::kReceiver);
  EXPECT_EQ(internal.message, "We encountered an internal error. Please try again.");
  const SqsError unavailable = SqsErrorOf(Status::Unavailable("ServiceUnavailable: disk I/O"));
  EXPECT_EQ(unavailable.http_status, 503u);
  EXPECT_EQ(unavailable.message,
            "The request has failed due to a temporary failure of the server.");
}

TEST(SqsErrorsTest, OkStatusIsAnInternalError) {
  EXPECT_EQ(SqsErrorOf(Status::Ok()).code, SqsErrorCode::kInternalError);
  EXPECT_EQ(SqsErrorCodeOf(Status::Ok()), std::nullopt);
}

}  // namespace
}  // namespace gloss::queue::protocol

#include "queue/receipt_handle.h"

#include <gtest/gtest.h>

#include "queue/protocol/sqs_errors.h"
#include "test/support/status_matchers.h"

namespace gloss::queue {
namespace {

using protocol::SqsErrorCode;
using protocol::SqsErrorCodeOf;

TEST(ReceiptHandleTest, RoundTrips) {
  const ReceiptHandle handle{"jobs.fifo", 42, 3};
  ASSERT_OK_AND_ASSIGN(ReceiptHandle decoded,
                       DecodeReceiptHandle(EncodeReceiptHandle(handle), "jobs.fifo"));
  EXPECT_EQ(decoded, handle);
}

TEST(ReceiptHandleTest, RejectsAnythingElse) {
  const std::string valid = EncodeReceiptHandle({"jobs", 1, 1});
  for (const std::string& text : {std::string(), std::string("zz"), valid.substr(1), valid + "00",
                                  std::string(2000, 'a'), EncodeReceiptHandle({"other", 1, 1})}) {
    EXPECT_EQ(SqsErrorCodeOf(DecodeReceiptHandle(text, "jobs").status()),
              SqsErrorCode::kReceiptHandleIsInvalid)
        << text;
  }
}

}  // namespace
}  // namespace gloss::queue

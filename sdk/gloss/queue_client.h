// QueueClient speaks SQS's AWS JSON 1.0 protocol (what current AWS SDKs
// send): `POST /` with `X-Amz-Target: AmazonSQS.<Operation>`,
// `Content-Type: application/x-amz-json-1.0`, a JSON body naming the queue by
// QueueUrl, SigV4 service "sqs". Like the AWS SDKs it checks the MD5 of each
// message body it sends or receives (InvalidChecksum on a mismatch).
//
// Errors: SQS's names (QueueDoesNotExist, ReceiptHandleIsInvalid,
// AccessDenied, ...) and the client codes of outcome.h.
//
// Thread safety: not thread-safe; one client per thread.

#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gloss/client_config.h"
#include "gloss/outcome.h"

namespace gloss {
namespace sdk {
class AwsTransport;
}  // namespace sdk

struct SendMessageOptions {
  std::optional<int> delay_seconds{};
  std::map<std::string, std::string> string_attributes{};  // DataType "String".
  std::string message_group_id{};                          // FIFO queues only.
  std::string message_deduplication_id{};                  // FIFO queues only.
};

struct SendMessageResult {
  std::string message_id{};
  std::string md5_of_message_body;
  std::string sequence_number{};  // FIFO queues only.
};

struct ReceiveMessageOptions {
  int max_number_of_messages = 1;           // 1..10.
  std::optional<int> wait_time_seconds{};   // Long poll; the request timeout grows by it.
  std::optional<int> visibility_timeout{};  // Seconds; the queue's default when unset.
};

struct QueueMessage {
  std::string message_id{};
  std::string receipt_handle{};
  std::string body{};
  std::string md5_of_body;
  // System attributes (ApproximateReceiveCount, SentTimestamp, ...).
  std::map<std::string, std::string> attributes{};
  // String and Number message attributes by name (binary ones are skipped).
  std::map<std::string, std::string> message_attributes{};
};

class QueueClient {
 public:
  // Errors: ConfigurationError when config.endpoint is unusable. Requests go
  // to the endpoint whatever host a queue URL names, as the AWS SDKs do.
  static Outcome<QueueClient> Create(const ClientConfig& config);
  // Create(ConfigFromEnvironment("SQS")).
  static Outcome<QueueClient> FromEnvironment();

  QueueClient(QueueClient&&) noexcept;
  QueueClient& operator=(QueueClient&&) noexcept;
  ~QueueClient();

  Outcome<SendMessageResult> SendMessage(std::string_view queue_url, std::string_view body,
                                         const SendMessageOptions& options = {});

  // Up to max_number_of_messages messages; an empty vector when none is visible.
  Outcome<std::vector<QueueMessage>> ReceiveMessage(std::string_view queue_url,
                                                    const ReceiveMessageOptions& options = {});

  Outcome<void> DeleteMessage(std::string_view queue_url, std::string_view receipt_handle);

 private:
  explicit QueueClient(std::unique_ptr<sdk::AwsTransport> transport);

  std::unique_ptr<sdk::AwsTransport> transport_;  // Never null.
};

}  // namespace gloss

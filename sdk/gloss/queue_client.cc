#include "gloss/queue_client.h"

#include <array>
#include <chrono>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>
#include <openssl/evp.h>

#include "core/hex.h"
#include "gloss/internal/aws_errors.h"
#include "gloss/internal/aws_transport.h"

namespace gloss {
namespace {

using nlohmann::json;

std::string Md5Hex(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_md5(), nullptr);
  return HexEncode(std::string_view(reinterpret_cast<const char*>(digest.data()), length));
}

std::string StringOf(const json& object, const char* name) {
  const auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// POSTs `input` to AmazonSQS.<operation>; returns the response JSON object.
Outcome<json> Call(sdk::AwsTransport& transport, std::string_view operation, const json& input,
                   int extra_timeout_seconds) {
  Result<sdk::HttpResponse> response =
      transport.Send({.method = "POST",
                      .path = "/",
                      .headers = {{"content-type", "application/x-amz-json-1.0"},
                                  {"x-amz-target", "AmazonSQS." + std::string(operation)},
                                  {"x-amzn-query-mode", "true"}},
                      .body = input.dump(-1, ' ', false, json::error_handler_t::replace),
                      .extra_timeout = std::chrono::seconds(extra_timeout_seconds)});
  if (!response.ok()) {
    return sdk::TransportError(response.status());
  }
  if (response->status < 200 || response->status >= 300) {
    return sdk::JsonError(*response);
  }
  json body = json::parse(response->body, nullptr, false);
  if (response->body.empty()) {
    body = json::object();
  }
  if (!body.is_object()) {
    return AwsError{.http_status = response->status,
                    .code = "InvalidResponse",
                    .message = std::string(operation) + ": response is not a JSON object"};
  }
  return body;
}

AwsError ChecksumError(std::string_view what) {
  return AwsError{.code = "InvalidChecksum", .message = std::string(what)};
}

}  // namespace

Outcome<QueueClient> QueueClient::Create(const ClientConfig& config) {
  Result<std::unique_ptr<sdk::AwsTransport>> transport =
      sdk::AwsTransport::Create(config, {.service = "sqs"});
  if (!transport.ok()) {
    return sdk::ConfigurationError(transport.status().message());
  }
  return QueueClient(std::move(transport).value());
}

Outcome<QueueClient> QueueClient::FromEnvironment() { return Create(ConfigFromEnvironment("SQS")); }

QueueClient::QueueClient(std::unique_ptr<sdk::AwsTransport> transport)
    : transport_(std::move(transport)) {}
QueueClient::QueueClient(QueueClient&&) noexcept = default;
QueueClient& QueueClient::operator=(QueueClient&&) noexcept = default;
QueueClient::~QueueClient() = default;

Outcome<SendMessageResult> QueueClient::SendMessage(std::string_view queue_url,
                                                    std::string_view body,
                                                    const SendMessageOptions& options) {
  json input = {{"QueueUrl", queue_url}, {"MessageBody", body}};
  if (options.delay_seconds) {
    input["DelaySeconds"] = *options.delay_seconds;
  }
  if (!options.string_attributes.empty()) {
    json attributes = json::object();
    for (const auto& [name, value] : options.string_attributes) {
      attributes[name] = {{"DataType", "String"}, {"StringValue", value}};
    }
    input["MessageAttributes"] = std::move(attributes);
  }
  if (!options.message_group_id.empty()) {
    input["MessageGroupId"] = options.message_group_id;
  }
  if (!options.message_deduplication_id.empty()) {
    input["MessageDeduplicationId"] = options.message_deduplication_id;
  }
  Outcome<json> output = Call(*transport_, "SendMessage", input, 0);
  if (!output.ok()) {
    return output.error();
  }
  SendMessageResult result{.message_id = StringOf(*output, "MessageId"),
                           .md5_of_message_body = StringOf(*output, "MD5OfMessageBody"),
                           .sequence_number = StringOf(*output, "SequenceNumber")};
  if (result.md5_of_message_body != Md5Hex(body)) {
    return ChecksumError("MD5OfMessageBody does not match the message sent");
  }
  return result;
}

Outcome<std::vector<QueueMessage>> QueueClient::ReceiveMessage(
    std::string_view queue_url, const ReceiveMessageOptions& options) {
  json input = {{"QueueUrl", queue_url},
                {"MaxNumberOfMessages", options.max_number_of_messages},
                {"MessageSystemAttributeNames", {"All"}},
                {"MessageAttributeNames", {"All"}}};
  if (options.wait_time_seconds) {
    input["WaitTimeSeconds"] = *options.wait_time_seconds;
  }
  if (options.visibility_timeout) {
    input["VisibilityTimeout"] = *options.visibility_timeout;
  }
  Outcome<json> output =
      Call(*transport_, "ReceiveMessage", input, options.wait_time_seconds.value_or(0));
  if (!output.ok()) {
    return output.error();
  }
  std::vector<QueueMessage> messages;
  const auto list = output->find("Messages");
  if (list == output->end() || !list->is_array()) {
    return messages;
  }
  for (const json& item : *list) {
    if (!item.is_object()) {
      continue;
    }
    QueueMessage message{.message_id = StringOf(item, "MessageId"),
                         .receipt_handle = StringOf(item, "ReceiptHandle"),
                         .body = StringOf(item, "Body"),
                         .md5_of_body = StringOf(item, "MD5OfBody")};
    if (message.md5_of_body != Md5Hex(message.body)) {
      return ChecksumError("MD5OfBody does not match message " + message.message_id);
    }
    if (const auto attributes = item.find("Attributes");
        attributes != item.end() && attributes->is_object()) {
      for (const auto& [name, value] : attributes->items()) {
        if (value.is_string()) {
          message.attributes[name] = value.get<std::string>();
        }
      }
    }
    if (const auto attributes = item.find("MessageAttributes");
        attributes != item.end() && attributes->is_object()) {
      for (const auto& [name, value] : attributes->items()) {
        if (value.is_object()) {
          if (std::string text = StringOf(value, "StringValue"); value.contains("StringValue")) {
            message.message_attributes[name] = std::move(text);
          }
        }
      }
    }
    messages.push_back(std::move(message));
  }
  return messages;
}

Outcome<void> QueueClient::DeleteMessage(std::string_view queue_url,
                                         std::string_view receipt_handle) {
  Outcome<json> output = Call(*transport_, "DeleteMessage",
                              {{"QueueUrl", queue_url}, {"ReceiptHandle", receipt_handle}}, 0);
  if (!output.ok()) {
    return output.error();
  }
  return {};
}

}  // namespace gloss

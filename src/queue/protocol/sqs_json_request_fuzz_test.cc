// Fuzzes the JSON protocol. The input is the X-Amz-Target header up to the
// first newline, then the body. Decoding must yield an SqsCall or a Status;
// message attributes found in the input (SendMessage, SendMessageBatch
// entries) must parse or fail cleanly, and parsed attributes must survive
// MessageAttributesToJson -> ParseMessageAttributes unchanged.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/assert.h"
#include "queue/protocol/json_codec.h"
#include "queue/protocol/message_attributes.h"
#include "queue/protocol/message_md5.h"

namespace {

namespace protocol = gloss::queue::protocol;

void CheckAttributes(const nlohmann::json& message) {
  const auto found = message.find("MessageAttributes");
  if (found == message.end()) {
    return;
  }
  gloss::Result<gloss::queue::MessageAttributes> attributes =
      protocol::ParseMessageAttributes(*found);
  if (!attributes.ok()) {
    (void)protocol::EncodeJsonError(attributes.status(), "fuzz");
    return;
  }
  (void)protocol::Md5OfMessageAttributes(*attributes);
  (void)protocol::MessageAttributesSize(*attributes);
  const nlohmann::json json = protocol::MessageAttributesToJson(*attributes);
  gloss::Result<gloss::queue::MessageAttributes> again = protocol::ParseMessageAttributes(json);
  GLOSS_CHECK(again.ok());
  GLOSS_CHECK(*again == *attributes);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t newline = input.find('\n');
  const std::string_view target = input.substr(0, newline);
  const std::string_view body =
      newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);
  gloss::Result<protocol::SqsCall> call = protocol::DecodeJsonRequest(target, body);
  if (!call.ok()) {
    (void)protocol::EncodeJsonError(call.status(), "fuzz");
    return 0;
  }
  (void)protocol::EncodeJsonResponse(call->input);
  CheckAttributes(call->input);
  if (const auto entries = call->input.find("Entries");
      entries != call->input.end() && entries->is_array()) {
    for (const nlohmann::json& entry : *entries) {
      if (entry.is_object()) {
        CheckAttributes(entry);
      }
      if (const auto body_member = entry.find("MessageBody");
          entry.is_object() && body_member != entry.end() && body_member->is_string()) {
        (void)protocol::IsValidMessageBody(body_member->get_ref<const std::string&>());
      }
    }
  }
  return 0;
}

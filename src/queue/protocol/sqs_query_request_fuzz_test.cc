// Fuzzes the query protocol: any form must decode to an SqsCall or a Status;
// a decoded call must be a valid JSON protocol request too, and its input
// must encode as the XML result of every operation; the Status must encode
// as an XML error.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/assert.h"
#include "queue/protocol/json_codec.h"
#include "queue/protocol/query_codec.h"
#include "queue/protocol/sqs_model.h"

namespace {

namespace protocol = gloss::queue::protocol;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view form(reinterpret_cast<const char*>(data), size);
  gloss::Result<protocol::SqsCall> call = protocol::DecodeQueryRequest(form);
  if (!call.ok()) {
    (void)protocol::EncodeQueryError(call.status(), "fuzz");
    return 0;
  }
  GLOSS_CHECK(call->input.is_object());  // The decoder always builds an object.
  // Strings are UTF-8 (checked by the decoder), so the input dumps and the
  // JSON codec accepts it unchanged.
  const std::string json = call->input.dump();
  gloss::Result<protocol::SqsCall> as_json =
      protocol::DecodeJsonRequest("AmazonSQS." + call->operation, json);
  GLOSS_CHECK(as_json.ok());
  GLOSS_CHECK(as_json->input == call->input);
  (void)protocol::EncodeQueryResponse(call->operation, call->input, "fuzz");
  for (const protocol::Operation& operation : protocol::AllOperations()) {
    (void)protocol::EncodeQueryResponse(operation.name, call->input, "fuzz");
  }
  return 0;
}

// Receipt handles: what a receive hands out and DeleteMessage and
// ChangeMessageVisibility take back. A handle names the queue, the message's
// row and the receive it came from (the receive count), so a handle from an
// earlier receive is told apart from the current one. It is opaque to
// clients and not a secret: who may use it is decided by the caller's rights
// on the queue.
//
// Thread safety: pure functions.

#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace gloss::queue {

struct ReceiptHandle {
  std::string queue;
  int64_t row = 0;
  int64_t receive_count = 0;

  friend bool operator==(const ReceiptHandle&, const ReceiptHandle&) = default;
};

std::string EncodeReceiptHandle(const ReceiptHandle& handle);

// Errors: ReceiptHandleIsInvalid (protocol/sqs_errors.h) for anything that
// EncodeReceiptHandle did not make, or that names another queue than
// `queue`.
Result<ReceiptHandle> DecodeReceiptHandle(std::string_view text, std::string_view queue);

}  // namespace gloss::queue

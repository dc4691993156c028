// Result<T> holds either a value of type T or a non-OK Status. It is the
// return type of every fallible function that produces a value.
//
//   Result<Bucket> bucket = store.GetBucket(name);
//   if (!bucket.ok()) {
//     return bucket.status();
//   }
//   Use(*bucket);
//
// Thread safety: like the T it holds.

#pragma once

#include <type_traits>
#include <utility>
#include <variant>

#include "core/assert.h"
#include "core/status.h"

namespace gloss {

template <typename T>
class [[nodiscard]] Result {
  static_assert(!std::is_same_v<T, Status>, "use Status for operations without a value");

 public:
  Result(T value) : rep_(std::move(value)) {}        // NOLINT(google-explicit-constructor)
  Result(Status status) : rep_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    GLOSS_CHECK(!std::get<Status>(rep_).ok());       // An OK Status carries no value.
  }

  bool ok() const { return std::holds_alternative<T>(rep_); }
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(rep_); }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  T& value() & {
    GLOSS_CHECK(ok());  // Callers must test ok() first.
    return std::get<T>(rep_);
  }
  const T& value() const& {
    GLOSS_CHECK(ok());  // Callers must test ok() first.
    return std::get<T>(rep_);
  }
  T&& value() && { return std::move(value()); }

 private:
  std::variant<T, Status> rep_;
};

// Returns from the enclosing function if `expr` yields a non-OK Status.
#define RETURN_IF_ERROR(expr)                                          \
  do {                                                                 \
    if (::gloss::Status gloss_status_ = (expr); !gloss_status_.ok()) { \
      return gloss_status_;                                            \
    }                                                                  \
  } while (false)

#define GLOSS_CONCAT_INNER_(a, b) a##b
#define GLOSS_CONCAT_(a, b) GLOSS_CONCAT_INNER_(a, b)

// `ASSIGN_OR_RETURN(auto bucket, store.GetBucket(name));`
#define ASSIGN_OR_RETURN(lhs, expr) \
  GLOSS_ASSIGN_OR_RETURN_IMPL_(GLOSS_CONCAT_(gloss_result_, __LINE__), lhs, expr)
#define GLOSS_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) {                                   \
    return tmp.status();                             \
  }                                                  \
  lhs = std::move(tmp).value()

}  // namespace gloss

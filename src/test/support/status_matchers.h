// GoogleTest helpers for Status and Result<T>:
//   ASSERT_OK(expr), EXPECT_OK(expr), ASSERT_OK_AND_ASSIGN(lhs, expr),
//   EXPECT_THAT(status, StatusIs(StatusCode::kNotFound)).
//
// Thread safety: test-only, single-threaded use.

#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/result.h"
#include "core/status.h"

namespace gloss::testing {

inline const Status& GetStatus(const Status& status) { return status; }
template <typename T>
Status GetStatus(const Result<T>& result) {
  return result.status();
}

MATCHER_P(StatusIs, code, "has status code " + std::string(::gloss::StatusCodeName(code))) {
  const Status status = ::gloss::testing::GetStatus(arg);
  *result_listener << "whose status is " << status.ToString();
  return status.code() == code;
}

}  // namespace gloss::testing

#define EXPECT_OK(expr) EXPECT_EQ(::gloss::testing::GetStatus(expr).ToString(), "OK")
#define ASSERT_OK(expr) ASSERT_EQ(::gloss::testing::GetStatus(expr).ToString(), "OK")

#define ASSERT_OK_AND_ASSIGN(lhs, expr) \
  GLOSS_ASSERT_OK_AND_ASSIGN_IMPL_(GLOSS_CONCAT_(gloss_test_result_, __LINE__), lhs, expr)
#define GLOSS_ASSERT_OK_AND_ASSIGN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                     \
  ASSERT_OK(tmp);                                        \
  lhs = std::move(tmp).value()

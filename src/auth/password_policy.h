// Cognito's password policy check (SignUp, AdminCreateUser temporary
// passwords, ChangePassword, ConfirmForgotPassword, AdminSetUserPassword).
//
// Rules, in the order they are checked:
//   1. Cognito's request pattern for a password, ^[\S]+.*[\S]+$ with length
//      1..256: no leading or trailing whitespace, no line breaks, at most 256
//      characters. Violations are InvalidParameterException in Cognito.
//   2. The pool's PasswordPolicy (core/backend_spec.h): minimum length in
//      characters, then lowercase (a-z), uppercase (A-Z), numeric (0-9) and
//      symbol characters. Violations are InvalidPasswordException with
//      Cognito's message "Password did not conform with policy: ...".
// Symbols are Cognito's set ^ $ * . [ ] { } ( ) ? " ! @ # % & / \ , > < ' : ; | _ ~ ` = + -
// plus the (non-leading, non-trailing) space.
//
// Thread safety: pure functions.

#pragma once

#include <cstddef>
#include <string_view>

#include "core/backend_spec.h"
#include "core/status.h"

namespace gloss::auth {

inline constexpr size_t kMaxPasswordLength = 256;

// OK, or InvalidArgument whose message is Cognito's text (see above).
Status CheckPassword(std::string_view password, const PasswordPolicy& policy);

// True if `status` came from CheckPassword rule 2, i.e. the protocol layer
// should report InvalidPasswordException rather than InvalidParameterException.
bool IsPasswordPolicyViolation(const Status& status);

}  // namespace gloss::auth
